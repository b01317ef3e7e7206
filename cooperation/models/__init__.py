"""Models of the cooperation app, one module per sub-domain."""

from .activities import (
    Activity,
    ActivitySector,
    ActivityTag,
    Budget,
    ExchangeRate,
    ImportJob,
    ImportStatus,
    Modality,
    ParticipatingOrg,
    RecipientCountry,
    RecipientRegion,
    Source,
    Transaction,
)
from .good_practices import GoodPractice, GoodPracticeEvent, PracticeStatus
from .profiles import CountryProfile
from .workplan import (
    ActionStep,
    ActionStepChange,
    DesiredOutcome,
    StepStatus,
    WorkplanArea,
)

__all__ = [
    "Activity",
    "ActivitySector",
    "ActivityTag",
    "Budget",
    "CountryProfile",
    "ExchangeRate",
    "GoodPractice",
    "GoodPracticeEvent",
    "ImportJob",
    "ImportStatus",
    "Modality",
    "ParticipatingOrg",
    "PracticeStatus",
    "RecipientCountry",
    "RecipientRegion",
    "Source",
    "Transaction",
    "ActionStep",
    "ActionStepChange",
    "DesiredOutcome",
    "StepStatus",
    "WorkplanArea",
]

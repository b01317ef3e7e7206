"""Models of the cooperation app, one module per sub-domain."""

from .cooperanet import (
    Connection,
    FocalPointInvitation,
    Match,
    MatchNotice,
    Modality,
    Posting,
    PostingAttachment,
    PostingEvent,
    PostingKind,
    PostingState,
    WorkingLanguage,
)
from .workplan import (
    ActionStep,
    ActionStepChange,
    DesiredOutcome,
    StepStatus,
    WorkplanArea,
)

__all__ = [
    "ActionStep",
    "ActionStepChange",
    "Connection",
    "DesiredOutcome",
    "FocalPointInvitation",
    "Match",
    "MatchNotice",
    "Modality",
    "Posting",
    "PostingAttachment",
    "PostingEvent",
    "PostingKind",
    "PostingState",
    "StepStatus",
    "WorkingLanguage",
    "WorkplanArea",
]

"""Models of the cooperation app, one module per sub-domain."""

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
    "DesiredOutcome",
    "StepStatus",
    "WorkplanArea",
]

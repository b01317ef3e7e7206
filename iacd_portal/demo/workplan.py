"""Follow-up of the imported work plan: some steps in progress or done, with
due dates and notes, through ``update_action_step`` (so each change is
recorded with its author)."""

from datetime import timedelta

from cooperation.models import ActionStep, StepStatus
from cooperation.services.workplan import update_action_step

from . import SeedContext

UNITS = [
    "IACD Executive Secretariat",
    "Department of Human Development",
    "Department of Economic Development",
    "Cooperation Partnerships Section",
]
NOTES = {
    StepStatus.IN_PROGRESS: "Terms of reference drafted; consultations with "
    "focal points under way.",
    StepStatus.DONE: "Presented to the Management Board, which took note.",
    StepStatus.BLOCKED: "Waiting for the budget line of the next biennium.",
}


def seed(context: SeedContext) -> None:
    rng = context.rng
    steps = list(ActionStep.objects.order_by("area__number", "position")[:12])
    statuses = (
        [StepStatus.IN_PROGRESS] * 7 + [StepStatus.DONE] * 3 + [StepStatus.BLOCKED] * 2
    )
    for step, status in zip(steps, statuses, strict=False):
        change = update_action_step(
            actor=context.staff,
            step=step,
            status=status,
            responsible_unit=rng.choice(UNITS),
            due_date=context.today + timedelta(days=rng.randrange(-30, 240)),
            progress_notes=NOTES[status],
        )
        if change is not None:
            context.count("work plan steps followed up")

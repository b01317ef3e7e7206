"""Changes of state of the work plan. Views, the API, the admin and tasks call
these functions; none of them writes a work plan row directly."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.access import access_for

from ..models import ActionStep, ActionStepChange

logger = logging.getLogger(__name__)

FOLLOW_UP_FIELDS = ("status", "responsible_unit", "due_date", "progress_notes")


def may_follow_up_workplan(user) -> bool:
    """Only IACD staff (and administrators) keep the work plan's follow-up."""
    return access_for(user).is_staff_member


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def update_action_step(*, actor, step: ActionStep, **values) -> ActionStepChange | None:
    """Set the follow-up fields of ``step`` and record who changed what.

    ``values`` holds any of status, responsible_unit, due_date and
    progress_notes. Returns the recorded change, or None when nothing changed.
    """
    if not may_follow_up_workplan(actor):
        raise PermissionDenied("Only IACD staff may change the work plan.")
    unknown = set(values) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise ValueError(f"Not follow-up fields: {', '.join(sorted(unknown))}")

    # Lock the row so that two staff members saving at once both get recorded
    # against the value the other one left.
    step = ActionStep.objects.select_for_update().get(pk=step.pk)
    changes = {}
    for field, new_value in values.items():
        old_value = getattr(step, field)
        if _as_text(old_value) != _as_text(new_value):
            changes[field] = [_as_text(old_value), _as_text(new_value)]
            setattr(step, field, new_value)
    if not changes:
        return None

    step.updated_at = timezone.now()
    step.save(update_fields=[*changes, "updated_at"])
    change = ActionStepChange.objects.create(
        step=step, changed_by=actor, changes=changes
    )
    logger.info(
        "Work plan step changed",
        extra={"step_id": step.pk, "user_id": actor.pk, "fields": sorted(changes)},
    )
    return change

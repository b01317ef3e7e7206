"""Changing when reminders fire."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.access import access_for

from ..models import ReminderRule
from ..reminders.base import REMINDERS

logger = logging.getLogger(__name__)

RULE_FIELDS = ("enabled", "offsets", "threshold_days", "catch_up_days")


@transaction.atomic
def update_reminder_rule(*, actor, kind: str, **values) -> ReminderRule:
    """Set the offsets and thresholds of reminder ``kind`` (IACD staff)."""
    if not access_for(actor).is_staff_member:
        raise PermissionDenied
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"Not reminder rule fields: {', '.join(sorted(unknown))}")
    reminder = REMINDERS[kind]
    rule = ReminderRule.objects.select_for_update().filter(
        kind=kind
    ).first() or ReminderRule(
        kind=kind,
        offsets=list(reminder.default_offsets),
        threshold_days=reminder.default_threshold_days,
        catch_up_days=reminder.default_catch_up_days,
    )
    for field, value in values.items():
        setattr(rule, field, value)
    rule.full_clean()
    rule.save()
    logger.info(
        "Reminder rule changed",
        extra={"kind": kind, "user_id": actor.pk, "fields": sorted(values)},
    )
    return rule

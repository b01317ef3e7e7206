"""The reminder engine.

A reminder kind is a small class that reads stored due dates and yields
``Due(recipient, record, due_date)``; the engine decides, from the kind's
``ReminderRule`` (offsets in days that staff edit), which reminders fall
due today and creates each one once through ``notify``. The key names the
kind, record, due date and offset, so running a kind twice a day, or after
the worker was down for a week, creates each reminder once.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    """One recipient to remind about one record due on ``due_date``."""

    recipient: Any
    record: Any
    due_date: date
    context: dict | None = None


@dataclass(frozen=True)
class Rule:
    """The settings of a kind in effect for one run."""

    enabled: bool
    offsets: tuple[int, ...]
    threshold_days: int | None
    catch_up_days: int


class ReminderKind:
    """Base of the declared reminder kinds. Subclasses set ``name``,
    ``notification_kind`` and the defaults, and implement ``due_items``."""

    name: ClassVar[str]
    notification_kind: ClassVar[str]
    default_offsets: ClassVar[tuple[int, ...]] = (0,)
    default_threshold_days: ClassVar[int | None] = None
    default_catch_up_days: ClassVar[int] = 14
    # How many days ahead of today ``due_items`` must look: the largest
    # "before" offset.
    description: ClassVar[str] = ""

    def due_items(self, today: date, rule: Rule) -> Iterable[Due]:
        raise NotImplementedError

    def context(self, due: Due) -> dict:
        """Placeholders of the notification text; override per kind."""
        return {}


REMINDERS: dict[str, ReminderKind] = {}


def register(cls: type[ReminderKind]) -> type[ReminderKind]:
    """Class decorator declaring a reminder kind."""
    REMINDERS[cls.name] = cls()
    return cls


def rule_for(kind: ReminderKind) -> Rule:
    from ..models import ReminderRule

    stored = ReminderRule.objects.filter(kind=kind.name).first()
    if stored is None:
        return Rule(
            enabled=True,
            offsets=tuple(kind.default_offsets),
            threshold_days=kind.default_threshold_days,
            catch_up_days=kind.default_catch_up_days,
        )
    return Rule(
        enabled=stored.enabled,
        offsets=tuple(sorted(stored.offsets)),
        threshold_days=stored.threshold_days,
        catch_up_days=stored.catch_up_days,
    )


def latest_passed_offset(due_date: date, today: date, rule: Rule) -> int | None:
    """The latest offset whose day has come, if it is within the catch-up
    window; None when no reminder is due for ``due_date`` today.

    Only the latest one: after an outage the recipient gets one reminder
    saying where things stand, not every one they missed.
    """
    passed = [o for o in rule.offsets if due_date + timedelta(days=o) <= today]
    if not passed:
        return None
    offset = max(passed)
    if (today - (due_date + timedelta(days=offset))).days > rule.catch_up_days:
        return None
    return offset


def run_reminder_kind(name: str, today: date | None = None) -> int:
    """Create the reminders of kind ``name`` due ``today``; returns how many
    were created now (those created by an earlier run are not counted)."""
    from ..services.notify import notify

    kind = REMINDERS[name]
    today = today or timezone.localdate()
    rule = rule_for(kind)
    if not rule.enabled:
        return 0

    created = 0
    for due in kind.due_items(today, rule):
        offset = latest_passed_offset(due.due_date, today, rule)
        if offset is None:
            continue
        content_type = ContentType.objects.get_for_model(due.record)
        key = (
            f"reminder:{kind.name}:{content_type.pk}:{due.record.pk}:"
            f"{due.due_date.isoformat()}:{offset}"
        )
        context = {"due_date": due.due_date.isoformat(), "offset": offset}
        context.update(kind.context(due))
        # One transaction per reminder: a failure on one record does not
        # roll back the others, and each e-mail is queued on its commit.
        with transaction.atomic():
            _, was_created = notify(
                due.recipient,
                kind.notification_kind,
                key=key,
                about=due.record,
                context=context,
            )
        created += was_created
    logger.info("Reminder kind run", extra={"kind": name, "created_count": created})
    return created

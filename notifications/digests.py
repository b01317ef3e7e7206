"""Digests: a weekly summary of changes to IACD staff and a monthly summary
of open items to each focal point. Each digest is a notification with a key
naming its period, so a digest job run twice creates one."""

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import RoleMembership
from accounts.roles import COUNTRY_ROLES
from cooperation.models import ActionStep, ActionStepChange, StepStatus

from .reminders.kinds import staff_users
from .services.notify import notify

logger = logging.getLogger(__name__)

# Sources of the weekly staff digest: each returns lines describing what
# changed between two moments. Other areas append theirs after merging.
ChangeSource = Callable[[object, object], list[str]]
CHANGE_SOURCES: list[ChangeSource] = []
# Sources of the monthly focal point digest: each returns lines describing
# a member state's open items.
OpenItemSource = Callable[[object, date], list[str]]
OPEN_ITEM_SOURCES: list[OpenItemSource] = []


def change_source(function: ChangeSource) -> ChangeSource:
    CHANGE_SOURCES.append(function)
    return function


def open_item_source(function: OpenItemSource) -> OpenItemSource:
    OPEN_ITEM_SOURCES.append(function)
    return function


@change_source
def workplan_changes(since, until) -> list[str]:
    changes = (
        ActionStepChange.objects.filter(changed_at__gte=since, changed_at__lt=until)
        .select_related("step__area")
        .order_by("changed_at")
    )
    return [
        _("Work plan step %(step)s: %(fields)s")
        % {
            "step": f"{change.step.area.number}.{change.step.number}",
            "fields": ", ".join(sorted(change.changes)),
        }
        for change in changes
    ]


@open_item_source
def workplan_steps_coming_due(state, today: date) -> list[str]:
    # The work plan belongs to every member state: its steps due within a
    # month are everyone's open items.
    steps = (
        ActionStep.objects.exclude(status=StepStatus.DONE)
        .filter(due_date__range=(today, today + timedelta(days=31)))
        .select_related("area")
    )
    return [
        _("Work plan step %(step)s is due on %(date)s")
        % {"step": f"{step.area.number}.{step.number}", "date": step.due_date}
        for step in steps
    ]


def create_staff_weekly_digest(today: date | None = None) -> int:
    """One digest per staff member of last week's changes (Monday to Monday)."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    until = timezone.make_aware(datetime.combine(monday, time.min))
    since = until - timedelta(days=7)
    year, week, _weekday = (monday - timedelta(days=7)).isocalendar()
    created = 0
    for recipient in staff_users():
        with translation.override(recipient.preferred_language or "en"):
            lines = [line for source in CHANGE_SOURCES for line in source(since, until)]
            summary = "\n".join(f"- {line}" for line in lines) or _("No changes.")
        with transaction.atomic():
            _n, was_created = notify(
                recipient,
                "staff_weekly_digest",
                key=f"digest:staff-weekly:{year}-W{week:02d}",
                context={"week": f"{year}-W{week:02d}", "summary": summary},
            )
        created += was_created
    return created


def create_focal_point_monthly_digests(today: date | None = None) -> int:
    """One summary per focal point of their country's open items."""
    today = today or timezone.localdate()
    month = today.strftime("%Y-%m")
    memberships = RoleMembership.objects.filter(
        role__in=sorted(COUNTRY_ROLES), user__is_active=True
    ).select_related("user", "country")
    created = 0
    for membership in memberships:
        recipient, state = membership.user, membership.country
        with translation.override(recipient.preferred_language or "en"):
            lines = [
                line for source in OPEN_ITEM_SOURCES for line in source(state, today)
            ]
            summary = "\n".join(f"- {line}" for line in lines) or _("No open items.")
            state_name = state.name
        with transaction.atomic():
            _n, was_created = notify(
                recipient,
                "focal_point_monthly_digest",
                key=f"digest:focal-monthly:{month}:{state.pk}",
                about=state,
                context={"state": state_name, "month": month, "summary": summary},
            )
        created += was_created
    return created

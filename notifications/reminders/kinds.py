"""The reminder kinds that exist on this branch. Each is one declared class;
see notifications/README.md for adding more."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, TruncDate
from django.utils import translation

from accounts.models import MemberState, RoleMembership, User
from accounts.roles import COUNTRY_ROLES, Role
from cooperation.models import ActionStep, StepStatus

from .base import Due, ReminderKind, Rule, register


def staff_users():
    """Active IACD staff, the recipients of reminders about shared work."""
    return User.objects.filter(
        is_active=True, role_memberships__role=Role.IACD_STAFF
    ).distinct()


def _state_name(due: Due) -> str:
    # The context is stored once, so the name is taken in the language the
    # recipient reads.
    with translation.override(due.recipient.preferred_language or "en"):
        return due.record.name


@register
class WorkplanStepDue(ReminderKind):
    """Work plan action steps coming due, and overdue, to IACD staff."""

    name = "workplan_step_due"
    notification_kind = "workplan_step_due"
    default_offsets = (-7, -1, 1, 7)

    def due_items(self, today: date, rule: Rule):
        earliest = today - timedelta(days=max(rule.offsets) + rule.catch_up_days)
        latest = today - timedelta(days=min(rule.offsets))
        steps = (
            ActionStep.objects.select_related("area")
            .exclude(status=StepStatus.DONE)
            .filter(due_date__range=(earliest, latest))
        )
        recipients = list(staff_users())
        for step in steps:
            for recipient in recipients:
                yield Due(recipient, step, step.due_date)

    def context(self, due: Due) -> dict:
        step = due.record
        return {
            "step": f"{step.area.number}.{step.number}",
            "text": step.text[:120],
            "status": step.get_status_display(),
        }


@register
class MemberStateWithoutFocalPoint(ReminderKind):
    """Member states with no national focal point, to IACD staff, once a week
    while it lasts: the due date is the Monday of the current week."""

    name = "member_state_without_focal_point"
    notification_kind = "member_state_without_focal_point"

    def due_items(self, today: date, rule: Rule):
        monday = today - timedelta(days=today.weekday())
        designated = RoleMembership.objects.filter(
            country=OuterRef("pk"),
            role=Role.NATIONAL_FOCAL_POINT,
            user__is_active=True,
        )
        states = MemberState.objects.members().filter(~Exists(designated))
        recipients = list(staff_users())
        for state in states:
            for recipient in recipients:
                yield Due(recipient, state, monday)

    def context(self, due: Due) -> dict:
        return {"state": _state_name(due)}


@register
class FocalPointInactive(ReminderKind):
    """Focal points who have not logged in for ``threshold_days`` (never
    logged in: since they were given the role), to themselves.

    The last login is the simplest stored sign of activity on this branch;
    once records carry who changed them last, use the latest of those.
    """

    name = "focal_point_inactive"
    notification_kind = "focal_point_inactive"
    default_offsets = (0, 30)
    default_threshold_days = 90

    def due_items(self, today: date, rule: Rule):
        threshold = timedelta(days=rule.threshold_days or 90)
        memberships = (
            RoleMembership.objects.filter(
                role__in=sorted(COUNTRY_ROLES), user__is_active=True
            )
            .select_related("user", "country")
            .annotate(last_seen=TruncDate(Coalesce("user__last_login", "created_at")))
            .filter(last_seen__lte=today - threshold)
        )
        for membership in memberships:
            due_date = membership.last_seen + threshold
            yield Due(
                membership.user,
                membership.country,
                due_date,
                {"since": membership.last_seen.isoformat()},
            )

    def context(self, due: Due) -> dict:
        return {"state": _state_name(due), **(due.context or {})}

"""The kinds of notification the portal sends, declared in one place.

A kind names what the notification says (a translated subject and body with
``%(name)s`` placeholders filled from the notification's stored context) and
whether its recipient may turn it off. Other apps declare their kinds with
``register_kind`` at import time (in their ``AppConfig.ready``).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off (in the portal only)")


@dataclass(frozen=True)
class NotificationKind:
    """What one kind of notification says and how it may be delivered."""

    name: str
    label: str
    subject: str
    body: str
    # Security and account messages reach the user whatever they chose.
    mandatory: bool = False
    default_delivery: str = Delivery.IMMEDIATELY

    def render(self, context: dict) -> tuple[str, str]:
        """The subject and body in the active language."""
        return _format(self.subject, context), _format(self.body, context)


class _SafeContext(dict):
    # A stored context written by an older version may lack a newer
    # placeholder; show it empty rather than fail the whole delivery.
    def __missing__(self, key):
        return ""


def _format(text, context: dict) -> str:
    return str(text) % _SafeContext(context)


KINDS: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> NotificationKind:
    """Declare ``kind``; declaring the same name twice is a programming error."""
    if kind.name in KINDS and KINDS[kind.name] != kind:
        raise ValueError(f"Notification kind {kind.name!r} is declared twice.")
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> NotificationKind:
    return KINDS[name]


SECURITY = register_kind(
    NotificationKind(
        name="security",
        label=_("Security of your account"),
        subject=_("Security notice: %(title)s"),
        body=_("%(message)s"),
        mandatory=True,
    )
)
ACCOUNT = register_kind(
    NotificationKind(
        name="account",
        label=_("Your account and roles"),
        subject=_("Your account: %(title)s"),
        body=_("%(message)s"),
        mandatory=True,
    )
)
WORKPLAN_STEP_DUE = register_kind(
    NotificationKind(
        name="workplan_step_due",
        label=_("Work plan action steps coming due"),
        subject=_("Work plan step %(step)s is due on %(due_date)s"),
        body=_(
            "The work plan action step %(step)s (%(text)s) is due on "
            "%(due_date)s; its status is %(status)s."
        ),
    )
)
MEMBER_STATE_WITHOUT_FOCAL_POINT = register_kind(
    NotificationKind(
        name="member_state_without_focal_point",
        label=_("Member states with no focal point"),
        subject=_("%(state)s has no designated focal point"),
        body=_(
            "No national focal point is designated for %(state)s. Please ask "
            "its cooperation authority to designate one."
        ),
    )
)
FOCAL_POINT_INACTIVE = register_kind(
    NotificationKind(
        name="focal_point_inactive",
        label=_("Reminders to update your country's information"),
        subject=_("Please review %(state)s's information in the portal"),
        body=_(
            "You have not worked in the portal since %(since)s. Please review "
            "%(state)s's offers, demands and profile so that they stay current."
        ),
    )
)
REPORT_READY = register_kind(
    NotificationKind(
        name="report_ready",
        label=_("Reports you asked for"),
        subject=_("Your report is ready: %(report)s"),
        body=_("The report %(report)s is ready until %(expires)s."),
    )
)
REPORT_FAILED = register_kind(
    NotificationKind(
        name="report_failed",
        label=_("Reports that could not be made"),
        subject=_("Your report could not be made: %(report)s"),
        body=_("The report %(report)s failed. The IACD team has been told."),
    )
)
STAFF_WEEKLY_DIGEST = register_kind(
    NotificationKind(
        name="staff_weekly_digest",
        label=_("Weekly summary of changes (staff)"),
        subject=_("What changed in the portal, week %(week)s"),
        body=_("Changes in week %(week)s:\n%(summary)s"),
    )
)
FOCAL_POINT_MONTHLY_DIGEST = register_kind(
    NotificationKind(
        name="focal_point_monthly_digest",
        label=_("Monthly summary of your country's open items"),
        subject=_("Open items for %(state)s, %(month)s"),
        body=_("Open items for %(state)s in %(month)s:\n%(summary)s"),
    )
)

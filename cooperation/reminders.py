"""Notification and reminder kinds of CooperaNet and good practices
(declared here, registered by ``CooperationConfig.ready``)."""

from datetime import date, timedelta

from django.db.models.functions import TruncDate
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from notifications.kinds import NotificationKind, register_kind
from notifications.reminders.base import Due, ReminderKind, Rule, register
from notifications.reminders.kinds import staff_users

from .models import GoodPractice, Posting, PostingState
from .models.good_practices import PracticeStatus

register_kind(
    NotificationKind(
        name="cooperanet_match",
        label=_("CooperaNet: new matches for your offers and demands"),
        subject=_("CooperaNet: a new match for “%(demand)s”"),
        body=_(
            "An offer and a demand fit each other (score %(score)s).\n\n"
            "Offer: %(offer)s\nDemand: %(demand)s\n\nWhy:\n%(reasons)s"
        ),
    )
)
register_kind(
    NotificationKind(
        name="vetting_waiting",
        label=_("Records waiting for vetting (staff)"),
        subject=_("Waiting for vetting since %(submitted_on)s: %(title)s"),
        body=_(
            "%(what)s “%(title)s” was submitted on %(submitted_on)s and is "
            "still waiting for vetting."
        ),
    )
)

DEFAULT_VETTING_DAYS = 7


def _waiting_since(queryset, today: date, rule: Rule):
    """Rows of ``queryset`` submitted at least the threshold ago (and not so
    long ago that every reminder's catch-up window has passed), each with its
    due date: the day it had waited the threshold."""
    threshold = timedelta(days=rule.threshold_days or DEFAULT_VETTING_DAYS)
    earliest = today - timedelta(days=max(rule.offsets) + rule.catch_up_days)
    latest = today - timedelta(days=min(rule.offsets))
    rows = queryset.annotate(submitted_on=TruncDate("submitted_at")).filter(
        submitted_on__range=(earliest - threshold, latest - threshold)
    )
    for row in rows:
        yield row, row.submitted_on + threshold


@register
class PostingVettingWaiting(ReminderKind):
    """CooperaNet offers and demands submitted more than ``threshold_days``
    ago and not vetted yet, to IACD staff."""

    name = "posting_vetting_waiting"
    notification_kind = "vetting_waiting"
    default_offsets = (0, 7)
    default_threshold_days = DEFAULT_VETTING_DAYS

    def due_items(self, today: date, rule: Rule):
        postings = Posting.objects.dangerously_unscoped().filter(
            state=PostingState.SUBMITTED
        )
        recipients = list(staff_users())
        for posting, due_date in _waiting_since(postings, today, rule):
            for recipient in recipients:
                yield Due(recipient, posting, due_date)

    def context(self, due: Due) -> dict:
        with translation.override(due.recipient.preferred_language or "en"):
            what = str(due.record.get_kind_display()).capitalize()
        return {
            "what": what,
            "title": due.record.title[:120],
            "submitted_on": due.record.submitted_at.date().isoformat(),
        }


@register
class PracticeVettingWaiting(ReminderKind):
    """Good practices submitted more than ``threshold_days`` ago and not
    reviewed yet, to IACD staff."""

    name = "practice_vetting_waiting"
    notification_kind = "vetting_waiting"
    default_offsets = (0, 7)
    default_threshold_days = DEFAULT_VETTING_DAYS

    def due_items(self, today: date, rule: Rule):
        practices = GoodPractice.objects.dangerously_unscoped().filter(
            status=PracticeStatus.SUBMITTED
        )
        recipients = list(staff_users())
        for practice, due_date in _waiting_since(practices, today, rule):
            for recipient in recipients:
                yield Due(recipient, practice, due_date)

    def context(self, due: Due) -> dict:
        with translation.override(due.recipient.preferred_language or "en"):
            what = str(GoodPractice._meta.verbose_name).capitalize()
        return {
            "what": what,
            "title": due.record.title[:120],
            "submitted_on": due.record.submitted_at.date().isoformat(),
        }

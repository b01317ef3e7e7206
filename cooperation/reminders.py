"""Notification and reminder kinds of CooperaNet and good practices
(declared here, registered by ``CooperationConfig.ready``)."""

from datetime import date, timedelta

from django.db.models.functions import TruncDate
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.digests import change_source, open_item_source
from notifications.kinds import NotificationKind, register_kind
from notifications.reminders.base import Due, ReminderKind, Rule, register
from notifications.reminders.kinds import staff_users

from .models import GoodPractice, Posting, PostingEvent, PostingState
from .models.good_practices import GoodPracticeEvent, PracticeStatus

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


# Digest lines ----------------------------------------------------------------

# Life-cycle steps worth a line in the staff's weekly summary (edits and
# comments are too many to read there).
DIGEST_ACTIONS = (
    PostingEvent.Action.SUBMITTED,
    PostingEvent.Action.RETURNED,
    PostingEvent.Action.PUBLISHED,
    PostingEvent.Action.REJECTED,
    PostingEvent.Action.WITHDRAWN,
    PostingEvent.Action.STARTED,
    PostingEvent.Action.COMPLETED,
)


@change_source
def cooperanet_changes(since, until) -> list[str]:
    events = (
        PostingEvent.objects.filter(
            created_at__gte=since, created_at__lt=until, action__in=DIGEST_ACTIONS
        )
        .select_related("posting")
        .order_by("created_at", "pk")
    )
    return [
        gettext("%(kind)s “%(title)s”: %(action)s")
        % {
            "kind": event.posting.get_kind_display(),
            "title": event.posting.title[:120],
            "action": event.get_action_display(),
        }
        for event in events
    ]


@change_source
def good_practice_changes(since, until) -> list[str]:
    events = (
        GoodPracticeEvent.objects.filter(at__gte=since, at__lt=until)
        .select_related("practice")
        .order_by("at", "pk")
    )
    return [
        gettext("Good practice “%(title)s”: %(status)s")
        % {
            "title": event.practice.title[:120],
            "status": event.get_to_status_display(),
        }
        for event in events
    ]


@open_item_source
def returned_records(state, today: date) -> list[str]:
    """Offers, demands and good practices of ``state`` returned with comments:
    they wait for the country, not for staff."""
    postings = Posting.objects.dangerously_unscoped().filter(
        country=state, state=PostingState.RETURNED
    )
    practices = GoodPractice.objects.dangerously_unscoped().filter(
        country=state, status=PracticeStatus.RETURNED
    )
    return [
        gettext("%(kind)s “%(title)s” was returned with comments")
        % {"kind": posting.get_kind_display(), "title": posting.title[:120]}
        for posting in postings.order_by("pk")
    ] + [
        gettext("Good practice “%(title)s” was returned with comments")
        % {"title": practice.title[:120]}
        for practice in practices.order_by("pk")
    ]

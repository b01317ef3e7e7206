"""CooperaNet's notifications and reminders go through the notification
engine: a strong match is an outbox row per person in their language, and
records waiting for vetting remind staff once per offset."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cooperation.models import GoodPractice, PostingState
from cooperation.models.good_practices import PracticeStatus
from notifications.models import Notification
from notifications.reminders.base import REMINDERS, run_reminder_kind
from notifications.tasks import deliver_notification

from .factories import PostingFactory

pytestmark = pytest.mark.django_db

SUBMITTED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
WAITED = SUBMITTED.date() + timedelta(days=7)  # the default threshold


def test_vetting_kinds_are_declared():
    assert {"posting_vetting_waiting", "practice_vetting_waiting"} <= set(REMINDERS)


def test_a_posting_waiting_for_vetting_reminds_staff_once(staff, alice, jamaica):
    posting = PostingFactory(
        country=jamaica, state=PostingState.SUBMITTED, submitted_at=SUBMITTED
    )
    kind = "posting_vetting_waiting"
    assert run_reminder_kind(kind, WAITED - timedelta(days=1)) == 0
    assert run_reminder_kind(kind, WAITED) == 1
    assert run_reminder_kind(kind, WAITED) == 0

    reminder = Notification.objects.get(kind="vetting_waiting")
    assert (reminder.recipient, reminder.about) == (staff, posting)
    assert reminder.context["title"] == posting.title


def test_a_vetting_reminder_missed_while_the_worker_was_down_is_sent_once(
    staff, jamaica
):
    PostingFactory(
        country=jamaica, state=PostingState.SUBMITTED, submitted_at=SUBMITTED
    )
    back = WAITED + timedelta(days=9)  # both offsets (0 and 7) have passed
    assert run_reminder_kind("posting_vetting_waiting", back) == 1
    assert run_reminder_kind("posting_vetting_waiting", back) == 0
    reminder = Notification.objects.get(kind="vetting_waiting")
    assert reminder.key.endswith(":7")
    deliver_notification.apply(args=[reminder.pk])
    deliver_notification.apply(args=[reminder.pk])
    assert len(mail.outbox) == 1
    assert "still waiting for vetting" in mail.outbox[0].body


def test_a_published_posting_is_not_reminded(staff, jamaica):
    PostingFactory(
        country=jamaica, state=PostingState.PUBLISHED, submitted_at=SUBMITTED
    )
    assert run_reminder_kind("posting_vetting_waiting", WAITED) == 0


def test_a_good_practice_waiting_for_review_reminds_staff_once(staff, alice, jamaica):
    practice = GoodPractice.objects.create(
        country=jamaica,
        title="School meals from local farms",
        problem="p",
        solution="s",
        results="r",
        created_by=alice,
        status=PracticeStatus.SUBMITTED,
        submitted_at=SUBMITTED,
    )
    assert run_reminder_kind("practice_vetting_waiting", WAITED) == 1
    assert run_reminder_kind("practice_vetting_waiting", WAITED) == 0
    assert Notification.objects.get(kind="vetting_waiting").about == practice


def test_staff_weekly_digest_lists_cooperanet_and_practice_changes(
    staff, alice, jamaica
):
    from cooperation.services import cooperanet
    from notifications.digests import create_staff_weekly_digest

    posting = PostingFactory(country=jamaica, title="Rural teachers")
    cooperanet.submit_posting(actor=alice, posting=posting)
    cooperanet.publish_posting(actor=staff, posting=posting)

    next_week = timezone.localdate() + timedelta(days=7)
    assert create_staff_weekly_digest(next_week) == 1
    summary = Notification.objects.get(kind="staff_weekly_digest").context["summary"]
    assert "“Rural teachers”: submitted for vetting" in summary
    assert "“Rural teachers”: published" in summary


def test_focal_point_digest_lists_records_returned_to_the_country(
    staff, alice, jamaica
):
    from cooperation.services import cooperanet
    from notifications.digests import create_focal_point_monthly_digests

    posting = PostingFactory(country=jamaica, title="Rural teachers")
    cooperanet.submit_posting(actor=alice, posting=posting)
    cooperanet.return_posting(actor=staff, posting=posting, comment="Add dates.")

    create_focal_point_monthly_digests()
    digest = Notification.objects.get(kind="focal_point_monthly_digest")
    assert digest.recipient == alice
    assert "“Rural teachers” was returned with comments" in digest.context["summary"]

"""Funds reminders: cycle deadlines, reports owed and pledges not received,
each created once through the notification engine."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from funds.models import ReportDueDate
from funds.models.execution import ReportKind
from funds.services import ledger
from notifications.models import Notification
from notifications.reminders.base import REMINDERS, run_reminder_kind
from notifications.tasks import deliver_notification

pytestmark = pytest.mark.django_db

DEADLINE = date(2027, 3, 1)


def recipients(kind: str, **filters) -> set:
    return {
        notification.recipient
        for notification in Notification.objects.filter(kind=kind, **filters)
    }


def test_funds_reminder_kinds_are_declared():
    assert {
        "fund_cycle_call_deadline",
        "fund_cycle_evaluation_deadline",
        "fund_cycle_decision_deadline",
        "fund_report_due",
        "pledge_overdue",
    } <= set(REMINDERS)


def test_call_deadline_reminds_focal_points_managers_and_staff_once(
    cycle, alice, bob, staff, fund_manager, reviewer
):
    cycle.proposal_deadline = timezone.make_aware(
        datetime.combine(DEADLINE, datetime.min.time().replace(hour=17))
    )
    cycle.save()
    kind = "fund_cycle_call_deadline"
    assert run_reminder_kind(kind, DEADLINE - timedelta(days=15)) == 0
    assert run_reminder_kind(kind, DEADLINE - timedelta(days=14)) == 4
    assert run_reminder_kind(kind, DEADLINE - timedelta(days=14)) == 0
    assert recipients("fund_cycle_deadline") == {alice, bob, staff, fund_manager}


def test_evaluation_deadline_reminds_reviewers_who_have_not_scored(
    cycle, jamaica_draft, alice, staff, fund_manager, reviewer
):
    from funds.services import proposals

    proposals.submit_proposal(actor=alice, proposal=jamaica_draft)
    proposals.check_eligibility(actor=staff, proposal=jamaica_draft, eligible=True)
    proposals.assign_reviewer(actor=staff, proposal=jamaica_draft, reviewer=reviewer)
    cycle.refresh_from_db()
    due = cycle.evaluation_deadline
    assert run_reminder_kind("fund_cycle_evaluation_deadline", due) == 3
    assert recipients("fund_cycle_deadline") == {reviewer, staff, fund_manager}


def test_decision_deadline_missed_while_the_worker_was_down_is_sent_once(
    cycle, staff, fund_manager
):
    back = cycle.decision_deadline + timedelta(days=2)  # both offsets passed
    assert run_reminder_kind("fund_cycle_decision_deadline", back) == 2
    assert run_reminder_kind("fund_cycle_decision_deadline", back) == 0
    notification = Notification.objects.get(recipient=staff)
    assert notification.key.endswith(":-3")
    deliver_notification.apply(args=[notification.pk])
    deliver_notification.apply(args=[notification.pk])
    assert len(mail.outbox) == 1
    assert "deadline for the Board's decision" in mail.outbox[0].subject


def test_report_due_and_overdue_reminds_the_country_and_managers(
    cycle, jamaica_draft, alice, bob, fund_manager
):
    report = ReportDueDate.objects.create(
        proposal=jamaica_draft, kind=ReportKind.FINANCIAL, due_on=DEADLINE
    )
    kind = "fund_report_due"
    assert run_reminder_kind(kind, DEADLINE - timedelta(days=14)) == 2
    assert run_reminder_kind(kind, DEADLINE + timedelta(days=1)) == 2
    assert run_reminder_kind(kind, DEADLINE + timedelta(days=1)) == 0
    assert recipients(kind) == {alice, fund_manager}
    assert Notification.objects.filter(kind=kind).first().about == report

    report.status = "submitted"
    report.save()
    assert run_reminder_kind(kind, DEADLINE + timedelta(days=14)) == 0


def test_a_pledge_not_received_reminds_the_contributor_and_managers(
    dcf, bob, alice, fund_manager, mexico
):
    contribution = ledger.record_pledge(
        actor=fund_manager,
        fund=dcf,
        amount="25000",
        currency="USD",
        pledged_on=DEADLINE,
        contributor_state=mexico,
    )
    overdue = DEADLINE + timedelta(days=90)  # the default threshold
    assert run_reminder_kind("pledge_overdue", overdue - timedelta(days=1)) == 0
    assert run_reminder_kind("pledge_overdue", overdue) == 2
    assert run_reminder_kind("pledge_overdue", overdue) == 0
    assert recipients("pledge_overdue") == {bob, fund_manager}
    assert Notification.objects.filter(kind="pledge_overdue").first().about == (
        contribution
    )

    ledger.record_receipt(
        actor=fund_manager,
        contribution=contribution,
        amount="25000",
        currency="USD",
        received_on=overdue,
    )
    assert run_reminder_kind("pledge_overdue", overdue + timedelta(days=30)) == 0


def test_staff_weekly_digest_lists_proposal_steps(jamaica_draft, alice, staff):
    from funds.services import proposals
    from notifications.digests import create_staff_weekly_digest

    proposals.submit_proposal(actor=alice, proposal=jamaica_draft)

    create_staff_weekly_digest(timezone.localdate() + timedelta(days=7))
    summary = Notification.objects.get(kind="staff_weekly_digest").context["summary"]
    assert "Proposal “Jamaica's draft” (JAM): " in summary


def test_focal_point_digest_lists_reports_owed_and_pledges_unpaid(
    jamaica_draft, alice, bob, dcf, fund_manager, mexico
):
    from notifications.digests import create_focal_point_monthly_digests

    ReportDueDate.objects.create(
        proposal=jamaica_draft,
        kind=ReportKind.PROGRESS,
        due_on=timezone.localdate() + timedelta(days=10),
    )
    ledger.record_pledge(
        actor=fund_manager,
        fund=dcf,
        amount="25000",
        currency="USD",
        pledged_on=date(2026, 1, 10),
        contributor_state=mexico,
    )

    create_focal_point_monthly_digests()
    digests = Notification.objects.filter(kind="focal_point_monthly_digest")
    jamaica = digests.get(recipient=alice).context["summary"]
    mexico_summary = digests.get(recipient=bob).context["summary"]
    assert "Progress report of “Jamaica's draft” is due on" in jamaica
    assert "25000.00 USD pledged on 2026-01-10: Pledged" in mexico_summary
    assert "Jamaica's draft" not in mexico_summary

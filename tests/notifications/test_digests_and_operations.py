"""Digests to staff and focal points, and the administrators' operations page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.models import ActionStepChange
from cooperation.services.workplan import update_action_step
from notifications.digests import (
    create_focal_point_monthly_digests,
    create_staff_weekly_digest,
)
from notifications.models import EmailStatus, Notification

from .factories import ActionStepFactory

pytestmark = pytest.mark.django_db


def test_weekly_staff_digest_lists_last_weeks_work_plan_changes(staff):
    step = ActionStepFactory(number="3")
    update_action_step(actor=staff, step=step, status="blocked")
    ActionStepChange.objects.update(changed_at=timezone.now() - timedelta(days=3))
    next_monday = timezone.localdate() + timedelta(
        days=7 - timezone.localdate().weekday()
    )

    assert create_staff_weekly_digest(next_monday) == 1
    assert create_staff_weekly_digest(next_monday) == 0

    digest = Notification.objects.get(kind="staff_weekly_digest")
    assert "1.3: status" in digest.context["summary"]


def test_monthly_digest_goes_to_each_focal_point_with_open_items(alice, mona, bob):
    ActionStepFactory(number="4", due_date=date(2026, 12, 20))

    assert create_focal_point_monthly_digests(date(2026, 12, 1)) == 3
    assert create_focal_point_monthly_digests(date(2026, 12, 1)) == 0

    digest = Notification.objects.get(
        kind="focal_point_monthly_digest", recipient=alice
    )
    assert "1.4" in digest.context["summary"]
    assert digest.context["state"] == "Jamaica"


def test_operations_page_is_for_administrators_only(client, alice, staff, admin_user):
    url = reverse("notifications:operations")
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_operations_page_shows_failures_and_stuck_sends(client, admin_user, alice):
    Notification.objects.create(
        recipient=alice,
        kind="account",
        key="f",
        language="en",
        send_after=timezone.now(),
        email_status=EmailStatus.FAILED,
        last_error="SMTPDataError(554, 'rejected')",
    )
    stuck = Notification.objects.create(
        recipient=alice,
        kind="account",
        key="s",
        language="en",
        send_after=timezone.now(),
        email_status=EmailStatus.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(admin_user)

    content = client.get(reverse("notifications:operations")).content.decode()

    assert "SMTPDataError(554" in content
    assert f"#{stuck.pk} (account)" in content


def test_administrator_runs_a_reminder_kind_now(client, admin_user, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "notifications.tasks.enqueue", lambda task, *args: queued.append(args) or True
    )
    client.force_login(admin_user)

    response = client.post(
        reverse("notifications:run-reminder"), {"kind": "workplan_step_due"}
    )

    assert response.status_code == 302
    assert queued == [("workplan_step_due",)]


def test_focal_point_cannot_run_a_reminder_kind(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("notifications:run-reminder"), {"kind": "workplan_step_due"}
    )
    assert response.status_code == 403


def test_administrator_releases_a_stuck_send(client, admin_user, alice):
    stuck = Notification.objects.create(
        recipient=alice,
        kind="account",
        key="s",
        language="en",
        send_after=timezone.now(),
        email_status=EmailStatus.SENDING,
    )
    client.force_login(admin_user)
    client.post(reverse("notifications:release", args=[stuck.pk]))
    stuck.refresh_from_db()
    assert stuck.email_status == EmailStatus.PENDING


def test_a_failed_task_is_recorded_and_shown(client, admin_user, monkeypatch):
    from notifications import tasks
    from notifications.models import TaskFailure

    def broken(kind, today=None):
        raise RuntimeError("reminder source unavailable")

    monkeypatch.setattr("notifications.reminders.base.run_reminder_kind", broken)

    result = tasks.run_reminder_kind.apply(args=["workplan_step_due"])

    assert result.failed()
    failure = TaskFailure.objects.get()
    assert failure.task_name == "notifications.tasks.run_reminder_kind"
    assert failure.arguments == ["workplan_step_due"]
    assert "reminder source unavailable" in failure.error

    client.force_login(admin_user)
    content = client.get(reverse("notifications:operations")).content.decode()
    assert "reminder source unavailable" in content

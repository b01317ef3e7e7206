"""Reminders: declared kinds over stored due dates, created once, including
after the worker was down."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from notifications.models import Notification, ReminderRule
from notifications.reminders.base import REMINDERS, run_reminder_kind
from notifications.schedules import setup_schedules
from notifications.tasks import deliver_notification
from tests.factories import MemberStateFactory, user_with_role

from .factories import ActionStepFactory

pytestmark = pytest.mark.django_db

DUE = date(2026, 12, 10)


def reminders(kind):
    return Notification.objects.filter(kind=kind)


def test_the_three_kinds_of_this_branch_are_declared():
    assert set(REMINDERS) >= {
        "workplan_step_due",
        "member_state_without_focal_point",
        "focal_point_inactive",
    }


def test_step_coming_due_reminds_staff_once_a_day_of_offset(staff, alice):
    step = ActionStepFactory(due_date=DUE)

    assert run_reminder_kind("workplan_step_due", DUE - timedelta(days=8)) == 0
    assert run_reminder_kind("workplan_step_due", DUE - timedelta(days=7)) == 1
    assert run_reminder_kind("workplan_step_due", DUE - timedelta(days=7)) == 0
    assert run_reminder_kind("workplan_step_due", DUE - timedelta(days=6)) == 0

    reminder = reminders("workplan_step_due").get()
    assert reminder.recipient == staff
    assert reminder.about == step
    assert reminder.key.endswith(f"{DUE.isoformat()}:-7")


def test_a_reminder_missed_while_the_worker_was_down_is_sent_once(staff):
    ActionStepFactory(due_date=DUE)

    # The worker was down from a week before the due date until a day after
    # it: on its return, one reminder (the latest offset passed), once.
    back = DUE + timedelta(days=1)
    assert run_reminder_kind("workplan_step_due", back) == 1
    assert run_reminder_kind("workplan_step_due", back) == 0

    reminder = reminders("workplan_step_due").get()
    assert reminder.key.endswith(":1")
    deliver_notification.apply(args=[reminder.pk])
    deliver_notification.apply(args=[reminder.pk])
    assert len(mail.outbox) == 1


def test_a_reminder_older_than_the_catch_up_window_is_not_sent(staff):
    ActionStepFactory(due_date=DUE)
    late = DUE + timedelta(days=7 + 15)
    assert run_reminder_kind("workplan_step_due", late) == 0


def test_done_steps_are_not_reminded(staff):
    ActionStepFactory(due_date=DUE, status="done")
    assert run_reminder_kind("workplan_step_due", DUE) == 0


def test_offsets_edited_by_staff_take_effect(staff):
    ActionStepFactory(due_date=DUE)
    ReminderRule.objects.create(kind="workplan_step_due", offsets=[-3])

    assert run_reminder_kind("workplan_step_due", DUE - timedelta(days=7)) == 0
    assert run_reminder_kind("workplan_step_due", DUE - timedelta(days=3)) == 1


def test_a_disabled_kind_creates_nothing(staff):
    ActionStepFactory(due_date=DUE)
    ReminderRule.objects.create(kind="workplan_step_due", offsets=[0], enabled=False)
    assert run_reminder_kind("workplan_step_due", DUE) == 0


def test_member_state_without_focal_point_reminds_staff_weekly(staff, alice, mexico):
    # Jamaica has Alice; Mexico has nobody (no bob fixture here).
    monday = date(2026, 12, 7)

    assert run_reminder_kind("member_state_without_focal_point", monday) == 1
    assert (
        run_reminder_kind("member_state_without_focal_point", monday + timedelta(2))
        == 0
    )
    assert (
        run_reminder_kind("member_state_without_focal_point", monday + timedelta(7))
        == 1
    )

    assert {n.about for n in reminders("member_state_without_focal_point")} == {mexico}


def test_observer_states_are_not_expected_to_have_focal_points(staff):
    MemberStateFactory(is_observer=True)
    assert run_reminder_kind("member_state_without_focal_point", DUE) == 0


def test_inactive_focal_point_is_reminded_after_the_threshold(alice, bob, jamaica):
    today = timezone.localdate()
    alice.last_login = timezone.now() - timedelta(days=91)
    alice.save()
    bob.last_login = timezone.now() - timedelta(days=10)
    bob.save()

    assert run_reminder_kind("focal_point_inactive", today) == 1
    assert run_reminder_kind("focal_point_inactive", today) == 0

    reminder = reminders("focal_point_inactive").get()
    assert (reminder.recipient, reminder.about) == (alice, jamaica)
    assert reminder.context["state"] == "Jamaica"


def test_inactive_focal_point_context_uses_the_recipients_language(mexico):
    paulo = user_with_role(
        Role.NATIONAL_FOCAL_POINT, country=mexico, preferred_language="es"
    )
    paulo.last_login = timezone.now() - timedelta(days=200)
    paulo.save()
    ReminderRule.objects.create(
        kind="focal_point_inactive", offsets=[0], threshold_days=30, catch_up_days=400
    )

    assert run_reminder_kind("focal_point_inactive") == 1
    assert reminders("focal_point_inactive").get().context["state"] == "México"


def test_setup_schedules_is_idempotent_and_keeps_admin_edits(db):
    from django_celery_beat.models import PeriodicTask

    created = setup_schedules()
    assert "Reminders: workplan_step_due" in created
    task = PeriodicTask.objects.get(name="Reminders: workplan_step_due")
    task.enabled = False
    task.save()

    assert setup_schedules() == []
    assert PeriodicTask.objects.get(pk=task.pk).enabled is False
    assert ReminderRule.objects.filter(kind="workplan_step_due").count() == 1


def test_staff_change_a_reminders_offsets_on_the_page(client, staff):
    client.force_login(staff)
    url = reverse("notifications:reminder-rule", args=["workplan_step_due"])

    response = client.post(
        url, {"enabled": "on", "offsets": "-10,-2", "catch_up_days": "5"}
    )

    assert response.status_code == 302
    rule = ReminderRule.objects.get(kind="workplan_step_due")
    assert (rule.offsets, rule.catch_up_days) == ([-10, -2], 5)
    assert client.get(reverse("notifications:reminder-rules")).status_code == 200


def test_bad_offsets_are_shown_beside_the_field_and_nothing_saved(client, staff):
    client.force_login(staff)
    url = reverse("notifications:reminder-rule", args=["workplan_step_due"])

    response = client.post(url, {"offsets": "-10,soon", "catch_up_days": "5"})

    assert response.status_code == 200
    assert "-10,soon" in response.content.decode()
    assert not ReminderRule.objects.exists()


def test_focal_points_cannot_change_reminders(client, alice):
    client.force_login(alice)
    url = reverse("notifications:reminder-rule", args=["workplan_step_due"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"offsets": "1", "catch_up_days": "5"}).status_code == 403
    assert client.get(reverse("notifications:reminder-rules")).status_code == 403
    assert not ReminderRule.objects.exists()


def test_an_unknown_reminder_kind_answers_404(client, staff):
    client.force_login(staff)
    url = reverse("notifications:reminder-rule", args=["nothing"])
    assert client.get(url).status_code == 404

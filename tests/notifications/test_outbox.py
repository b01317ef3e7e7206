"""Delivery that survives faults, against real PostgreSQL and Redis.

These tests commit (``transaction=True``) so that on_commit runs as in
production and the rows are there for the sweeper and for other processes.
"""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from cooperation.services.workplan import update_action_step
from iacd_portal.celery import app as celery_app
from notifications import tasks
from notifications.models import EmailStatus, Notification
from notifications.services import delivery
from notifications.services.notify import notify

from .conftest import DEAD_BROKER, TEST_QUEUE, point_celery_at, queued_messages
from .factories import ActionStepFactory

# Every task these tests publish goes to the test queue (see conftest).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_broker"),
]


def change_step_and_notify(actor, step, recipient):
    """A change and its notification in one transaction, as a service does."""
    with transaction.atomic():
        update_action_step(actor=actor, step=step, status="in_progress")
        notification, _ = notify(
            recipient,
            "workplan_step_due",
            key=f"change:{step.pk}",
            about=step,
            context={"step": step.number, "due_date": "", "status": "in_progress"},
        )
    return notification


def test_a_change_rolled_back_leaves_no_notification(staff, alice):
    step = ActionStepFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(alice, "workplan_step_due", key="gone", about=step)
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()


def test_the_notification_is_queued_only_after_commit(staff, alice, live_broker):
    step = ActionStepFactory()

    change_step_and_notify(staff, step, alice)

    assert queued_messages() == 1


def test_with_redis_down_the_change_commits_and_the_sweeper_sends_later(
    staff, alice, live_broker, monkeypatch
):
    step = ActionStepFactory()
    point_celery_at(DEAD_BROKER)

    notification = change_step_and_notify(staff, step, alice)

    step.refresh_from_db()
    assert step.status == "in_progress"
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING

    # Redis is back; the sweeper finds the row that was never queued.
    point_celery_at(live_broker)
    assert queued_messages() == 0
    monkeypatch.setattr(tasks, "SWEEP_GRACE", timedelta(0))
    assert tasks.sweep_outbox() == 1
    assert queued_messages() == 1

    # The worker takes the message (run here in-process; see test_worker for
    # a real worker process).
    with celery_app.connection_for_write() as connection:
        body = connection.default_channel.client.lpop(TEST_QUEUE)
    assert str(notification.pk).encode() in body
    tasks.deliver_notification.apply(args=[notification.pk])

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT


def test_sweeper_leaves_young_rows_to_their_own_enqueue(alice, live_broker):
    notify(alice, "account", key="young", context={"title": "t", "message": "m"})
    assert tasks.sweep_outbox() == 0


def test_the_same_task_delivered_twice_sends_one_email(alice):
    with transaction.atomic():
        notification, _ = notify(
            alice, "account", key="twice", context={"title": "t", "message": "m"}
        )

    first = tasks.deliver_notification.apply(args=[notification.pk])
    second = tasks.deliver_notification.apply(args=[notification.pk])

    assert (first.result, second.result) == (True, False)
    assert len(mail.outbox) == 1


def test_only_one_of_two_racing_claims_wins(alice):
    with transaction.atomic():
        notification, _ = notify(
            alice, "account", key="race", context={"title": "t", "message": "m"}
        )
    now = timezone.now()
    due = Notification.objects.due_for_email(now).filter(pk=notification.pk)

    assert delivery._claim(due, now) == 1
    assert delivery._claim(due, now) == 0


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even ``except``."""


def test_a_worker_killed_mid_send_does_not_cause_a_second_email(
    alice, live_broker, monkeypatch
):
    with transaction.atomic():
        notification, _ = notify(
            alice, "account", key="killed", context={"title": "t", "message": "m"}
        )

    # The worker claims the row, then dies inside the SMTP exchange.
    with (
        mock.patch.object(
            mail.EmailMessage, "send", side_effect=WorkerKilled, autospec=True
        ),
        pytest.raises(WorkerKilled),
    ):
        delivery.send_notification(notification.pk)

    # The message is redelivered (acks_late) and the sweeper runs: neither
    # sends, since the row is claimed and its outcome unknown.
    monkeypatch.setattr(tasks, "SWEEP_GRACE", timedelta(0))
    assert tasks.deliver_notification.apply(args=[notification.pk]).result is False
    assert tasks.sweep_outbox() == 0

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENDING


def test_a_transient_smtp_error_releases_the_claim_for_a_retry(alice):
    with transaction.atomic():
        notification, _ = notify(
            alice, "account", key="retry", context={"title": "t", "message": "m"}
        )
    with (
        mock.patch.object(
            mail.EmailMessage,
            "send",
            side_effect=smtplib.SMTPServerDisconnected("gone"),
            autospec=True,
        ),
        pytest.raises(delivery.TransientDeliveryError),
    ):
        delivery.send_notification(notification.pk)

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    assert "gone" in notification.last_error

    assert delivery.send_notification(notification.pk) is True
    assert len(mail.outbox) == 1


def test_delivery_task_retries_only_named_transient_errors():
    task = tasks.deliver_notification
    assert task.acks_late is True
    assert task.autoretry_for == (delivery.TransientDeliveryError,)
    assert task.retry_backoff


def test_a_transient_error_after_the_last_attempt_is_a_failure(alice):
    with transaction.atomic():
        notification, _ = notify(
            alice, "account", key="tired", context={"title": "t", "message": "m"}
        )
    Notification.objects.filter(pk=notification.pk).update(
        attempts=delivery.MAX_ATTEMPTS - 1
    )
    with mock.patch.object(
        mail.EmailMessage,
        "send",
        side_effect=smtplib.SMTPServerDisconnected("still gone"),
        autospec=True,
    ):
        assert delivery.send_notification(notification.pk) is False

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED


def test_sweeper_requeues_report_jobs_whose_message_was_lost(
    alice, monkeypatch, live_broker
):
    from reports.services.jobs import request_report

    point_celery_at(DEAD_BROKER)
    with transaction.atomic():
        job = request_report(
            actor=alice,
            kind="export",
            format="csv",
            parameters={"exporter": "member_states"},
        )
    point_celery_at(live_broker)
    assert queued_messages() == 0

    monkeypatch.setattr(tasks, "SWEEP_GRACE", timedelta(0))
    monkeypatch.setattr("reports.tasks.SWEEP_GRACE", timedelta(0))
    tasks.sweep_outbox()

    with celery_app.connection_for_write() as connection:
        body = connection.default_channel.client.lpop(TEST_QUEUE)
    assert b"reports.tasks.run_report_job" in body
    assert str(job.pk).encode() in body

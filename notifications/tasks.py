"""Celery tasks of notifications: thin shells over the services.

Every task takes ids, is acknowledged late (a message is removed from Redis
only after the task finished, so a lost worker's message is delivered again)
and is safe to run twice, because the work it does is claimed in the
database first.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .kinds import Delivery
from .models import EmailStatus, Notification
from .services import delivery

logger = logging.getLogger(__name__)

# A row younger than this is left to the on_commit enqueue of its own
# transaction; the sweeper takes only rows that one has evidently missed.
SWEEP_GRACE = timedelta(seconds=60)
SWEEP_BATCH = 500


def enqueue(task, *args) -> bool:
    """Publish ``task`` now; when the broker is unreachable, log and leave the
    work to the sweeper, which re-reads the outbox. Never raises for a broker
    fault, so a change that committed is never reported to the user as failed.
    """
    try:
        task.apply_async(args=args, retry=False)
    except (BrokerError, ConnectionError, OSError) as error:
        logger.warning(
            "Broker unreachable; the sweeper will queue the task",
            extra={"task": task.name, "task_args": args, "error": repr(error)},
        )
        return False
    return True


@shared_task(
    acks_late=True,
    autoretry_for=(delivery.TransientDeliveryError,),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    retry_jitter=True,
    max_retries=8,
)
def deliver_notification(notification_id: int) -> bool:
    """Send one notification's e-mail unless it was sent or claimed."""
    return delivery.send_notification(notification_id)


@shared_task(acks_late=True)
def sweep_outbox() -> int:
    """Queue the e-mails that are due and were never queued, or whose message
    was lost (the broker was down at commit time). Runs every minute."""
    cutoff = timezone.now() - SWEEP_GRACE
    ids = list(
        Notification.objects.dangerously_unscoped()
        .due_for_email(cutoff)
        .filter(created_at__lte=cutoff)
        .order_by("send_after")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    queued = sum(enqueue(deliver_notification, pk) for pk in ids)
    if ids:
        logger.info("Outbox swept", extra={"found": len(ids), "queued": queued})
    _sweep_other_outboxes()
    return len(ids)


def _sweep_other_outboxes() -> None:
    # Report jobs queue the same way; the sweeper re-queues theirs too.
    from django.apps import apps

    if apps.is_installed("reports"):
        from reports.tasks import sweep_report_jobs

        sweep_report_jobs()


@shared_task(acks_late=True)
def send_digests(frequency: str) -> int:
    """Send every user with waiting ``frequency`` notifications their digest."""
    if frequency not in (Delivery.DAILY, Delivery.WEEKLY):
        raise ValueError(frequency)
    user_ids = (
        Notification.objects.dangerously_unscoped()
        .filter(delivery=frequency, email_status=EmailStatus.PENDING)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in get_user_model().objects.filter(pk__in=list(user_ids), is_active=True):
        sent += delivery.send_digest(user, frequency) > 0
    return sent


@shared_task(acks_late=True)
def run_reminder_kind(kind: str, on: str | None = None) -> int:
    """Create the due reminders of one kind (``on``: an ISO date, for tests
    and for administrators replaying a day)."""
    from datetime import date

    from .reminders.base import run_reminder_kind as run

    return run(kind, today=date.fromisoformat(on) if on else None)


@shared_task(acks_late=True)
def send_staff_weekly_digest() -> int:
    from .digests import create_staff_weekly_digest

    return create_staff_weekly_digest()


@shared_task(acks_late=True)
def send_focal_point_monthly_digest() -> int:
    from .digests import create_focal_point_monthly_digests

    return create_focal_point_monthly_digests()

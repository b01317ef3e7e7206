"""Sending notifications by e-mail from the outbox, once.

A row is claimed with a conditional UPDATE (pending → sending) before the
e-mail leaves, so two workers, or a task delivered twice, cannot both send
it. A worker that dies between the claim and ``mark sent`` leaves the row in
``sending``: it is never sent again automatically (at most once), and the
operations page lists it for an administrator to check and release. We
chose a possibly missing e-mail over a duplicated one because reminders that
repeat teach people to ignore them; the crash window is the few
milliseconds of one SMTP exchange.
"""

import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..kinds import Delivery
from ..models import EmailStatus, Notification

logger = logging.getLogger(__name__)

# Errors after which the same e-mail may well go through a little later.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPSenderRefused,
    ConnectionError,
    TimeoutError,
    socket.timeout,
)


# After this many attempts a transient error counts as a failure, so that a
# mail server refusing for days does not keep a row in the queue forever.
MAX_ATTEMPTS = 8


class TransientDeliveryError(Exception):
    """The e-mail was not sent but may be sent on a later attempt."""


def _claim(queryset, now) -> int:
    return queryset.filter(email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )


def _absolute(url: str) -> str:
    if not url or url.startswith("http"):
        return url
    return getattr(settings, "PORTAL_BASE_URL", "").rstrip("/") + url


def render_email(notification: Notification) -> EmailMessage:
    """The e-mail of ``notification`` in its recipient's language."""
    with translation.override(notification.language):
        subject, body = notification.render()
        text = render_to_string(
            "notifications/email/notification.txt",
            {
                "recipient": notification.recipient,
                "body": body,
                "url": _absolute(notification.url),
            },
        )
    return EmailMessage(
        subject=subject.replace("\n", " ")[:200],
        body=text,
        to=[notification.recipient.email],
    )


def send_notification(notification_id: int) -> bool:
    """Send the e-mail of one notification if it is still waiting.

    Returns whether this call sent it. Raises ``TransientDeliveryError`` when
    the mail server failed in a way worth retrying; the claim is released
    first so that the retry (or the sweeper) can take it again.
    """
    now = timezone.now()
    due = Notification.objects.dangerously_unscoped().due_for_email(now)
    if not _claim(due.filter(pk=notification_id), now):
        logger.debug(
            "Notification not due or already claimed",
            extra={"notification_id": notification_id},
        )
        return False

    notification = Notification.objects.select_related("recipient").get(
        pk=notification_id
    )
    try:
        render_email(notification).send()
    except TRANSIENT_ERRORS as error:
        if notification.attempts >= MAX_ATTEMPTS:
            Notification.objects.filter(pk=notification_id).update(
                email_status=EmailStatus.FAILED, last_error=repr(error)[:2000]
            )
            logger.error(
                "Notification e-mail failed after %d attempts",
                notification.attempts,
                extra={"notification_id": notification_id},
            )
            return False
        Notification.objects.filter(pk=notification_id).update(
            email_status=EmailStatus.PENDING, last_error=repr(error)[:2000]
        )
        logger.warning(
            "Notification e-mail failed, will retry",
            extra={"notification_id": notification_id, "error": repr(error)},
        )
        raise TransientDeliveryError(repr(error)) from error
    except Exception as error:
        Notification.objects.filter(pk=notification_id).update(
            email_status=EmailStatus.FAILED, last_error=repr(error)[:2000]
        )
        logger.exception(
            "Notification e-mail failed", extra={"notification_id": notification_id}
        )
        raise

    Notification.objects.filter(pk=notification_id).update(
        email_status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    logger.info(
        "Notification e-mail sent",
        extra={
            "notification_id": notification_id,
            "recipient_id": notification.recipient_id,
            "kind": notification.kind,
            "key": notification.key,
        },
    )
    return True


def send_digest(user, frequency: str) -> int:
    """Send ``user`` one e-mail with their pending ``frequency`` notifications.

    Claims the rows the same way as a single notification, so a digest task
    run twice sends one e-mail. Returns the number of notifications in it.
    """
    now = timezone.now()
    with transaction.atomic():
        # Lock the user's waiting rows so that two digest runs claim disjoint
        # sets; the claim itself is the UPDATE below.
        ids = list(
            Notification.objects.filter(
                recipient=user,
                delivery=frequency,
                email_status=EmailStatus.PENDING,
            )
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        _claim(Notification.objects.filter(pk__in=ids), now)

    notifications = list(Notification.objects.filter(pk__in=ids).order_by("pk"))
    with translation.override(user.preferred_language or "en"):
        items = []
        for notification in notifications:
            subject, body = notification.render()
            items.append({"subject": subject, "url": _absolute(notification.url)})
        template = "notifications/email/digest_%s.txt" % (
            "weekly" if frequency == Delivery.WEEKLY else "daily"
        )
        text = render_to_string(template, {"recipient": user, "items": items})
        subject = render_to_string(
            "notifications/email/digest_subject.txt",
            {"count": len(items), "weekly": frequency == Delivery.WEEKLY},
        ).strip()
    try:
        EmailMessage(subject=subject, body=text, to=[user.email]).send()
    except Exception as error:
        Notification.objects.filter(pk__in=ids).update(
            email_status=EmailStatus.PENDING, last_error=repr(error)[:2000]
        )
        raise
    Notification.objects.filter(pk__in=ids).update(
        email_status=EmailStatus.SENT, sent_at=timezone.now()
    )
    logger.info(
        "Digest e-mail sent",
        extra={"recipient_id": user.pk, "notification_ids": ids, "kind": frequency},
    )
    return len(ids)


def release_stuck(*, actor, notification: Notification) -> None:
    """Put a notification left in ``sending`` by a dead worker back in the
    queue, after an administrator has checked that it did not arrive."""
    from django.core.exceptions import PermissionDenied

    if not actor.is_superuser:
        raise PermissionDenied
    Notification.objects.filter(
        pk=notification.pk, email_status__in=[EmailStatus.SENDING, EmailStatus.FAILED]
    ).update(email_status=EmailStatus.PENDING, last_error="")
    logger.info(
        "Notification released for another attempt",
        extra={"notification_id": notification.pk, "user_id": actor.pk},
    )

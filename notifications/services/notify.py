"""Creating notifications, reading them and choosing how they arrive.

``notify`` is the one function that creates a notification. Call it inside
the transaction of the change that causes it: the row is the outbox entry of
the e-mail, so the change and its message are committed together or not at
all, and the e-mail is queued only after the commit.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..kinds import Delivery, get_kind
from ..models import EmailStatus, Notification, NotificationPreference
from ..unread import forget_unread_count

logger = logging.getLogger(__name__)


def delivery_for(user, kind_name: str) -> str:
    """How ``user`` wants ``kind_name`` delivered; mandatory kinds are never
    off and never wait for a digest."""
    kind = get_kind(kind_name)
    if kind.mandatory:
        return Delivery.IMMEDIATELY
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind_name)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or kind.default_delivery


def notify(
    recipient,
    kind: str,
    *,
    key: str,
    about=None,
    context: dict | None = None,
    url: str = "",
) -> tuple[Notification, bool]:
    """Create the notification ``key`` for ``recipient`` unless it exists.

    Returns the notification and whether it was created now. The unique
    constraint on (recipient, key) makes a second call, even a concurrent one
    in another transaction, a no-op.
    """
    get_kind(kind)  # An undeclared kind is a programming error: fail loudly.
    delivery = delivery_for(recipient, kind)
    if url == "" and about is not None and hasattr(about, "get_absolute_url"):
        url = about.get_absolute_url()

    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        key=key,
        defaults={
            "kind": kind,
            "content_type": (
                ContentType.objects.get_for_model(about) if about is not None else None
            ),
            "object_id": about.pk if about is not None else None,
            "language": recipient.preferred_language or "en",
            "context": context or {},
            "url": url,
            "delivery": delivery,
            "email_status": (
                EmailStatus.SKIPPED if delivery == Delivery.OFF else EmailStatus.PENDING
            ),
            "send_after": timezone.now(),
        },
    )
    if created:
        forget_unread_count(recipient)
        logger.info(
            "Notification created",
            extra={
                "notification_id": notification.pk,
                "recipient_id": recipient.pk,
                "kind": kind,
                "key": key,
            },
        )
        if delivery == Delivery.IMMEDIATELY:
            from ..tasks import deliver_notification, enqueue

            transaction.on_commit(
                lambda: enqueue(deliver_notification, notification.pk)
            )
    return notification, created


@transaction.atomic
def mark_read(*, actor, notification: Notification) -> None:
    """Mark one of ``actor``'s notifications read."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_unread_count(actor)


@transaction.atomic
def mark_all_read(*, actor) -> int:
    """Mark every unread notification of ``actor`` read; returns how many."""
    return (
        Notification.objects.visible_to(actor).unread().update(read_at=timezone.now())
    )


@transaction.atomic
def set_preference(*, actor, kind: str, delivery: str) -> None:
    """Record how ``actor`` wants ``kind`` delivered."""
    spec = get_kind(kind)
    if delivery not in Delivery.values:
        raise ValidationError(_("Choose one of the offered deliveries."))
    if spec.mandatory and delivery != Delivery.IMMEDIATELY:
        raise ValidationError(
            _("%(kind)s notifications cannot be turned off or delayed.")
            % {"kind": spec.label}
        )
    NotificationPreference.objects.update_or_create(
        user=actor, kind=kind, defaults={"delivery": delivery}
    )

"""Notifications and their e-mail outbox.

A ``Notification`` row is both what the portal shows under the bell and the
outbox entry of its e-mail: it is written in the transaction of the change
that causes it, and a Celery task sends it from there.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..kinds import KINDS, Delivery


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (turned off)")
    FAILED = "failed", _("Failed")


class NotificationQuerySet(models.QuerySet):
    """Notifications belong to their recipient: nobody else reads them, staff
    included (the operations page reads ids and states, not contents)."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def editable_by(self, user):
        return self.visible_to(user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def due_for_email(self, now):
        return self.filter(
            email_status=EmailStatus.PENDING,
            delivery=Delivery.IMMEDIATELY,
            send_after__lte=now,
        )

    def dangerously_unscoped(self):
        return self.all()


class Notification(models.Model):
    """One message to one user about one record, shown in the portal and
    e-mailed according to the user's preference for its kind."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("type of record"),
    )
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    # Makes a notification unique per recipient: a reminder's key names the
    # record, the due date and the offset, so it is created once.
    key = models.CharField(_("key"), max_length=200)
    language = models.CharField(_("language"), max_length=5)
    context = models.JSONField(_("context"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    delivery = models.CharField(
        _("delivery"), max_length=12, choices=Delivery, default=Delivery.IMMEDIATELY
    )
    email_status = models.CharField(
        _("e-mail status"),
        max_length=10,
        choices=EmailStatus,
        default=EmailStatus.PENDING,
    )
    send_after = models.DateTimeField(_("send after"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="unique_notification_key"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status", "send_after"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.key})"

    @property
    def kind_spec(self):
        return KINDS.get(self.kind)

    def render(self) -> tuple[str, str]:
        """Subject and body in the active language."""
        spec = self.kind_spec
        if spec is None:
            return self.kind, ""
        return spec.render(self.context)

    @property
    def subject(self) -> str:
        return self.render()[0]

    @property
    def body(self) -> str:
        return self.render()[1]


class NotificationPreference(models.Model):
    """How one user wants one kind of notification delivered by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="unique_notification_preference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"

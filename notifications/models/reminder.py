"""Settings of the reminder kinds that staff may change."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderRule(models.Model):
    """When one reminder kind fires, relative to its due dates.

    ``offsets`` are days from the due date (negative: before it). A reminder
    is sent for the latest offset that has passed, once; ``catch_up_days``
    bounds how late a missed reminder is still worth sending.
    """

    kind = models.CharField(_("reminder kind"), max_length=60, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    offsets = ArrayField(
        models.IntegerField(),
        verbose_name=_("days from the due date"),
        help_text=_("Comma-separated; negative numbers are days before it."),
    )
    threshold_days = models.PositiveIntegerField(
        _("days without activity"),
        null=True,
        blank=True,
        help_text=_("For kinds about inactivity: how many days count as inactive."),
    )
    catch_up_days = models.PositiveIntegerField(
        _("catch-up window (days)"),
        default=14,
        help_text=_("A reminder missed for longer than this is not sent late."),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")

    def __str__(self) -> str:
        return self.kind

    def clean(self) -> None:
        from ..reminders.base import REMINDERS

        if self.kind not in REMINDERS:
            raise ValidationError({"kind": _("There is no such reminder kind.")})
        if not self.offsets:
            raise ValidationError({"offsets": _("Give at least one offset.")})

"""A record of background tasks that failed, for the operations page."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskFailure(models.Model):
    """One failed run of a Celery task, with its error (never e-mail text:
    tasks take ids)."""

    task_name = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("task failure")
        verbose_name_plural = _("task failures")
        indexes = [models.Index(fields=["-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.task_name} {self.occurred_at:%Y-%m-%d %H:%M}"

"""A report job: who asked for which file, its progress and the file."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    EXPORT = "export", _("List export")
    WORKPLAN_PROGRESS = "workplan_progress", _("Work plan progress")
    FUND_STATEMENT = "fund_statement", _("Fund statement")


class ReportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ReportJobQuerySet(models.QuerySet):
    """A report is read by the user who asked for it, and by staff."""

    def visible_to(self, user):
        from accounts.access import access_for

        if user is None or not user.is_authenticated:
            return self.none()
        if access_for(user).is_staff_member:
            return self.all()
        return self.filter(requested_by=user)

    def editable_by(self, user):
        return self.visible_to(user)

    def dangerously_unscoped(self):
        return self.all()


def report_path(job, filename: str) -> str:
    return f"reports/{job.created_at:%Y/%m}/{job.pk}-{filename}"


class ReportJob(models.Model):
    """A file one user asked for, made in the background and kept until
    ``expires_at``."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind)
    format = models.CharField(_("format"), max_length=5, choices=ReportFormat)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_written = models.PositiveBigIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def title(self) -> str:
        if self.kind == ReportKind.EXPORT:
            from .exporters import EXPORTERS

            exporter = EXPORTERS.get(self.parameters.get("exporter", ""))
            label = exporter.label if exporter else self.parameters.get("exporter")
            return f"{label} ({self.get_format_display()})"
        return f"{self.get_kind_display()} ({self.get_format_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (
            ReportStatus.DONE,
            ReportStatus.FAILED,
            ReportStatus.EXPIRED,
        )

"""Execution of an approved project: tranches of disbursement and the
reports it owes on given dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import ScopedQuerySet

from ..money import money_field
from .ledger import FUND_ROLES
from .proposals import Proposal


class ProjectScopedQuerySet(ScopedQuerySet):
    """Rows of a project, seen as its proposal is by its country."""

    country_lookup = "proposal__country"
    full_access_roles = FUND_ROLES


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DISBURSED = "disbursed", _("Disbursed")


class Tranche(models.Model):
    """A planned instalment of a project's allocation, disbursed once."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        related_name="tranches",
        verbose_name=_("project"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    amount = money_field(_("amount"))
    planned_on = models.DateField(_("planned on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TrancheStatus,
        default=TrancheStatus.PLANNED,
    )
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    disbursed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disbursed by"),
    )

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="unique_tranche_number"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="tranche_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} — tranche {self.number}"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINANCIAL = "financial", _("Financial report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    WAIVED = "waived", _("Waived")


class ReportDueDateQuerySet(ProjectScopedQuerySet):
    def outstanding(self):
        """Reports still owed, the rows reminders are sent for."""
        return self.filter(status=ReportStatus.DUE)


class ReportDueDate(models.Model):
    """A report a project owes on a date. Reminders are sent from these rows
    (another issue); ``status`` says whether it is still owed."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="report_due_dates",
        verbose_name=_("project"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus, default=ReportStatus.DUE
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ReportDueDateQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("report due date")
        verbose_name_plural = _("report due dates")
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "kind", "due_on"], name="unique_report_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.due_on}"

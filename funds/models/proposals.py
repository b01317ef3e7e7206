"""Project proposals, their evaluation by reviewers, and their history.

A proposal moves through its life cycle only by the services of
``funds.services.proposals``; each step is recorded in ``ProposalEvent``.
Once approved, a proposal is frozen: a change is an ``Amendment``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import STAFF_ROLES, ScopedQuerySet
from accounts.roles import Role

from ..money import money_field
from .cycles import Criterion, ProgrammingCycle, Theme
from .ledger import FUND_ROLES


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    EVALUATED = "evaluated", _("Evaluated")
    APPROVED = "approved", _("Approved")
    NOT_APPROVED = "not_approved", _("Not approved")
    IN_EXECUTION = "in_execution", _("In execution")
    CLOSED = "closed", _("Closed")


APPROVED_STATUSES = (
    ProposalStatus.APPROVED,
    ProposalStatus.IN_EXECUTION,
    ProposalStatus.CLOSED,
)
# Approved proposals are frozen; a change to them is an amendment.
FROZEN_STATUSES = APPROVED_STATUSES


class ProposalQuerySet(ScopedQuerySet):
    """Focal points see their country's proposals, reviewers the ones assigned
    to them once they have declared no conflict of interest, fund managers
    and staff everything. A proposal is country data: its country's focal
    points and staff change it; fund managers evaluate it, never edit it."""

    country_lookup = "country"
    full_access_roles = FUND_ROLES
    full_change_roles = STAFF_ROLES

    def extra_visible_q(self, access):
        if not access.has_role(Role.REVIEWER) or access.user_id is None:
            return Q(pk__in=[])
        cleared = ReviewerAssignment.objects.filter(
            reviewer_id=access.user_id,
            conflict_declared_at__isnull=False,
            has_conflict=False,
        )
        return Q(pk__in=cleared.values("proposal_id"))


class Proposal(models.Model):
    """A project proposal a member state submits to a programming cycle; once
    approved, the project it becomes."""

    cycle = models.ForeignKey(
        ProgrammingCycle,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("cycle"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("theme"),
    )
    country = models.ForeignKey(
        "accounts.MemberState",
        on_delete=models.PROTECT,
        related_name="fund_proposals",
        verbose_name=_("proposing country"),
    )
    beneficiary_countries = models.ManyToManyField(
        "accounts.MemberState",
        related_name="benefiting_proposals",
        verbose_name=_("beneficiary countries"),
        blank=True,
    )
    title = models.CharField(_("title"), max_length=300)
    objectives = models.TextField(_("objectives"))
    duration_months = models.PositiveSmallIntegerField(_("duration in months"))
    partners = models.TextField(_("partners"), blank=True)
    requested_amount = money_field(_("amount requested"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus,
        default=ProposalStatus.DRAFT,
    )
    eligibility_reasons = models.TextField(_("reasons of eligibility"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["cycle", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gt=0),
                name="proposal_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(duration_months__gt=0),
                name="proposal_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funds:proposal-detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def fund(self):
        return self.cycle.fund


class BudgetLine(models.Model):
    """A line of a proposal's budget, in the fund's currency."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("proposal"),
    )
    description = models.CharField(_("description"), max_length=300)
    amount = money_field(_("amount"))

    class Meta:
        ordering = ["proposal", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="budget_line_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class ProposalAttachment(models.Model):
    """A document attached to a proposal; served only through a view that
    checks the proposal's visibility."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("proposal"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="funds/proposals/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["proposal", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class ProposalEvent(models.Model):
    """One step of a proposal's life cycle: who moved it, when, from where to
    where, and why."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("proposal"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ProposalStatus, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["proposal", "created_at", "pk"]
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class Amendment(models.Model):
    """A change to an approved proposal, with the values before and after."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("proposal"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"), default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="unique_amendment_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} — amendment {self.number}"


class ReviewerAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reviewers see their own assignments; fund managers and staff all."""
        from accounts.access import access_for

        access = access_for(user)
        if access.has_full_access(FUND_ROLES):
            return self.all()
        if access.user_id is None:
            return self.none()
        return self.filter(reviewer_id=access.user_id)


class ReviewerAssignment(models.Model):
    """A reviewer assigned by staff to a proposal.

    The reviewer declares a conflict of interest (or none) before the
    proposal opens to them, then scores it against the cycle's criteria.
    """

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("proposal"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    conflict_declared_at = models.DateTimeField(
        _("conflict of interest declared at"), null=True, blank=True
    )
    has_conflict = models.BooleanField(_("has a conflict of interest"), default=False)
    conflict_statement = models.TextField(_("declaration"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    objects = ReviewerAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "assigned_at"]
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_assignment_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal}"

    @property
    def may_see_proposal(self) -> bool:
        return self.conflict_declared_at is not None and not self.has_conflict


class Score(models.Model):
    """A reviewer's score of a proposal against one criterion."""

    assignment = models.ForeignKey(
        ReviewerAssignment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("assignment"),
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["assignment", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="score_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"

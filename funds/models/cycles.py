"""Programming cycles: the call for proposals, its themes and envelopes, the
evaluation criteria and the multi-country priority bonus."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..money import money_field
from .ledger import Fund


class CycleQuerySet(models.QuerySet):
    """Cycles and their calls are public."""

    def visible_to(self, user):
        return self.all()

    def with_figures(self):
        """Annotate each cycle with what it received and approved."""
        from .proposals import APPROVED_STATUSES, ProposalStatus

        received = ~Q(proposals__status=ProposalStatus.DRAFT)
        approved = Q(proposals__status__in=APPROVED_STATUSES)
        return self.annotate(
            proposals_received=Count("proposals", filter=received, distinct=True),
            proposals_approved=Count("proposals", filter=approved, distinct=True),
            amount_requested=Sum("proposals__requested_amount", filter=received),
            amount_approved=Sum("proposals__requested_amount", filter=approved),
            countries_taking_part=Count(
                "proposals__country", filter=received, distinct=True
            ),
        )


class ProgrammingCycle(models.Model):
    """A programming cycle of a fund, with its open call and deadlines."""

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("fund")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    call_opens_at = models.DateTimeField(_("call opens at"))
    proposal_deadline = models.DateTimeField(_("deadline for proposals"))
    evaluation_deadline = models.DateField(_("deadline for evaluation"))
    decision_deadline = models.DateField(_("deadline for the Board's decision"))
    score_scale_max = models.PositiveSmallIntegerField(
        _("highest score per criterion"), default=10
    )
    bonus_min_countries = models.PositiveSmallIntegerField(
        _("countries needed for the multi-country bonus"), default=2
    )
    bonus_per_extra_country = models.DecimalField(
        _("bonus points per country beyond the first"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
    )
    bonus_max = models.DecimalField(
        _("highest multi-country bonus"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programming cycle")
        verbose_name_plural = _("programming cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="cycle_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(proposal_deadline__gt=models.F("call_opens_at")),
                name="cycle_deadline_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(score_scale_max__gt=0), name="cycle_scale_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funds:cycle-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _("The cycle must end after it starts.")
        if (
            self.call_opens_at
            and self.proposal_deadline
            and self.proposal_deadline <= self.call_opens_at
        ):
            errors["proposal_deadline"] = _(
                "The deadline for proposals must come after the call opens."
            )
        if (
            self.proposal_deadline
            and self.evaluation_deadline
            and self.evaluation_deadline < self.proposal_deadline.date()
        ):
            errors["evaluation_deadline"] = _(
                "Evaluation cannot end before proposals are in."
            )
        if (
            self.evaluation_deadline
            and self.decision_deadline
            and self.decision_deadline < self.evaluation_deadline
        ):
            errors["decision_deadline"] = _(
                "The Board cannot decide before the evaluation ends."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def length_months(self) -> int:
        """The cycle's length in whole months."""
        months = (self.ends_on.year - self.starts_on.year) * 12
        return months + self.ends_on.month - self.starts_on.month

    def multi_country_bonus(self, country_count: int) -> Decimal:
        """The priority bonus a project reaching ``country_count`` countries
        earns under this cycle's rule."""
        if country_count < max(self.bonus_min_countries, 2):
            return Decimal("0")
        bonus = self.bonus_per_extra_country * (country_count - 1)
        return min(bonus, self.bonus_max)


class Theme(models.Model):
    """A theme of a cycle, with the envelope set aside for it."""

    cycle = models.ForeignKey(
        ProgrammingCycle,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("cycle"),
    )
    name = models.CharField(_("name"), max_length=200)
    envelope = money_field(_("envelope"))

    class Meta:
        ordering = ["cycle", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "name"], name="unique_theme_per_cycle"
            ),
            models.CheckConstraint(
                condition=Q(envelope__gte=0), name="theme_envelope_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A criterion reviewers score every proposal of a cycle against."""

    cycle = models.ForeignKey(
        ProgrammingCycle,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("cycle"),
    )
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=Decimal("1")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["cycle", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

"""Funds, their ICR rates, contributions and the immutable ledger.

A fund's balances are never stored: they are sums of its ledger entries,
computed by the database (``LedgerEntryQuerySet.balances``). An entry, once
written, is neither changed nor deleted; a mistake is undone by a reversing
entry. The model refuses updates and deletes, and a database trigger
(migration 0002) refuses them from any other client too.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import STAFF_ROLES, ScopedQuerySet, access_for
from accounts.roles import Role

from ..money import money_field

# Fund managers see and change everything in funds, as staff do.
FUND_ROLES = STAFF_ROLES | {Role.FUND_MANAGER}
ZERO = Decimal("0")


class IcrBasis(models.TextChoices):
    ON_RECEIPT = "on_receipt", _("On contributions as received")
    ON_PROJECT_BUDGET = "on_project_budget", _("On project budgets")


class FundQuerySet(models.QuerySet):
    """Funds and their aggregate figures are public; fund managers and staff
    change them."""

    def visible_to(self, user):
        return self.all()

    def editable_by(self, user):
        if access_for(user).has_full_access(FUND_ROLES):
            return self.all()
        return self.none()

    def with_balances(self):
        """Annotate each fund with its balances, summed by the database."""
        return self.annotate(**_balance_annotations("entries__"))


class Fund(models.Model):
    """A fund: the DCF umbrella, or a sub-fund brought under it.

    A sub-fund keeps its own ledger; the umbrella's consolidated balances add
    its sub-funds' entries to its own, so they share its currency.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_funds",
        verbose_name=_("umbrella fund"),
    )
    currency = models.ForeignKey(
        "reference.Currency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("currency"),
    )
    icr_basis = models.CharField(
        _("ICR charged"),
        max_length=20,
        choices=IcrBasis,
        default=IcrBasis.ON_RECEIPT,
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["parent_id", "name"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funds:fund-detail", args=[self.code])

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A fund cannot be its own umbrella.")})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("A sub-fund cannot itself hold sub-funds.")}
            )
        if self.parent.currency_id != self.currency_id:
            raise ValidationError(
                {"currency": _("A sub-fund keeps its umbrella fund's currency.")}
            )

    @property
    def is_umbrella(self) -> bool:
        return self.parent_id is None

    def balances(self) -> dict[str, Decimal]:
        """This fund's own balances (one query)."""
        return LedgerEntry.objects.filter(fund=self).balances()

    def consolidated_balances(self) -> dict[str, Decimal]:
        """Balances of this fund with its sub-funds (one query)."""
        return LedgerEntry.objects.filter(
            Q(fund=self) | Q(fund__parent=self)
        ).balances()


class IcrRate(models.Model):
    """The indirect cost recovery rate of a fund over a validity period.

    Rows are never edited: a new rate closes the period of the one before
    (``valid_until``), so the rows of a fund are its history of changes.
    """

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="icr_rates", verbose_name=_("fund")
    )
    rate = models.DecimalField(
        _("rate"),
        max_digits=5,
        decimal_places=4,
        help_text=_("A fraction: 0.07 is 7%."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        ordering = ["fund", "-valid_from"]
        verbose_name = _("ICR rate")
        verbose_name_plural = _("ICR rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lt=1), name="icr_rate_is_a_fraction"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="icr_period_is_ordered",
            ),
            models.UniqueConstraint(
                fields=["fund", "valid_from"], name="one_icr_rate_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.percent}% ({self.valid_from})"

    @property
    def percent(self) -> Decimal:
        return (self.rate * 100).normalize()


class ContributorKind(models.TextChoices):
    MEMBER_STATE = "member_state", _("Member state")
    OBSERVER_STATE = "observer_state", _("Observer state")
    ORGANISATION = "organisation", _("Organisation")


class ContributionStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    PARTLY_RECEIVED = "partly_received", _("Partly received")
    RECEIVED = "received", _("Received")


class ContributionQuerySet(ScopedQuerySet):
    """A contribution is seen by its contributor and by fund managers."""

    country_lookup = "contributor_state"
    organisation_lookup = "contributor_organisation"
    full_access_roles = FUND_ROLES


class Contribution(models.Model):
    """A contributor's pledge to a fund, paid in one or more receipts.

    The contributor is a member state, an observer state (both
    ``MemberState``) or an organisation.
    """

    fund = models.ForeignKey(
        Fund,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("fund"),
    )
    contributor_state = models.ForeignKey(
        "accounts.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_contributions",
        verbose_name=_("contributing state"),
    )
    contributor_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_contributions",
        verbose_name=_("contributing organisation"),
    )
    currency = models.ForeignKey(
        "reference.Currency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("currency of the pledge"),
    )
    amount = money_field(_("amount pledged"))
    exchange_rate = models.DecimalField(
        _("exchange rate to the fund's currency"), max_digits=18, decimal_places=8
    )
    pledged_on = models.DateField(_("pledged on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContributionStatus,
        default=ContributionStatus.PLEDGED,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-pledged_on", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(contributor_state__isnull=True)
                ^ Q(contributor_organisation__isnull=True),
                name="contribution_has_one_contributor",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="contribution_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(exchange_rate__gt=0), name="contribution_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} → {self.fund} {self.amount} {self.currency.code}"

    def get_absolute_url(self) -> str:
        return reverse("funds:contribution-detail", args=[self.pk])

    @property
    def contributor(self):
        return self.contributor_state or self.contributor_organisation

    @property
    def contributor_kind(self) -> str:
        if self.contributor_organisation_id:
            return ContributorKind.ORGANISATION
        if self.contributor_state.is_observer:
            return ContributorKind.OBSERVER_STATE
        return ContributorKind.MEMBER_STATE


class ContributionReceipt(models.Model):
    """A payment received against a contribution, in any currency, with the
    exchange rate and date used to bring it into the fund's currency."""

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("contribution"),
    )
    currency = models.ForeignKey(
        "reference.Currency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("currency received"),
    )
    amount = money_field(_("amount received"))
    exchange_rate = models.DecimalField(
        _("exchange rate to the fund's currency"), max_digits=18, decimal_places=8
    )
    rate_date = models.DateField(_("date of the exchange rate"))
    received_on = models.DateField(_("received on"))
    amount_in_fund_currency = money_field(_("amount in the fund's currency"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("contribution receipt")
        verbose_name_plural = _("contribution receipts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="receipt_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(exchange_rate__gt=0), name="receipt_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code} on {self.received_on}"


class EntryKind(models.TextChoices):
    PLEDGED = "pledged", _("Contribution pledged")
    RECEIVED = "received", _("Contribution received")
    ICR_CHARGED = "icr_charged", _("ICR charged")
    ALLOCATED = "allocated", _("Allocated to a project")
    DISBURSED = "disbursed", _("Disbursed")
    RETURNED = "returned", _("Returned to the fund")
    TRANSFERRED = "transferred", _("Transferred between funds")


def _kind_sum(prefix: str, kind: str):
    return Coalesce(
        Sum(f"{prefix}amount", filter=Q(**{f"{prefix}kind": kind})),
        ZERO,
        output_field=models.DecimalField(max_digits=18, decimal_places=4),
    )


def _balance_annotations(prefix: str = "") -> dict:
    """The balances as aggregate expressions over ledger entries.

    Each kind's entries carry positive amounts, and their reversals the same
    amounts negated, so a plain sum per kind nets reversals out. Transfers
    are signed: negative leaving a fund, positive arriving.
    """
    sums = {f"{kind}_total": _kind_sum(prefix, kind) for kind in EntryKind.values}
    available = (
        sums["received_total"]
        - sums["icr_charged_total"]
        - sums["allocated_total"]
        + sums["returned_total"]
        + sums["transferred_total"]
    )
    committed = (
        sums["allocated_total"] - sums["disbursed_total"] - sums["returned_total"]
    )
    return {**sums, "available": available, "undisbursed": committed}


BALANCE_NAMES = (
    "pledged_total",
    "received_total",
    "icr_charged_total",
    "allocated_total",
    "disbursed_total",
    "returned_total",
    "transferred_total",
    "available",
    "undisbursed",
)


class ImmutableEntryError(Exception):
    """A ledger entry was about to be changed or deleted."""


class LedgerEntryQuerySet(ScopedQuerySet):
    """Entries are read by fund managers and staff, and a contributor reads
    the entries of its own contributions."""

    country_lookup = "contribution__contributor_state"
    organisation_lookup = "contribution__contributor_organisation"
    full_access_roles = FUND_ROLES

    def balances(self) -> dict[str, Decimal]:
        """The balances of the entries in this queryset, in one query."""
        return self.aggregate(**_balance_annotations())

    def update(self, **kwargs):
        raise ImmutableEntryError("Ledger entries are never changed; reverse them.")

    def delete(self):
        raise ImmutableEntryError("Ledger entries are never deleted; reverse them.")


class LedgerEntry(models.Model):
    """One movement of money in a fund, in the fund's currency.

    ``amount`` is positive for every kind except transfers (negative when
    leaving the fund); a reversal carries the negated amount of the entry it
    reverses. Where the money came in another currency, the original amount,
    currency and exchange rate are kept beside it.
    """

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="entries", verbose_name=_("fund")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind)
    amount = money_field(_("amount"))
    value_date = models.DateField(_("value date"))
    original_amount = money_field(_("original amount"), null=True, blank=True)
    original_currency = models.ForeignKey(
        "reference.Currency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("original currency"),
    )
    exchange_rate = models.DecimalField(
        _("exchange rate"), max_digits=18, decimal_places=8, null=True, blank=True
    )
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("contribution"),
    )
    receipt = models.ForeignKey(
        ContributionReceipt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("receipt"),
    )
    proposal = models.ForeignKey(
        "funds.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("project"),
    )
    tranche = models.ForeignKey(
        "funds.Tranche",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("tranche"),
    )
    counterpart_fund = models.ForeignKey(
        Fund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("other fund of a transfer"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["value_date", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["fund", "kind"])]
        constraints = [
            # A plain entry is positive and its reversal negative; transfers
            # carry their direction in the sign, and are never zero.
            models.CheckConstraint(
                condition=Q(kind=EntryKind.TRANSFERRED, amount__lt=0)
                | Q(kind=EntryKind.TRANSFERRED, amount__gt=0)
                | Q(reverses__isnull=True, amount__gt=0)
                | Q(reverses__isnull=False, amount__lt=0),
                name="ledger_amount_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.value_date})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableEntryError("Ledger entries are never changed; reverse them.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntryError("Ledger entries are never deleted; reverse them.")

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

"""Changes of state of funds, ICR rates, contributions and the ledger.

Every function here takes the acting user, checks that the user may act,
validates, and writes inside one transaction. Ledger entries are only ever
added: a correction is a reversing entry (``reverse_entry``).
"""

import logging
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.access import access_for
from reference.models import Currency

from ..models import (
    FUND_ROLES,
    Contribution,
    ContributionReceipt,
    ContributionStatus,
    EntryKind,
    Fund,
    IcrBasis,
    IcrRate,
    LedgerEntry,
)
from ..money import MONEY_DIGITS, MONEY_PLACES, convert, percentage_of, round_money

logger = logging.getLogger(__name__)

DEFAULT_CURRENCY_CODE = "USD"


def may_manage_funds(user) -> bool:
    """Fund managers and staff keep the ledgers, cycles and ICR rates."""
    return access_for(user).has_full_access(FUND_ROLES)


def require_fund_manager(user) -> None:
    if not may_manage_funds(user):
        raise PermissionDenied(_("Only fund managers and staff may do this."))


def positive_amount(value, field: str = "amount") -> Decimal:
    """``value`` as a Decimal greater than zero, or a ValidationError."""
    if isinstance(value, float):
        raise TypeError("Money is never a float.")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("The amount must be greater than zero.")})
    # Beyond what a money column holds it could neither be rounded nor saved.
    return storable(amount, field)


def storable(amount: Decimal, field: str = "amount") -> Decimal:
    """``amount`` if a money column can hold it (also once rounded or
    converted), or a ValidationError."""
    if abs(amount) >= Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES):
        raise ValidationError({field: _("The amount is too large.")})
    return amount


def usable_currency(currency) -> Currency:
    """``currency`` (an instance or an ISO code) if it is a known, current
    currency, else a ValidationError."""
    if isinstance(currency, Currency):
        found = currency
    else:
        found = Currency.objects.filter(code=str(currency or "").upper()).first()
    if found is None or found.withdrawn:
        raise ValidationError({"currency": _("Unknown currency.")})
    return found


def exchange_rate_for(fund: Fund, currency: Currency, rate) -> Decimal:
    """The rate bringing ``currency`` into the fund's: 1 for the fund's own
    currency, else the rate given, which is required and positive."""
    if currency.pk == fund.currency_id:
        if rate not in (None, "") and Decimal(rate) != 1:
            raise ValidationError(
                {"exchange_rate": _("The fund's own currency has a rate of 1.")}
            )
        return Decimal(1)
    if rate in (None, ""):
        raise ValidationError(
            {
                "exchange_rate": _(
                    "An amount in another currency needs the exchange rate used."
                )
            }
        )
    try:
        value = Decimal(rate)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"exchange_rate": _("Enter a rate.")}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError(
            {"exchange_rate": _("The exchange rate must be greater than zero.")}
        )
    return value


def lock_fund(fund: Fund) -> Fund:
    """Re-read ``fund`` holding its row lock until the transaction ends.

    Every write that could take the available balance below zero takes this
    lock first, so two such writes on one fund run one after the other and
    the second sees the first one's entry.
    """
    return Fund.objects.select_for_update().select_related("currency").get(pk=fund.pk)


@transaction.atomic
def create_fund(
    *, actor, name: str, code: str, currency=None, parent=None, **fields
) -> Fund:
    """Create a fund (the umbrella when ``parent`` is None), in USD unless
    another currency is named."""
    require_fund_manager(actor)
    currency = usable_currency(currency or DEFAULT_CURRENCY_CODE)
    fund = Fund(name=name, code=code, currency=currency, parent=parent, **fields)
    fund.full_clean()
    fund.save()
    logger.info("Fund created", extra={"fund_id": fund.pk, "user_id": actor.pk})
    return fund


def icr_rate_on(fund: Fund, day: date) -> Decimal:
    """The ICR rate of ``fund`` valid on ``day`` (0 when none is set)."""
    rate = (
        IcrRate.objects.filter(fund=fund, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )
    return rate if rate is not None else Decimal(0)


@transaction.atomic
def set_icr_rate(
    *, actor, fund: Fund, rate, valid_from: date, reason: str = ""
) -> IcrRate:
    """Set the ICR rate of ``fund`` from ``valid_from`` on.

    The rate in force closes the day before; rates already in force are
    never rewritten, so the rows are the history of every change.
    """
    require_fund_manager(actor)
    try:
        rate = Decimal(rate)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"rate": _("Enter a rate.")}) from None
    if not rate.is_finite() or rate < 0 or rate >= 1:
        raise ValidationError(
            {"rate": _("The rate is a fraction from 0 up to, not including, 1.")}
        )
    fund = lock_fund(fund)
    later = IcrRate.objects.filter(fund=fund, valid_from__gte=valid_from)
    if later.exists():
        raise ValidationError(
            {"valid_from": _("A rate already starts on or after this date.")}
        )
    current = (
        IcrRate.objects.filter(fund=fund, valid_until__isnull=True)
        .order_by("-valid_from")
        .first()
    )
    if current is not None:
        current.valid_until = valid_from - timedelta(days=1)
        current.save(update_fields=["valid_until"])
    icr = IcrRate.objects.create(
        fund=fund, rate=rate, valid_from=valid_from, reason=reason, set_by=actor
    )
    logger.info("ICR rate set", extra={"fund_id": fund.pk, "user_id": actor.pk})
    return icr


def _may_pledge_for(actor, state, organisation) -> bool:
    if may_manage_funds(actor):
        return True
    access = access_for(actor)
    if state is not None:
        return state.pk in access.editable_country_ids
    return organisation is not None and organisation.pk in access.organisation_ids


@transaction.atomic
def record_pledge(
    *,
    actor,
    fund: Fund,
    amount,
    currency,
    pledged_on: date,
    exchange_rate=None,
    contributor_state=None,
    contributor_organisation=None,
    note: str = "",
) -> Contribution:
    """Record a contributor's pledge to ``fund`` and its ledger entry.

    The contributor is a member or observer state, or an organisation; its
    focal points may pledge for it, fund managers for anyone.
    """
    if (contributor_state is None) == (contributor_organisation is None):
        raise ValidationError(
            _("Name the contributor: a state or an organisation, not both.")
        )
    if not _may_pledge_for(actor, contributor_state, contributor_organisation):
        raise PermissionDenied(_("You may not pledge for this contributor."))
    amount = positive_amount(amount)
    currency = usable_currency(currency)
    rate = exchange_rate_for(fund, currency, exchange_rate)

    contribution = Contribution.objects.create(
        fund=fund,
        contributor_state=contributor_state,
        contributor_organisation=contributor_organisation,
        currency=currency,
        amount=storable(round_money(amount, currency)),
        exchange_rate=rate,
        pledged_on=pledged_on,
        note=note,
        created_by=actor,
    )
    LedgerEntry.objects.create(
        fund=fund,
        kind=EntryKind.PLEDGED,
        amount=storable(convert(contribution.amount, rate, fund.currency)),
        value_date=pledged_on,
        original_amount=contribution.amount,
        original_currency=currency,
        exchange_rate=rate,
        contribution=contribution,
        created_by=actor,
    )
    logger.info(
        "Pledge recorded",
        extra={"contribution_id": contribution.pk, "user_id": actor.pk},
    )
    return contribution


@transaction.atomic
def record_receipt(
    *,
    actor,
    contribution: Contribution,
    amount,
    currency,
    received_on: date,
    exchange_rate=None,
    rate_date: date | None = None,
) -> ContributionReceipt:
    """Record money received against ``contribution``, in any currency.

    The amount is converted at the rate given into the fund's currency and
    booked as received; when the fund charges ICR on receipts, the rate in
    force on ``received_on`` is charged at once.
    """
    require_fund_manager(actor)
    amount = positive_amount(amount)
    currency = usable_currency(currency)
    fund = lock_fund(contribution.fund)
    rate = exchange_rate_for(fund, currency, exchange_rate)

    receipt = ContributionReceipt.objects.create(
        contribution=contribution,
        currency=currency,
        amount=storable(round_money(amount, currency)),
        exchange_rate=rate,
        rate_date=rate_date or received_on,
        received_on=received_on,
        amount_in_fund_currency=storable(convert(amount, rate, fund.currency)),
        created_by=actor,
    )
    common = {
        "fund": fund,
        "value_date": received_on,
        "contribution": contribution,
        "receipt": receipt,
        "created_by": actor,
    }
    LedgerEntry.objects.create(
        kind=EntryKind.RECEIVED,
        amount=receipt.amount_in_fund_currency,
        original_amount=receipt.amount,
        original_currency=currency,
        exchange_rate=rate,
        **common,
    )
    if fund.icr_basis == IcrBasis.ON_RECEIPT:
        icr_rate = icr_rate_on(fund, received_on)
        icr = percentage_of(receipt.amount_in_fund_currency, icr_rate, fund.currency)
        if icr > 0:
            LedgerEntry.objects.create(
                kind=EntryKind.ICR_CHARGED,
                amount=icr,
                memo=_("ICR at %(percent)s%%")
                % {"percent": f"{(icr_rate * 100).normalize():f}"},
                **common,
            )

    _refresh_contribution_status(contribution)
    logger.info(
        "Receipt recorded",
        extra={"contribution_id": contribution.pk, "user_id": actor.pk},
    )
    return receipt


def _refresh_contribution_status(contribution: Contribution) -> None:
    figures = LedgerEntry.objects.filter(contribution=contribution).balances()
    if figures["received_total"] <= 0:
        status = ContributionStatus.PLEDGED
    elif figures["received_total"] < figures["pledged_total"]:
        status = ContributionStatus.PARTLY_RECEIVED
    else:
        status = ContributionStatus.RECEIVED
    if status != contribution.status:
        contribution.status = status
        contribution.save(update_fields=["status"])


@transaction.atomic
def reverse_entry(*, actor, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Undo ``entry`` by adding its negation; the entry itself stays.

    Reversing must not take the fund's available balance below zero (undoing
    a receipt already allocated, say), so it takes the fund's lock too.
    """
    require_fund_manager(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is reversed.")})
    if entry.is_reversal:
        raise ValidationError(_("A reversal is not reversed; record a new entry."))
    # Under the fund's lock, two people reversing the same entry at once
    # cannot both pass this check.
    fund = lock_fund(entry.fund)
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))

    reversal = _reversal_of(entry, fund, actor, reason)
    # ICR charged on a receipt goes with it: undoing the money received
    # undoes the charge on it too.
    if entry.kind == EntryKind.RECEIVED and entry.receipt_id:
        charges = LedgerEntry.objects.filter(
            receipt_id=entry.receipt_id,
            kind=EntryKind.ICR_CHARGED,
            reverses__isnull=True,
            reversed_by__isnull=True,
        )
        for charge in charges:
            _reversal_of(charge, fund, actor, reason)
    if fund.balances()["available"] < 0:
        raise ValidationError(
            _("Reversing this entry would take the available balance below zero.")
        )
    if entry.contribution_id:
        _refresh_contribution_status(entry.contribution)
    logger.info("Entry reversed", extra={"entry_id": entry.pk, "user_id": actor.pk})
    return reversal


def _reversal_of(entry: LedgerEntry, fund: Fund, actor, reason: str) -> LedgerEntry:
    return LedgerEntry.objects.create(
        fund=fund,
        kind=entry.kind,
        amount=-entry.amount,
        value_date=entry.value_date,
        original_amount=-entry.original_amount if entry.original_amount else None,
        original_currency=entry.original_currency,
        exchange_rate=entry.exchange_rate,
        contribution=entry.contribution,
        receipt=entry.receipt,
        proposal=entry.proposal,
        tranche=entry.tranche,
        counterpart_fund=entry.counterpart_fund,
        reverses=entry,
        memo=reason,
        created_by=actor,
    )


@transaction.atomic
def transfer_between_funds(
    *, actor, source: Fund, destination: Fund, amount, value_date: date, memo=""
) -> tuple[LedgerEntry, LedgerEntry]:
    """Move available money from ``source`` to ``destination`` (same
    currency), as a pair of signed transfer entries."""
    require_fund_manager(actor)
    amount = positive_amount(amount)
    if source.pk == destination.pk:
        raise ValidationError(_("A transfer needs two different funds."))
    if source.currency_id != destination.currency_id:
        raise ValidationError(_("Transfers are between funds of one currency."))
    # Lock both rows in id order, so that two opposite transfers cannot
    # deadlock each other.
    locked = {
        fund.pk: fund
        for fund in Fund.objects.select_for_update()
        .select_related("currency")
        .filter(pk__in=[source.pk, destination.pk])
        .order_by("pk")
    }
    source, destination = locked[source.pk], locked[destination.pk]
    amount = round_money(amount, source.currency)
    if amount > source.balances()["available"]:
        raise ValidationError(
            {"amount": _("The amount is larger than the available balance.")}
        )
    common = {"value_date": value_date, "memo": memo, "created_by": actor}
    out = LedgerEntry.objects.create(
        fund=source,
        kind=EntryKind.TRANSFERRED,
        amount=-amount,
        counterpart_fund=destination,
        **common,
    )
    into = LedgerEntry.objects.create(
        fund=destination,
        kind=EntryKind.TRANSFERRED,
        amount=amount,
        counterpart_fund=source,
        **common,
    )
    return out, into

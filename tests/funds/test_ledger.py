"""The ledger: balances as sums of entries, immutability, reversals, ICR,
currencies, and the refusals of bad input."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from funds.models import (
    Contribution,
    ContributionStatus,
    EntryKind,
    IcrBasis,
    ImmutableEntryError,
    LedgerEntry,
)
from funds.services import ledger

from .factories import FundFactory, jpy, usd

pytestmark = pytest.mark.django_db


def entries_sum(fund, kind):
    return sum(
        (e.amount for e in LedgerEntry.objects.filter(fund=fund, kind=kind)),
        Decimal(0),
    )


def test_received_contribution_makes_the_available_balance(funded_dcf):
    balances = funded_dcf.balances()

    assert balances["pledged_total"] == Decimal("100000")
    assert balances["received_total"] == Decimal("100000")
    assert balances["available"] == Decimal("100000")


def test_receipt_in_parts_moves_the_contribution_status(dcf, fund_manager, mexico):
    contribution = ledger.record_pledge(
        actor=fund_manager,
        fund=dcf,
        amount="1000",
        currency="USD",
        pledged_on=date(2026, 1, 1),
        contributor_state=mexico,
    )
    ledger.record_receipt(
        actor=fund_manager,
        contribution=contribution,
        amount="400",
        currency="USD",
        received_on=date(2026, 2, 1),
    )
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PARTLY_RECEIVED

    ledger.record_receipt(
        actor=fund_manager,
        contribution=contribution,
        amount="600",
        currency="USD",
        received_on=date(2026, 3, 1),
    )
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECEIVED


def test_receipt_in_another_currency_is_converted_and_charged_icr(
    dcf, fund_manager, partner, euro
):
    ledger.set_icr_rate(
        actor=fund_manager, fund=dcf, rate="0.07", valid_from=date(2026, 1, 1)
    )
    contribution = ledger.record_pledge(
        actor=fund_manager,
        fund=dcf,
        amount="10000",
        currency=euro,
        exchange_rate="1.10",
        pledged_on=date(2026, 1, 5),
        contributor_organisation=partner.role_memberships.get().organisation,
    )
    receipt = ledger.record_receipt(
        actor=fund_manager,
        contribution=contribution,
        amount="3333.33",
        currency="EUR",
        exchange_rate="1.0857",
        rate_date=date(2026, 2, 27),
        received_on=date(2026, 3, 1),
    )

    # 3333.33 × 1.0857 = 3618.996381 → 3619.00 USD; 7% of it = 253.33.
    assert receipt.amount_in_fund_currency == Decimal("3619.00")
    balances = dcf.balances()
    assert balances["icr_charged_total"] == Decimal("253.33")
    assert balances["available"] == Decimal("3365.67")
    assert balances["pledged_total"] == Decimal("11000.00")


def test_amounts_are_rounded_to_the_currency_minor_units(fund_manager, mexico):
    fund = FundFactory(code="yen-fund", currency=jpy())
    contribution = ledger.record_pledge(
        actor=fund_manager,
        fund=fund,
        amount="1000.6",
        currency="JPY",
        pledged_on=date(2026, 1, 1),
        contributor_state=mexico,
    )
    assert contribution.amount == Decimal("1001")


def test_icr_rate_history_closes_the_previous_period(dcf, fund_manager):
    first = ledger.set_icr_rate(
        actor=fund_manager, fund=dcf, rate="0.11", valid_from=date(2024, 1, 1)
    )
    ledger.set_icr_rate(
        actor=fund_manager, fund=dcf, rate="0.07", valid_from=date(2026, 1, 1)
    )
    first.refresh_from_db()

    assert first.valid_until == date(2025, 12, 31)
    assert ledger.icr_rate_on(dcf, date(2025, 6, 1)) == Decimal("0.11")
    assert ledger.icr_rate_on(dcf, date(2026, 6, 1)) == Decimal("0.07")
    assert dcf.icr_rates.count() == 2


def test_icr_rate_cannot_start_before_a_later_one(dcf, fund_manager):
    ledger.set_icr_rate(
        actor=fund_manager, fund=dcf, rate="0.07", valid_from=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError):
        ledger.set_icr_rate(
            actor=fund_manager, fund=dcf, rate="0.05", valid_from=date(2025, 1, 1)
        )


@pytest.mark.parametrize("rate", ["-0.01", "1", "abc"])
def test_icr_rate_outside_zero_to_one_is_refused(dcf, fund_manager, rate):
    with pytest.raises(ValidationError):
        ledger.set_icr_rate(
            actor=fund_manager, fund=dcf, rate=rate, valid_from=date(2026, 1, 1)
        )
    assert not dcf.icr_rates.exists()


def test_only_fund_managers_set_icr_rates(dcf, alice):
    with pytest.raises(PermissionDenied):
        ledger.set_icr_rate(
            actor=alice, fund=dcf, rate="0.05", valid_from=date(2026, 1, 1)
        )


def test_entry_cannot_be_changed_or_deleted_by_the_model(funded_dcf):
    entry = LedgerEntry.objects.filter(fund=funded_dcf).first()
    entry.amount = Decimal(1)

    with pytest.raises(ImmutableEntryError):
        entry.save()
    with pytest.raises(ImmutableEntryError):
        entry.delete()
    with pytest.raises(ImmutableEntryError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(ImmutableEntryError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_database_refuses_update_and_delete_of_entries(funded_dcf):
    entry = LedgerEntry.objects.filter(fund=funded_dcf).first()

    for statement in (
        "UPDATE funds_ledgerentry SET amount = 1 WHERE id = %s",
        "DELETE FROM funds_ledgerentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])

    assert LedgerEntry.objects.get(pk=entry.pk).amount == entry.amount


def test_reversal_nets_an_entry_out_and_keeps_it(dcf, fund_manager, mexico):
    contribution = ledger.record_pledge(
        actor=fund_manager,
        fund=dcf,
        amount="500",
        currency="USD",
        pledged_on=date(2026, 1, 1),
        contributor_state=mexico,
    )
    pledge = contribution.entries.get()

    reversal = ledger.reverse_entry(
        actor=fund_manager, entry=pledge, reason="Typed twice"
    )

    assert reversal.amount == Decimal("-500")
    assert dcf.balances()["pledged_total"] == 0
    assert LedgerEntry.objects.filter(fund=dcf).count() == 2
    with pytest.raises(ValidationError):
        ledger.reverse_entry(actor=fund_manager, entry=pledge, reason="again")


def test_reversing_a_receipt_already_spent_is_refused(
    funded_dcf, fund_manager, staff, reviewer, alice, cycle, jamaica
):
    from funds.services.execution import allocate_to_project

    from .conftest import approve, make_proposal

    proposal = approve(
        make_proposal(alice, cycle, jamaica, amount="90000"),
        staff=staff,
        reviewer=reviewer,
    )
    allocate_to_project(actor=fund_manager, proposal=proposal, amount="90000")
    receipt_entry = LedgerEntry.objects.get(fund=funded_dcf, kind=EntryKind.RECEIVED)

    with pytest.raises(ValidationError):
        ledger.reverse_entry(actor=fund_manager, entry=receipt_entry, reason="bounced")
    assert not LedgerEntry.objects.filter(reverses=receipt_entry).exists()


def test_transfer_moves_available_money_between_funds(funded_dcf, fund_manager):
    sub_fund = FundFactory(code="sub", parent=funded_dcf, currency=usd())

    ledger.transfer_between_funds(
        actor=fund_manager,
        source=funded_dcf,
        destination=sub_fund,
        amount="2500",
        value_date=date(2026, 4, 1),
    )

    assert funded_dcf.balances()["available"] == Decimal("97500")
    assert sub_fund.balances()["available"] == Decimal("2500")
    assert funded_dcf.consolidated_balances()["available"] == Decimal("100000")


def test_transfer_larger_than_available_is_refused(funded_dcf, fund_manager):
    sub_fund = FundFactory(code="sub", parent=funded_dcf, currency=usd())
    with pytest.raises(ValidationError):
        ledger.transfer_between_funds(
            actor=fund_manager,
            source=funded_dcf,
            destination=sub_fund,
            amount="100000.01",
            value_date=date(2026, 4, 1),
        )
    assert not sub_fund.entries.exists()


@pytest.mark.parametrize("amount", ["-5", "0", "", "abc", "NaN", "Infinity"])
def test_pledge_of_a_non_positive_amount_is_refused(dcf, fund_manager, mexico, amount):
    with pytest.raises(ValidationError) as error:
        ledger.record_pledge(
            actor=fund_manager,
            fund=dcf,
            amount=amount,
            currency="USD",
            pledged_on=date(2026, 1, 1),
            contributor_state=mexico,
        )
    assert "amount" in error.value.message_dict
    assert not Contribution.objects.exists()
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    "amount, rate",
    [("99999999999999", "999999"), ("99999999999999.9999", "1")],
)
def test_pledge_too_large_once_rounded_or_converted_is_refused(
    dcf, fund_manager, mexico, euro, amount, rate
):
    # It passed the amount check and overflowed the money column: a 500.
    with pytest.raises(ValidationError) as error:
        ledger.record_pledge(
            actor=fund_manager,
            fund=dcf,
            amount=amount,
            currency="EUR",
            exchange_rate=rate,
            pledged_on=date(2026, 1, 1),
            contributor_state=mexico,
        )
    assert error.value.message_dict["amount"] == ["The amount is too large."]
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    "themes, criteria, field, message",
    [
        # 1e40 passed as positive, then could not be rounded: a 500.
        ([("Education", "1e40")], [("Relevance", "1")], "themes", "too large"),
        # An envelope that rounds to nothing used to open the cycle with 0.
        ([("Education", "0.001")], [("Relevance", "1")], "themes", "zero"),
        # A weight or a name beyond its column reached the database: a 500.
        ([("Education", "100")], [("Relevance", "99999")], "criteria", "digits"),
        ([("E" * 201, "100")], [("Relevance", "1")], "themes", "200 characters"),
        ([("Education", "100")], [("R" * 201, "1")], "criteria", "200 characters"),
    ],
)
def test_cycle_with_a_theme_or_criterion_it_cannot_keep_is_refused(
    dcf, fund_manager, themes, criteria, field, message
):
    from funds.models import ProgrammingCycle
    from funds.services.cycles import open_cycle

    from .factories import CycleFactory

    fields = CycleFactory.build(fund=dcf)
    with pytest.raises(ValidationError) as error:
        open_cycle(
            actor=fund_manager,
            fund=dcf,
            themes=themes,
            criteria=criteria,
            name="Too large",
            starts_on=fields.starts_on,
            ends_on=fields.ends_on,
            call_opens_at=fields.call_opens_at,
            proposal_deadline=fields.proposal_deadline,
            evaluation_deadline=fields.evaluation_deadline,
            decision_deadline=fields.decision_deadline,
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not ProgrammingCycle.objects.exists()


def test_contribution_in_an_unknown_currency_is_refused(dcf, fund_manager, mexico):
    with pytest.raises(ValidationError) as error:
        ledger.record_pledge(
            actor=fund_manager,
            fund=dcf,
            amount="100",
            currency="XYZ",
            exchange_rate="1",
            pledged_on=date(2026, 1, 1),
            contributor_state=mexico,
        )
    assert error.value.message_dict == {"currency": ["Unknown currency."]}
    assert not Contribution.objects.exists()


def test_receipt_in_another_currency_without_a_rate_is_refused(
    funded_dcf, fund_manager, euro
):
    contribution = Contribution.objects.get()
    with pytest.raises(ValidationError) as error:
        ledger.record_receipt(
            actor=fund_manager,
            contribution=contribution,
            amount="100",
            currency=euro,
            received_on=date(2026, 5, 1),
        )
    assert "exchange_rate" in error.value.message_dict
    assert contribution.receipts.count() == 1


def test_focal_point_pledges_for_own_country_only(dcf, alice, jamaica, mexico):
    contribution = ledger.record_pledge(
        actor=alice,
        fund=dcf,
        amount="100",
        currency="USD",
        pledged_on=date(2026, 1, 1),
        contributor_state=jamaica,
    )
    assert contribution.contributor == jamaica
    with pytest.raises(PermissionDenied):
        ledger.record_pledge(
            actor=alice,
            fund=dcf,
            amount="100",
            currency="USD",
            pledged_on=date(2026, 1, 1),
            contributor_state=mexico,
        )


def test_focal_point_cannot_record_receipts(funded_dcf, bob):
    with pytest.raises(PermissionDenied):
        ledger.record_receipt(
            actor=bob,
            contribution=Contribution.objects.get(),
            amount="1",
            currency="USD",
            received_on=date(2026, 5, 1),
        )


def test_icr_on_project_budget_is_charged_at_allocation(
    funded_dcf, fund_manager, staff, reviewer, alice, cycle, jamaica
):
    from funds.services.execution import allocate_to_project

    from .conftest import approve, make_proposal

    funded_dcf.icr_basis = IcrBasis.ON_PROJECT_BUDGET
    funded_dcf.save()
    ledger.set_icr_rate(
        actor=fund_manager, fund=funded_dcf, rate="0.10", valid_from=date(2020, 1, 1)
    )
    proposal = approve(
        make_proposal(alice, cycle, jamaica), staff=staff, reviewer=reviewer
    )

    allocate_to_project(actor=fund_manager, proposal=proposal, amount="50000")

    balances = funded_dcf.balances()
    assert balances["icr_charged_total"] == Decimal("5000")
    assert balances["available"] == Decimal("45000")
    assert balances["available"] == (
        entries_sum(funded_dcf, EntryKind.RECEIVED)
        - entries_sum(funded_dcf, EntryKind.ICR_CHARGED)
        - entries_sum(funded_dcf, EntryKind.ALLOCATED)
    )


def test_reversing_a_receipt_reverses_its_icr_too(dcf, fund_manager, mexico):
    ledger.set_icr_rate(
        actor=fund_manager, fund=dcf, rate="0.07", valid_from=date(2026, 1, 1)
    )
    contribution = ledger.record_pledge(
        actor=fund_manager,
        fund=dcf,
        amount="1000",
        currency="USD",
        pledged_on=date(2026, 1, 1),
        contributor_state=mexico,
    )
    ledger.record_receipt(
        actor=fund_manager,
        contribution=contribution,
        amount="1000",
        currency="USD",
        received_on=date(2026, 2, 1),
    )
    received = contribution.entries.get(kind=EntryKind.RECEIVED)

    ledger.reverse_entry(actor=fund_manager, entry=received, reason="Bounced")

    balances = dcf.balances()
    assert balances["received_total"] == 0
    assert balances["icr_charged_total"] == 0
    assert balances["available"] == 0
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PLEDGED


def test_theme_of_another_cycle_is_refused_on_a_draft(jamaica_draft, alice, dcf):
    from funds.services.proposals import update_draft

    from .factories import CycleFactory

    other = CycleFactory(fund=dcf, created_by=alice)
    with pytest.raises(ValidationError):
        update_draft(actor=alice, proposal=jamaica_draft, theme=other.themes.first())

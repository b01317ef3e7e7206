"""Properties of the ledger arithmetic, over random sequences of receipts,
allocations, disbursements, returns and reversals: the balances the
database sums equal the sums of the entries, and the available balance is
never negative."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funds.models import Contribution, EntryKind, LedgerEntry
from funds.money import round_money
from funds.services import execution, ledger

from .conftest import approve, make_proposal
from .factories import usd

pytestmark = pytest.mark.django_db

amounts = st.decimals(
    min_value=Decimal("0.01"),
    max_value=Decimal("50000"),
    places=3,
    allow_nan=False,
    allow_infinity=False,
)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.13"), places=2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("receive"), amounts),
        st.tuples(st.just("allocate"), amounts),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50)),
    ),
    max_size=12,
)


class Rollback(Exception):
    """Ends an example, undoing what it wrote."""


def python_balances(fund) -> dict[str, Decimal]:
    sums = {kind: Decimal(0) for kind in EntryKind.values}
    for entry in LedgerEntry.objects.filter(fund=fund):
        sums[entry.kind] += entry.amount
    return {
        "available": sums["received"]
        - sums["icr_charged"]
        - sums["allocated"]
        + sums["returned"]
        + sums["transferred"],
        **{f"{kind}_total": value for kind, value in sums.items()},
    }


@pytest.fixture
def project(dcf, cycle, alice, jamaica, staff, reviewer):
    draft = make_proposal(alice, cycle, jamaica, amount="900000000")
    return approve(draft, staff=staff, reviewer=reviewer)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=operations, icr_rate=rates)
def test_balances_equal_the_sums_of_entries_and_stay_non_negative(
    dcf, project, fund_manager, mexico, steps, icr_rate
):
    try:
        with transaction.atomic():
            ledger.set_icr_rate(
                actor=fund_manager, fund=dcf, rate=icr_rate, valid_from=date(2020, 1, 1)
            )
            contribution = ledger.record_pledge(
                actor=fund_manager,
                fund=dcf,
                amount="1000000",
                currency="USD",
                pledged_on=date(2026, 1, 1),
                contributor_state=mexico,
            )
            for action, value in steps:
                run(action, value, dcf, project, fund_manager, contribution)

                database = dcf.balances()
                expected = python_balances(dcf)
                assert database["available"] == expected["available"]
                for kind in EntryKind.values:
                    assert database[f"{kind}_total"] == expected[f"{kind}_total"]
                assert database["available"] >= 0
            raise Rollback
    except Rollback:
        pass


def run(action, value, fund, project, actor, contribution: Contribution):
    try:
        if action == "receive":
            receipt = ledger.record_receipt(
                actor=actor,
                contribution=contribution,
                amount=value,
                currency="USD",
                received_on=date(2026, 2, 1),
            )
            assert receipt.amount_in_fund_currency == round_money(value, usd())
        elif action == "allocate":
            execution.allocate_to_project(actor=actor, proposal=project, amount=value)
        else:
            entries = list(
                LedgerEntry.objects.filter(
                    fund=fund, reverses__isnull=True, reversed_by__isnull=True
                ).exclude(kind=EntryKind.PLEDGED)
            )
            if entries:
                entry = entries[value % len(entries)]
                ledger.reverse_entry(actor=actor, entry=entry, reason="test")
    except ValidationError:
        # A refused step writes nothing; the invariants still hold after it.
        pass

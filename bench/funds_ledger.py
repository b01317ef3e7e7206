"""Benchmark of the funds ledger: how long a fund's balances take to sum
from N entries, and how many allocations per second the fund lock allows.

Run on purpose, against your own database (everything is rolled back):

    DATABASE_URL=postgres://127.0.0.1:5432/iacd_<name> \\
        .venv/bin/python bench/funds_ledger.py --entries 100000
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iacd_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import MemberState, RoleMembership, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from funds.models import (  # noqa: E402
    EntryKind,
    Fund,
    LedgerEntry,
    ProgrammingCycle,
    Proposal,
    ProposalStatus,
    Theme,
)
from funds.services.execution import allocate_to_project  # noqa: E402
from reference.models import Currency  # noqa: E402


class Rollback(Exception):
    pass


def timed(function, repeat: int) -> float:
    """Median wall time of ``function`` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--allocations", type=int, default=300)
    options = parser.parse_args()

    try:
        with transaction.atomic():
            run(options.entries, options.allocations)
            raise Rollback
    except Rollback:
        print("(all rolled back)")


def run(entry_count: int, allocation_count: int) -> None:
    usd, _ = Currency.objects.get_or_create(
        code="USD", defaults={"name_en": "US Dollar"}
    )
    user = User.objects.create_user("bench-fund-manager@example.org")
    RoleMembership.objects.create(user=user, role=Role.FUND_MANAGER)
    state, _ = MemberState.objects.get_or_create(
        iso3="QBN", defaults={"iso2": "QB", "name_en": "Bench", "subregion": "outside"}
    )
    fund = Fund.objects.create(name="Bench fund", code="bench-fund", currency=usd)
    other = Fund.objects.create(name="Other fund", code="bench-other", currency=usd)

    # Other funds' entries share the table, as they will in production.
    for target in (fund, other):
        LedgerEntry.objects.bulk_create(
            (
                LedgerEntry(
                    fund=target,
                    kind=EntryKind.RECEIVED if n % 3 else EntryKind.ICR_CHARGED,
                    amount=Decimal("100.00") if n % 3 else Decimal("7.00"),
                    value_date=date(2026, 1, 1),
                    created_by=user,
                )
                for n in range(entry_count)
            ),
            batch_size=5000,
        )

    balances_ms = timed(fund.balances, 20)
    list_ms = timed(lambda: list(Fund.objects.with_balances()), 20)
    print(f"entries per fund: {entry_count:,}")
    print(f"fund.balances(): {balances_ms:.1f} ms (median of 20)")
    print(f"Fund.objects.with_balances(), 2 funds: {list_ms:.1f} ms")

    now = timezone.now()
    cycle = ProgrammingCycle.objects.create(
        fund=fund,
        name="Bench cycle",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 1, 1),
        call_opens_at=now,
        proposal_deadline=now + timezone.timedelta(days=1),
        evaluation_deadline=date(2027, 1, 1),
        decision_deadline=date(2027, 1, 1),
        created_by=user,
    )
    theme = Theme.objects.create(cycle=cycle, name="Bench", envelope=Decimal(1))
    project = Proposal.objects.create(
        cycle=cycle,
        theme=theme,
        country=state,
        title="Bench project",
        objectives="-",
        duration_months=12,
        requested_amount=Decimal("1000000000"),
        status=ProposalStatus.APPROVED,
        created_by=user,
    )
    start = time.perf_counter()
    for _ in range(allocation_count):
        allocate_to_project(actor=user, proposal=project, amount="1.00")
    elapsed = time.perf_counter() - start
    print(
        f"allocations (lock + aggregate + insert): "
        f"{allocation_count / elapsed:.0f} per second, "
        f"{elapsed / allocation_count * 1000:.1f} ms each"
    )


if __name__ == "__main__":
    main()

"""Read-only figures of the funds: ICR scenarios over past cycles and the
comparison of cycles. Every sum is computed by the database."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import EntryKind, LedgerEntry, ProgrammingCycle
from .money import percentage_of

DEFAULT_RATES = tuple(Decimal(n) / 100 for n in range(0, 14))


def _entries_in_cycle(kind: str):
    """Sum of a kind of entries of the cycle's fund dated within the cycle."""
    total = (
        LedgerEntry.objects.filter(
            fund=OuterRef("fund"),
            kind=kind,
            value_date__gte=OuterRef("starts_on"),
            value_date__lte=OuterRef("ends_on"),
        )
        .order_by()
        .values("fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(total),
        Decimal(0),
        output_field=DecimalField(max_digits=18, decimal_places=4),
    )


def icr_scenarios(cycles, rates=DEFAULT_RATES) -> list[dict]:
    """For each cycle, what it received and, at each of ``rates``, the ICR
    it would have charged and what would have been left for projects."""
    cycles = cycles.select_related("fund__currency").annotate(
        received=_entries_in_cycle(EntryKind.RECEIVED),
        icr_charged=_entries_in_cycle(EntryKind.ICR_CHARGED),
    )
    rows = []
    for cycle in cycles:
        currency = cycle.fund.currency
        scenarios = []
        for rate in rates:
            icr = percentage_of(cycle.received, rate, currency)
            scenarios.append(
                {"rate": rate, "icr": icr, "to_projects": cycle.received - icr}
            )
        rows.append(
            {
                "cycle": cycle,
                "received": cycle.received,
                "icr_charged": cycle.icr_charged,
                "actual_to_projects": cycle.received - cycle.icr_charged,
                "scenarios": scenarios,
            }
        )
    return rows


def cycle_comparison(queryset=None):
    """Cycles side by side: proposals received and approved, amounts,
    countries taking part."""
    queryset = queryset if queryset is not None else ProgrammingCycle.objects.all()
    return queryset.select_related("fund__currency").with_figures()

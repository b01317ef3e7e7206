"""The hemispheric landscape: who does what where, computed from published
activities.

The figures aggregate the whole activity table, so they are computed once and
kept in the cache (``LANDSCAPE_CACHE_SECONDS``, and dropped after each
import) rather than in every request; the page shows when they were computed.
Amounts are commitments (IATI transaction type 2). Where amounts in several
currencies are added, each is converted to US dollars at the latest rate in
``ExchangeRate``, and the rates and their dates are listed with the figures;
amounts in a currency without a rate are left out and named.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from .models import (
    Activity,
    ActivitySector,
    ExchangeRate,
    RecipientCountry,
    Transaction,
)
from .models.activities import SECTOR_VOCABULARY_DAC, in_language

COMMITMENT = "2"
LANDSCAPE_CACHE_SECONDS = 60 * 60
TOP_PROVIDERS = 5


@dataclass
class Landscape:
    computed_at: datetime
    countries: list[str]
    categories: list[str]
    # (country, category) -> [activity count, amount in USD]
    cells: dict[tuple[str, str], list] = field(default_factory=dict)
    top_providers: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    duplications: list[dict] = field(default_factory=list)
    rates: list[tuple[str, Decimal, str]] = field(default_factory=list)
    currencies_without_rate: list[str] = field(default_factory=list)

    def rows(self):
        """The matrix as rows of (country, [(count, amount) per category])."""
        return [
            (
                country,
                [self.cells.get((country, category)) for category in self.categories],
            )
            for country in self.countries
        ]


def _cache_key() -> str:
    # Named after the database, so that parallel test databases (and any
    # two sites sharing a Redis) never read each other's figures.
    return f"cooperation:landscape:v1:{connection.settings_dict['NAME']}"


def forget_landscape() -> None:
    """Drop the cached landscape, after activities changed."""
    cache.delete(_cache_key())


def get_landscape() -> Landscape:
    landscape = cache.get(_cache_key())
    if landscape is None:
        landscape = compute_landscape()
        cache.set(_cache_key(), landscape, LANDSCAPE_CACHE_SECONDS)
    return landscape


def latest_rates() -> dict[str, ExchangeRate]:
    """The latest exchange rate of each currency."""
    rates = ExchangeRate.objects.order_by("currency_id", "-date").distinct(
        "currency_id"
    )
    return {rate.currency_id: rate for rate in rates}


def compute_landscape() -> Landscape:
    # The landscape is public: only published activities count.
    published = Activity.objects.visible_to(None)
    activities = {
        pk: {
            "provider": in_language(name, "en") or ref,
            "start": (actual_start or planned_start),
            "end": (actual_end or planned_end),
        }
        for pk, ref, name, planned_start, actual_start, planned_end, actual_end in (
            published.values_list(
                "pk",
                "reporting_org_ref",
                "reporting_org_name",
                "planned_start",
                "actual_start",
                "planned_end",
                "actual_end",
            ).iterator(chunk_size=5000)
        )
    }
    # Each activity's shares of its countries and sector categories: its
    # percentages where published, equal parts otherwise, so that an activity
    # in two countries does not count its whole amount twice.
    countries_of = defaultdict(dict)
    for activity_id, country, percentage in RecipientCountry.objects.filter(
        activity__in=published
    ).values_list("activity_id", "country_id", "percentage"):
        countries_of[activity_id][country] = percentage
    categories_of = defaultdict(dict)
    for activity_id, code, percentage in ActivitySector.objects.filter(
        activity__in=published, vocabulary=SECTOR_VOCABULARY_DAC
    ).values_list("activity_id", "code", "percentage"):
        shares = categories_of[activity_id]
        if percentage is None or code[:3] not in shares:
            shares[code[:3]] = percentage
        else:
            shares[code[:3]] = (shares[code[:3]] or 0) + percentage

    rates = latest_rates()
    missing = set()
    usd_of = defaultdict(Decimal)
    for activity_id, currency, total in (
        Transaction.objects.filter(
            activity__in=published, transaction_type_id=COMMITMENT
        )
        .values_list("activity_id", "currency_id")
        .annotate(total=Sum("value"))
    ):
        if currency == "USD":
            usd_of[activity_id] += total
        elif currency in rates:
            usd_of[activity_id] += total / rates[currency].units_per_usd
        else:
            missing.add(currency)

    cells: dict[tuple[str, str], list] = {}
    providers = defaultdict(lambda: defaultdict(int))
    in_cell = defaultdict(list)
    for activity_id, info in activities.items():
        country_shares = _shares(countries_of.get(activity_id, {}))
        amount = usd_of.get(activity_id, Decimal(0))
        for category, category_share in _shares(
            categories_of.get(activity_id, {})
        ).items():
            providers[category][info["provider"]] += 1
            for country, country_share in country_shares.items():
                cell = cells.setdefault((country, category), [0, Decimal(0)])
                cell[0] += 1
                cell[1] += amount * country_share * category_share
                in_cell[(country, category)].append((activity_id, info))

    return Landscape(
        computed_at=timezone.now(),
        countries=sorted({country for country, _c in cells}),
        categories=sorted({category for _c, category in cells}),
        cells={key: [n, round(amount, 2)] for key, (n, amount) in cells.items()},
        top_providers={
            category: sorted(counts.items(), key=lambda item: (-item[1], item[0]))[
                :TOP_PROVIDERS
            ]
            for category, counts in sorted(providers.items())
        },
        duplications=_possible_duplications(in_cell),
        rates=[
            (code, rate.units_per_usd, rate.date.isoformat())
            for code, rate in sorted(rates.items())
        ],
        currencies_without_rate=sorted(missing),
    )


def _shares(percentages: dict) -> dict:
    """Fractions from percentages; equal parts when any is missing or they do
    not add up to 100 (the import drops such percentages)."""
    if not percentages:
        return {}
    values = list(percentages.values())
    if None in values or sum(values) != 100:
        part = Decimal(1) / len(percentages)
        return dict.fromkeys(percentages, part)
    return {key: Decimal(value) / 100 for key, value in percentages.items()}


def _years(info: dict) -> range:
    if info["start"] is None:
        return range(0)
    first = info["start"].year
    last = (info["end"] or info["start"]).year
    # A mistyped end date must not make one activity span centuries.
    return range(first, min(last, first + 30) + 1)


def _possible_duplications(in_cell) -> list[dict]:
    """Cells where several providers run activities in overlapping years."""
    found = []
    for (country, category), members in sorted(in_cell.items()):
        providers_by_year = defaultdict(set)
        for _pk, info in members:
            for year in _years(info):
                providers_by_year[year].add(info["provider"])
        shared = {year for year, names in providers_by_year.items() if len(names) > 1}
        if not shared:
            continue
        involved = [
            (pk, info) for pk, info in members if shared.intersection(_years(info))
        ]
        found.append(
            {
                "country": country,
                "category": category,
                "years": f"{min(shared)}–{max(shared)}",
                "providers": sorted({info["provider"] for _pk, info in involved}),
                "activity_ids": sorted(pk for pk, _info in involved)[:20],
            }
        )
    return found

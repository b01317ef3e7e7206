"""Benchmark: match 10,000 published offers against 10,000 published demands.

Run on purpose, against your own database (everything it writes is rolled
back at the end):

    DATABASE_URL=postgres://127.0.0.1:5432/iacd_<you> \\
        .venv/bin/python bench/match_offers_demands.py [--count 10000]

Each posting gets one to three of 200 DAC sectors, one or two of 169 SDG
targets (with their goals), a modality, one or two working languages and a
member state in one of four sub-regions. It prints the time of the full
recomputation (the nightly job) and of one posting's recomputation (what
publication queues).
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iacd_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from accounts.models import MemberState, SubRegion  # noqa: E402
from cooperation.models import (  # noqa: E402
    Match,
    Modality,
    Posting,
    PostingKind,
    PostingState,
)
from cooperation.services.matching import compute_matches  # noqa: E402
from reference.models import SdgGoal, SdgTarget, Sector  # noqa: E402

WORDS = [
    "water",
    "energy",
    "education",
    "health",
    "governance",
    "teachers",
    "rural",
    "youth",
    "women",
    "climate",
    "disaster",
    "risk",
    "digital",
    "trade",
    "tourism",
    "agriculture",
    "fisheries",
    "statistics",
    "procurement",
    "justice",
    "security",
    "migration",
    "culture",
    "innovation",
]


class Rollback(Exception):
    """Raised to undo everything the benchmark wrote."""


def reference_rows(rng):
    sectors = [
        Sector.objects.get_or_create(
            code=str(90000 + n), defaults={"name_en": f"Bench sector {n}"}
        )[0]
        for n in range(200)
    ]
    goals = [
        SdgGoal.objects.get_or_create(
            code=f"b{n}", defaults={"name_en": f"Bench goal {n}"}
        )[0]
        for n in range(17)
    ]
    targets = [
        SdgTarget.objects.get_or_create(
            code=f"b{n % 17}.{n}",
            defaults={"name_en": f"Bench target {n}", "goal": goals[n % 17]},
        )[0]
        for n in range(169)
    ]
    regions = [
        SubRegion.CARIBBEAN,
        SubRegion.CENTRAL_AMERICA,
        SubRegion.SOUTH_AMERICA,
        SubRegion.NORTH_AMERICA,
    ]
    states = [
        MemberState.objects.get_or_create(
            iso3=f"Z{chr(65 + n // 26)}{chr(65 + n % 26)}",
            defaults={
                "iso2": f"{chr(65 + n // 26)}{chr(65 + n % 26)}"[::-1],
                "name_en": f"Bench state {n}",
                "subregion": regions[n % 4],
            },
        )[0]
        for n in range(35)
    ]
    return sectors, targets, states


def make_postings(rng, kind, count, sectors, targets, states):
    postings = Posting.objects.bulk_create(
        Posting(
            kind=kind,
            state=PostingState.PUBLISHED,
            title=" ".join(rng.sample(WORDS, 4)),
            description=" ".join(rng.choices(WORDS, k=30)),
            language="en",
            country=rng.choice(states),
            modality=rng.choice(Modality.values),
            working_languages=rng.sample(["en", "es", "pt", "fr"], rng.randint(1, 2)),
            subregions=[rng.choice(SubRegion.values)],
        )
        for _ in range(count)
    )
    sector_links, target_links, goal_links = [], [], []
    through_sector = Posting.sectors.through
    through_target = Posting.sdg_targets.through
    through_goal = Posting.sdg_goals.through
    for posting in postings:
        for sector in rng.sample(sectors, rng.randint(1, 3)):
            sector_links.append(through_sector(posting_id=posting.pk, sector=sector))
        chosen = rng.sample(targets, rng.randint(1, 2))
        for target in chosen:
            target_links.append(through_target(posting_id=posting.pk, sdgtarget=target))
        for goal_id in {target.goal_id for target in chosen}:
            goal_links.append(through_goal(posting_id=posting.pk, sdggoal_id=goal_id))
    through_sector.objects.bulk_create(sector_links, batch_size=5000)
    through_target.objects.bulk_create(target_links, batch_size=5000)
    through_goal.objects.bulk_create(goal_links, batch_size=5000)
    return postings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)

    try:
        with transaction.atomic():
            sectors, targets, states = reference_rows(rng)
            started = time.perf_counter()
            make_postings(
                rng, PostingKind.OFFER, arguments.count, sectors, targets, states
            )
            demands = make_postings(
                rng, PostingKind.DEMAND, arguments.count, sectors, targets, states
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(
                f"seeded {2 * arguments.count:,} postings in "
                f"{time.perf_counter() - started:.1f} s"
            )

            started = time.perf_counter()
            written = compute_matches(None)
            elapsed = time.perf_counter() - started
            print(
                f"full recomputation: {arguments.count:,} offers x "
                f"{arguments.count:,} demands -> {written:,} matches kept "
                f"in {elapsed:.2f} s"
            )

            one = demands[len(demands) // 2]
            started = time.perf_counter()
            compute_matches([one.pk])
            print(
                f"one posting's recomputation (on publish): "
                f"{(time.perf_counter() - started) * 1000:.0f} ms, "
                f"{Match.objects.filter(demand=one).count()} matches"
            )
            raise Rollback
    except Rollback:
        print("rolled back")


if __name__ == "__main__":
    main()

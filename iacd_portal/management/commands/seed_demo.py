"""``manage.py seed_demo [--scale N] [--seed S]``: made-up but plausible data
for demos and benchmarks, in every area (see ``iacd_portal.demo``)."""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import MemberState
from cooperation.models import ActionStep
from funds.models import Fund
from iacd_portal.demo import (
    DEMO_DOMAIN,
    SeedContext,
    activities,
    cooperanet,
    funds,
    people,
    practices,
    workplan,
)
from reference.models import Currency, Sector

# In this order: the cast first, the work plan last.
AREAS = (people, cooperanet, activities, practices, funds, workplan)


class Command(BaseCommand):
    help = (
        "Fill the database with made-up demo data in every area: focal points "
        "of a dozen member states, CooperaNet offers and demands in every state "
        "of their life cycle, activities, good practices, a DCF fund with "
        "contributions and a programming cycle, work plan follow-up. Records "
        "with a history go through the services; --scale multiplies the bulk "
        f"records, inserted with bulk_create: {cooperanet.BULK_PER_SCALE} "
        f"published postings, {activities.PER_SCALE} activities and "
        f"{funds.PER_SCALE} contributions (30 ledger entries) per unit. Needs "
        "load_reference_data and import_workplan first. Runs once per "
        "database: a second run adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="multiply the bulk records by N (default 1; 100 for benchmarks)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="seed of the random choices: the same seed gives the same data",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DJANGO_DEBUG off (never on a production database)",
        )

    def handle(self, *args, scale, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo writes made-up data: refusing with DJANGO_DEBUG off. "
                "Add --force if this database is really a demo."
            )
        if scale < 1:
            raise CommandError("--scale is a whole number from 1 up.")
        self._check_prerequisites()
        if Fund.objects.filter(code=funds.UMBRELLA_CODE).exists():
            self.stdout.write(
                "The demo data is already there; nothing added. Seed an empty "
                "database to have it at another scale."
            )
            return

        context = SeedContext(
            rng=random.Random(seed), scale=scale, today=timezone.localdate()
        )
        started = time.monotonic()
        # One transaction: a failure leaves no half-seeded database, and the
        # matching and notification tasks queued by the services run only
        # once everything is there.
        with transaction.atomic():
            for area in AREAS:
                area.seed(context)
        elapsed = time.monotonic() - started

        self.stdout.write(self.style.SUCCESS(f"Demo data seeded at scale {scale}:"))
        for label, number in context.counts.items():
            self.stdout.write(f"  {number:>7}  {label}")
        self.stdout.write(f"in {elapsed:.1f} s.")
        self.stdout.write(
            f"Log in as staff@{DEMO_DOMAIN}, fund.manager@{DEMO_DOMAIN}, "
            f"reviewer.one@{DEMO_DOMAIN} or a focal point such as "
            f"jamaica@{DEMO_DOMAIN}, with the password of demo_users "
            "(DEMO_PASSWORD, or its default) unless the account existed before."
        )

    def _check_prerequisites(self) -> None:
        """Stop with the command to run when reference data or the work plan
        is missing."""
        missing = []
        if not (
            MemberState.objects.filter(iso3__in=people.FOCAL_POINT_STATES).count()
            == len(people.FOCAL_POINT_STATES)
            and Sector.objects.exists()
            and Currency.objects.filter(code="USD").exists()
        ):
            missing.append("manage.py load_reference_data")
        if not ActionStep.objects.exists():
            missing.append(
                "manage.py import_workplan data/breakout-sessions-results.txt"
            )
        if missing:
            raise CommandError(
                "Reference data or the work plan is missing. Run first: "
                + "; then ".join(missing)
            )

"""Made-up data for demos and benchmarks, one module per area.

``manage.py seed_demo`` calls ``seed`` of each module in turn with one
``SeedContext``. Records whose history matters (postings, practices,
proposals, contributions) are made through the services, as a user would
make them; the bulk records that ``--scale`` multiplies are inserted with
``bulk_create``, since going through a service per row would take minutes
at scale 100.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from accounts.models import MemberState, User

# The e-mail domain of every demo user; the marker of demo data too.
DEMO_DOMAIN = "demo.iacd.example"


@dataclass
class SeedContext:
    """What every area's seeding shares: the random generator (seeded, so a
    run is reproducible), the scale, today's date and the demo cast."""

    rng: random.Random
    scale: int
    today: date
    staff: User | None = None
    fund_manager: User | None = None
    reviewers: list[User] = field(default_factory=list)
    focal_points: dict[str, User] = field(default_factory=dict)
    countries: dict[str, MemberState] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, number: int = 1) -> None:
        """Add ``number`` to what the command reports for ``label``."""
        self.counts[label] = self.counts.get(label, 0) + number

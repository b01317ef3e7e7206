"""How long loading the reference data takes, on an empty database and on a
loaded one (what every `make run` does). Run on purpose, against a scratch
database, never in the test suite:

    DATABASE_URL=postgres://127.0.0.1:5432/iacd_bench \
        .venv/bin/python bench/load_reference_data.py

It rolls back what it wrote, so the database is left as it was.
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iacd_portal.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.loading import load_member_states  # noqa: E402
from reference.loading import load_codelists  # noqa: E402


def load() -> tuple[float, int, int]:
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        results = load_codelists()
        results.append(load_member_states())
    seconds = time.perf_counter() - started
    return seconds, len(queries), sum(result.changed for result in results)


with transaction.atomic():
    for run in ("first", "second", "third"):
        seconds, queries, changed = load()
        print(f"{run} load: {seconds:.3f} s, {queries} queries, {changed} rows changed")
    transaction.set_rollback(True)

"""Benchmark: a CSV report of N work plan rows through the real report job.

Run on purpose, against your own database (it inserts N rows in a scratch
work plan area and deletes them afterwards):

    DATABASE_URL=postgres://127.0.0.1:5432/iacd_<name> \
        .venv/bin/python bench/report_rows.py --rows 1000000

Prints rows per second of the whole job (query, CSV writing, storing the
file) and the peak memory: Python allocations traced by ``tracemalloc`` in a
second run, and the process's peak resident set size. Memory must not grow
with N: compare ``--rows 100000`` with ``--rows 1000000``.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iacd_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from cooperation.models import WorkplanArea  # noqa: E402
from reports.models import ReportJob  # noqa: E402
from reports.services.jobs import run_report  # noqa: E402

BENCH_AREA = 900


def insert_rows(count: int) -> None:
    area, _ = WorkplanArea.objects.get_or_create(
        number=BENCH_AREA, defaults={"title": "Benchmark area (scratch)"}
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cooperation_actionstep
                (area_id, number, position, text, sub_points, status,
                 responsible_unit, due_date, progress_notes)
            SELECT %s, 'b' || n, n %% 30000,
                   'Benchmark action step ' || n || ' of the work plan, with a '
                   || 'sentence of ordinary length',
                   '{}', 'in_progress', 'IACD', DATE '2027-01-01' + (n %% 365),
                   CASE WHEN n %% 10 = 0 THEN '=SUM(A1)' ELSE '' END
            FROM generate_series(1, %s) AS n
            """,
            [area.pk, count],
        )


def delete_rows() -> None:
    # Plain SQL: the ORM's cascade would load a million rows into memory.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM cooperation_actionstep WHERE area_id IN "
            "(SELECT id FROM cooperation_workplanarea WHERE number = %s)",
            [BENCH_AREA],
        )
    WorkplanArea.objects.filter(number=BENCH_AREA).delete()


def run_job(user) -> tuple[float, int, ReportJob]:
    job = ReportJob.objects.create(
        requested_by=user,
        kind="export",
        format="csv",
        parameters={"exporter": "workplan_steps"},
    )
    started = time.perf_counter()
    assert run_report(job.pk), "the report job failed"
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    return elapsed, job.rows_written, job


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    arguments = parser.parse_args()

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-reports-")
    # Load the URL configuration first, as a running worker already has.
    reverse("home")
    user, _ = User.objects.get_or_create(email="bench@example.org")
    delete_rows()
    started = time.perf_counter()
    insert_rows(arguments.rows)
    print(f"inserted {arguments.rows:,} rows in {time.perf_counter() - started:.1f} s")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident set size before the report: {rss_before:.0f} MB")
    try:
        elapsed, rows, job = run_job(user)
        size = job.file.size
        print(
            f"CSV report: {rows:,} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} "
            f"rows/s, file {size / 1e6:.1f} MB"
        )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident set size after the report: {rss:.0f} MB")

        tracemalloc.start()
        traced_elapsed, _rows, _job = run_job(user)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"tracemalloc peak during a second run: {peak / 1e6:.2f} MB "
            f"(that run took {traced_elapsed:.1f} s under tracing)"
        )
        with connection.cursor() as cursor:
            started = time.perf_counter()
            with cursor.copy(
                "COPY (SELECT a.number, s.number, s.text, s.status, "
                "s.responsible_unit, s.due_date, s.progress_notes FROM "
                "cooperation_actionstep s JOIN cooperation_workplanarea a ON "
                "a.id = s.area_id ORDER BY a.number, s.position) TO STDOUT "
                "WITH CSV"
            ) as copy:
                for _block in copy:
                    pass
            print(
                f"for scale, PostgreSQL COPY of the same rows: "
                f"{time.perf_counter() - started:.2f} s"
            )
    finally:
        delete_rows()
        for job in ReportJob.objects.filter(requested_by=user):
            job.file.delete(save=False)
        ReportJob.objects.filter(requested_by=user).delete()


if __name__ == "__main__":
    main()

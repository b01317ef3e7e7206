"""Benchmark of ``import_iati``: generate an IATI 2.03 file of N activities
(50,000 by default), import it, import it again, and print time and peak
memory of each run.

    DJANGO_SETTINGS_MODULE=iacd_portal.settings .venv/bin/python \
        bench/import_iati.py [--activities 50000] [--keep]

It writes into the database of DATABASE_URL: the activities it creates carry
identifiers starting with XM-BENCH- and are deleted at the end unless --keep.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iacd_portal.settings")

import django  # noqa: E402

django.setup()

from cooperation.models import Activity  # noqa: E402
from cooperation.services.activities import import_iati_path  # noqa: E402
from reference import models as reference  # noqa: E402

COUNTRIES = ["JM", "MX", "CO", "BR", "HT", "PE", "GT", "HN"]
SECTORS = ["11110", "12220", "12240", "14030", "31120", "23110"]
CURRENCIES = ["USD", "MXN", "BRL", "EUR"]

ACTIVITY = """ <iati-activity default-currency="{currency}" xml:lang="en"
   last-updated-datetime="2025-06-01T00:00:00Z">
  <iati-identifier>XM-BENCH-{n:06d}</iati-identifier>
  <reporting-org ref="XM-BENCH-{provider}" type="10">
   <narrative>Agency {provider}</narrative></reporting-org>
  <title><narrative>Cooperation activity {n}</narrative>
   <narrative xml:lang="es">Actividad de cooperación {n}</narrative></title>
  <description type="1"><narrative>Technical cooperation on topic {n} between
   the agencies of the region, with training and exchanges.</narrative></description>
  <participating-org role="1" ref="XM-BENCH-{provider}" type="10">
   <narrative>Agency {provider}</narrative></participating-org>
  <participating-org role="4" ref="XM-IMPL-{n}" type="21">
   <narrative>Implementer {n}</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date iso-date="{year}-01-15" type="1"/>
  <activity-date iso-date="{end}-12-31" type="3"/>
  <recipient-country code="{country}" percentage="60"/>
  <recipient-country code="{country2}" percentage="40"/>
  <sector vocabulary="1" code="{sector}" percentage="100"/>
  <tag vocabulary="2" code="{sdg}"/>
  <collaboration-type code="1"/>
  <default-flow-type code="10"/>
  <budget type="1" status="1"><period-start iso-date="{year}-01-01"/>
   <period-end iso-date="{year}-12-31"/>
   <value currency="{currency}" value-date="{year}-01-01">{amount}</value></budget>
  <transaction><transaction-type code="2"/><transaction-date iso-date="{year}-02-01"/>
   <value currency="{currency}" value-date="{year}-02-01">{amount}</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="{year}-06-01"/>
   <value currency="{currency}" value-date="{year}-06-01">{half}</value></transaction>
 </iati-activity>
"""


def generate(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8") as output:
        output.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        output.write('<iati-activities version="2.03">\n')
        for n in range(count):
            year = 2018 + n % 7
            output.write(
                ACTIVITY.format(
                    n=n,
                    provider=n % 40,
                    currency=CURRENCIES[n % len(CURRENCIES)],
                    year=year,
                    end=year + 2,
                    country=COUNTRIES[n % len(COUNTRIES)],
                    country2=COUNTRIES[(n + 3) % len(COUNTRIES)],
                    sector=SECTORS[n % len(SECTORS)],
                    sdg=1 + n % 17,
                    amount=10000 + n,
                    half=(10000 + n) / 2,
                )
            )
        output.write("</iati-activities>\n")


def ensure_codes() -> None:
    """The codes the generated file uses, for a database without the full
    reference data."""
    wanted = {
        reference.ActivityStatus: ["2"],
        reference.Country: COUNTRIES,
        reference.Currency: CURRENCIES,
        reference.TransactionType: ["2", "3"],
        reference.OrganisationRole: ["1", "4"],
        reference.CollaborationType: ["1"],
        reference.FlowType: ["10"],
        reference.Sector: SECTORS,
    }
    for model, codes in wanted.items():
        for code in codes:
            model.objects.get_or_create(code=code, defaults={"name_en": code})


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux; it covers lxml's C allocations too.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_import(path: Path, label: str) -> None:
    started = time.perf_counter()
    result = import_iati_path(path)
    elapsed = time.perf_counter() - started
    summary = result.summary()
    print(
        f"{label}: {elapsed:.1f} s, {summary['created']} created, "
        f"{summary['updated']} updated, {summary['unchanged']} unchanged, "
        f"{summary['skipped']} skipped, {summary['errors']} errors; "
        f"peak RSS so far {peak_rss_mb():.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()

    ensure_codes()
    Activity.objects.filter(iati_identifier__startswith="XM-BENCH-").delete()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xml"
        started = time.perf_counter()
        generate(path, options.activities)
        size_mb = path.stat().st_size / 1024**2
        print(
            f"Generated {options.activities} activities, {size_mb:.0f} MB, "
            f"in {time.perf_counter() - started:.1f} s; RSS {peak_rss_mb():.0f} MB"
        )
        timed_import(path, "First import")
        timed_import(path, "Second import (unchanged)")
    if not options.keep:
        Activity.objects.filter(iati_identifier__startswith="XM-BENCH-").delete()


if __name__ == "__main__":
    main()

"""Writers that stream rows to a file in constant memory.

Rows come from ``values_list(...).iterator(chunk_size=...)``, a server-side
cursor on PostgreSQL, and go straight to the file: neither the queryset nor
the file is ever held whole in memory.
"""

import csv
from collections.abc import Callable, Iterable
from datetime import date, datetime

import xlsxwriter

from iacd_portal.exports import FORMULA_PREFIXES, neutralise_formula

CHUNK_SIZE = 5000
# How often, in rows, the job's progress is written to its row.
PROGRESS_EVERY = 20_000


def _cell(value):
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return neutralise_formula(value)


def _row(row) -> list:
    # The hot loop of a million-row report: text, the common case, is
    # neutralised inline (the rule of neutralise_formula, without a call per
    # cell); every other value goes through _cell.
    return [
        ("'" + value if value.startswith(FORMULA_PREFIXES) else value)
        if value.__class__ is str
        else _cell(value)
        for value in row
    ]


def write_csv(
    path, headers: list[str], rows: Iterable, progress: Callable[[int], None]
) -> int:
    """Write ``rows`` to ``path`` as UTF-8 CSV (with a byte-order mark, so
    that spreadsheets read accents right); returns the number of rows."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(_row(headers))
        for row in rows:
            writer.writerow(_row(row))
            count += 1
            if count % PROGRESS_EVERY == 0:
                progress(count)
    return count


def write_xlsx(
    path, headers: list[str], rows: Iterable, progress: Callable[[int], None]
) -> int:
    """Write ``rows`` to ``path`` as XLSX with xlsxwriter's constant-memory
    mode (each row is flushed to disk once the next one starts)."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            # Text is text: never turn "=..." or "http..." into a formula or
            # a link, whatever neutralise_formula lets through.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True})
    # Labels are ours, but a translation may start like a formula too.
    sheet.write_row(0, 0, _row(headers), bold)
    count = 0
    try:
        for row in rows:
            count += 1
            sheet.write_row(count, 0, _row(row))
            if count % PROGRESS_EVERY == 0:
                progress(count)
    finally:
        workbook.close()
    return count

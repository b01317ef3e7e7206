"""Helpers for CSV and XLSX downloads that any area can use.

Rows come from an iterator (``values_list(...).iterator()``) and go out as
they are read: CSV through a streaming response, XLSX through xlsxwriter's
constant-memory mode into a temporary file. Text that a spreadsheet would
run as a formula is neutralised on the way.

Each export also registers itself, in its app's ``exports.py`` (found by
``all_exports()``), so that ``tests/security/test_exports.py`` feeds
dangerous values through all of them::

    @register_export("cooperation.offers-csv")
    def offers_csv(rows) -> bytes: ...

A registered export takes an iterable of rows (lists of cell values, the
first one the header) and returns the file's bytes.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse

# A cell starting with one of these is run as a formula by Excel, LibreOffice
# or Google Sheets ("CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d")


def neutralise_formula(value):
    """``value`` as a spreadsheet will show it and never run it: text that
    starts like a formula gets a leading apostrophe. Numbers, dates and
    None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row: Iterable) -> list:
    return [neutralise_formula(value) for value in row]


EXPORTS: dict[str, Callable[[Iterable[list]], bytes]] = {}


def all_exports() -> dict[str, Callable[[Iterable[list]], bytes]]:
    """Every registered export, after importing each app's ``exports.py``."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("exports")
    return dict(EXPORTS)


def register_export(name: str):
    """Declare an export so that the formula test covers it."""

    def register(function):
        EXPORTS[name] = function
        return function

    return register


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, datetime):
        value = value.isoformat(timespec="seconds")
    elif isinstance(value, date):
        value = value.isoformat()
    return neutralise_formula(str(value))


class _Echo:
    """A file-like object whose ``write`` hands the line back to the caller."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence], filename: str
) -> StreamingHttpResponse:
    """A CSV download streamed row by row (UTF-8 with a byte-order mark, so
    that spreadsheets read accents and other scripts correctly)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([_cell_text(name) for name in header])
        for row in rows:
            yield writer.writerow([_cell_text(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    header: Sequence[str], rows: Iterable[Sequence], filename: str
) -> FileResponse:
    """An XLSX download written in constant memory. Text is always written
    as text, never as a formula."""
    # FileResponse closes (and so deletes) the file once it is sent.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    workbook = xlsxwriter.Workbook(
        spool,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True})
    for column, name in enumerate(header):
        sheet.write_string(0, column, _cell_text(name), bold)
    for line, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, bool) or value is None:
                sheet.write_string(line, column, _cell_text(value))
            elif isinstance(value, (int, float, Decimal)):
                sheet.write_number(line, column, value)
            else:
                sheet.write_string(line, column, _cell_text(value))
    workbook.close()
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@register_export("csv_response")
def _csv_bytes(rows: Iterable[list]) -> bytes:
    header, *body = list(rows)
    return b"".join(csv_response(header, body, "export.csv").streaming_content)


@register_export("xlsx_response")
def _xlsx_bytes(rows: Iterable[list]) -> bytes:
    header, *body = list(rows)
    return b"".join(xlsx_response(header, body, "export.xlsx").streaming_content)

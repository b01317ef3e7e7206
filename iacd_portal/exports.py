"""What every CSV and XLSX export of the portal shares.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
in some programs, a tab or carriage return) as a formula, so a title typed as
``=HYPERLINK(...)`` could run when a fund manager opens the export. Every
export writes its cells through ``neutralise_formula``.

Each export also registers itself, in its app's ``exports.py`` (found by
``all_exports()``), so that ``tests/security/test_exports.py`` feeds
dangerous values through all of them::

    @register_export("cooperation.offers-csv")
    def offers_csv(rows) -> bytes: ...

A registered export takes an iterable of rows (lists of cell values) and
returns the file's bytes.
"""

from collections.abc import Callable, Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

EXPORTS: dict[str, Callable[[Iterable[list]], bytes]] = {}


def neutralise_formula(value):
    """``value``, prefixed with a single quote when it is a string that a
    spreadsheet would read as a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(row: Iterable) -> list:
    return [neutralise_formula(value) for value in row]


def all_exports() -> dict[str, Callable[[Iterable[list]], bytes]]:
    """Every registered export, after importing each app's ``exports.py``."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("exports")
    return dict(EXPORTS)


def register_export(name: str):
    """Declare an export so the formula test covers it."""

    def register(function):
        EXPORTS[name] = function
        return function

    return register


@register_export("csv")
def rows_to_csv(rows: Iterable[list]) -> bytes:
    """The portal's plain CSV writer (UTF-8 with a BOM, which Excel needs to
    read accents), one neutralised row at a time."""
    import csv
    import io

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(neutralise_row(row))
    return buffer.getvalue().encode("utf-8")

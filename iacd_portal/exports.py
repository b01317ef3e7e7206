"""Helpers shared by every export (CSV, XLSX)."""

# A spreadsheet treats a cell starting with one of these as a formula (or
# a DDE call); text typed by users must never run as one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value):
    """``value`` made safe for a spreadsheet cell: text that a spreadsheet
    would read as a formula gets a leading apostrophe; numbers, dates and
    other non-text values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value

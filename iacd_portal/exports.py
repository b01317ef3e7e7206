"""Helpers shared by every export the portal writes (CSV, XLSX)."""

# A spreadsheet runs a cell that starts with one of these as a formula
# (CSV injection, OWASP); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n")


def neutralise_formula(value):
    """``value`` made safe to open in a spreadsheet: text that a spreadsheet
    would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value

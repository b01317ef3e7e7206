"""Helpers shared by every CSV and XLSX export of the portal."""

# A spreadsheet treats a cell starting with one of these as a formula (or, for
# tab and carriage return, as the start of one), which lets text typed by a
# user run as a formula on the computer of whoever opens the export.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """``value`` made safe for a spreadsheet cell: text that a spreadsheet
    would read as a formula gets a leading apostrophe; anything that is not
    text (numbers, dates, None) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value

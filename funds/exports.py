"""The funds' file exports, declared for the formula test
(``iacd_portal.exports.register_export``)."""

from openpyxl import Workbook

from iacd_portal.exports import register_export

from .statements import _append, _workbook_bytes


@register_export("funds.statement-xlsx")
def statement_xlsx(rows) -> bytes:
    """Rows written as both statements' workbooks write every row (their
    ``_append``, which neutralises each cell, then ``_workbook_bytes``)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Entries")
    for row in rows:
        _append(sheet, row)
    return _workbook_bytes(workbook)

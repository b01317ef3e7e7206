"""Every registered export neutralises cells a spreadsheet would run."""

import csv
import io

import pytest

from iacd_portal.exports import all_exports, neutralise_formula

DANGEROUS = ['=HYPERLINK("http://x.example","y")', "+cmd", "-2+3", "@SUM(A1)", "\tTAB"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Kingston", "Kingston"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def _cells(name, payload: bytes) -> list[str]:
    if payload[:2] == b"PK":  # XLSX: a zip of XML sheets
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(payload), read_only=True).active
        return [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    text = payload.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("name", sorted(all_exports()))
def test_every_export_neutralises_formulas(name):
    payload = all_exports()[name]([DANGEROUS, ["ok", *DANGEROUS]])

    cells = _cells(name, payload)

    for value in DANGEROUS:
        assert value not in cells
        assert "'" + value in cells

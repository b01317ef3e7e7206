"""The report jobs' writers, declared for the formula test
(``iacd_portal.exports.register_export``)."""

import tempfile
from pathlib import Path

from iacd_portal.exports import register_export

from .writers import write_csv, write_xlsx


def _written(writer, suffix: str, rows) -> bytes:
    header, *body = list(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        writer(path, header, body, lambda count: None)
        return path.read_bytes()


@register_export("reports.csv")
def report_csv(rows) -> bytes:
    return _written(write_csv, ".csv", rows)


@register_export("reports.xlsx")
def report_xlsx(rows) -> bytes:
    return _written(write_xlsx, ".xlsx", rows)

"""CSV and XLSX exports of filtered activity lists, streamed from one query.

Rows come from ``values_list(...).iterator()``, never model instances, and
every text cell goes through ``neutralise_formula``: titles and names come
from outside publishers and must not run as formulas in a spreadsheet.
"""

import csv
import tempfile

import xlsxwriter
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, OuterRef, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Concat, NullIf
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iacd_portal.exports import neutralise_formula

from .models import ActivitySector, RecipientCountry

CHUNK_SIZE = 2000


def _columns():
    return [
        ("iati_identifier", _("IATI identifier")),
        ("title_text", _("Title")),
        ("reporting_org_ref", _("Reporting organisation")),
        ("status_id", _("Status")),
        ("modality", _("Modality")),
        ("planned_start", _("Planned start")),
        ("actual_start", _("Actual start")),
        ("planned_end", _("Planned end")),
        ("actual_end", _("Actual end")),
        ("country_codes", _("Recipient countries")),
        ("sector_codes", _("Sectors")),
        ("sdg_goals", _("SDGs")),
    ]


def export_rows(queryset):
    """The header, then one list of cell values per activity."""
    language = (get_language() or "en")[:2]
    title = Coalesce(
        NullIf(KeyTextTransform(language, "title"), Value("")),
        KeyTextTransform("en", "title"),
        output_field=CharField(),
    )
    countries = ArraySubquery(
        RecipientCountry.objects.filter(activity=OuterRef("pk"))
        .order_by("pk")
        .values("country_id")
    )
    sectors = ArraySubquery(
        ActivitySector.objects.filter(activity=OuterRef("pk"))
        .order_by("pk")
        .annotate(label=Concat("vocabulary", Value(":"), "code"))
        .values("label")
    )
    columns = _columns()
    rows = (
        queryset.order_by("pk")
        .annotate(title_text=title, country_codes=countries, sector_codes=sectors)
        .values_list(*[name for name, _label in columns])
        .iterator(chunk_size=CHUNK_SIZE)
    )
    yield from safe_rows([[label for _name, label in columns]])
    yield from safe_rows(rows)


def safe_rows(rows):
    """Each row with every cell as the spreadsheet must see it."""
    for row in rows:
        yield [_cell(value) for value in row]


def _cell(value):
    if isinstance(value, list):
        value = " ".join(str(item) for item in value)
    if value is None:
        return ""
    return neutralise_formula(value)


class _Echo:
    """A file-like object whose write returns what it was given."""

    def write(self, value):
        return value


def csv_lines(rows):
    """The CSV text of ``rows``, line by line."""
    writer = csv.writer(_Echo())
    return (writer.writerow(row) for row in rows)


def csv_response(queryset, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(export_rows(queryset)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(rows, output) -> None:
    """Write ``rows`` as a workbook to the open binary file ``output``."""
    # constant_memory flushes each row to disk as it is written, so memory
    # does not grow with the number of rows.
    workbook = xlsxwriter.Workbook(
        output, {"constant_memory": True, "strings_to_formulas": False}
    )
    sheet = workbook.add_worksheet(_("Activities")[:31])
    for row_number, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(row_number, column, value)
            else:
                sheet.write(row_number, column, value)
    workbook.close()


def xlsx_response(queryset, filename: str) -> FileResponse:
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write_xlsx(export_rows(queryset), output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )

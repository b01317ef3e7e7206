"""The cooperation area's file exports, declared for the formula test
(``iacd_portal.exports.register_export``).

The CooperaNet catalogue export writes with the shared ``csv_response`` and
``xlsx_response``, which are declared where they live; the activity exports
have writers of their own, declared here. Each adapter runs the rows through
the writer's own cell function and writer, as the views do.
"""

import io

from iacd_portal.exports import register_export

from .activity_exports import csv_lines, safe_rows, write_xlsx


@register_export("cooperation.activities-csv")
def activities_csv(rows) -> bytes:
    return "".join(csv_lines(safe_rows(rows))).encode("utf-8")


@register_export("cooperation.activities-xlsx")
def activities_xlsx(rows) -> bytes:
    output = io.BytesIO()
    write_xlsx(safe_rows(rows), output)
    return output.getvalue()

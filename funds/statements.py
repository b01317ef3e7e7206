"""Statements of a contributor and of a fund over a period, and their PDF
(WeasyPrint) and XLSX (openpyxl) renderings.

A statement is a plain dictionary built with a handful of queries; the page,
the PDF and the workbook all render the same dictionary, so their figures
cannot disagree.
"""

import io
from datetime import date
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from iacd_portal.exports import neutralise_formula

from .models import BALANCE_NAMES, EntryKind, Fund, LedgerEntry

ZERO = Decimal(0)

BALANCE_LABELS = {
    "pledged_total": gettext_lazy("Pledged"),
    "received_total": gettext_lazy("Received"),
    "icr_charged_total": gettext_lazy("ICR charged"),
    "allocated_total": gettext_lazy("Allocated"),
    "disbursed_total": gettext_lazy("Disbursed"),
    "returned_total": gettext_lazy("Returned"),
    "transferred_total": gettext_lazy("Transferred (net)"),
    "available": gettext_lazy("Available"),
    "undisbursed": gettext_lazy("Allocated, not yet disbursed"),
}


def contributor_statement(*, state=None, organisation=None, start: date, end: date):
    """What ``state`` or ``organisation`` pledged and paid between ``start``
    and ``end``, the ICR charged on it, and what its money financed.

    What a contribution financed is the contributor's share of each fund's
    allocations in the period, in proportion to its part of the money the
    fund received up to ``end`` (net of ICR): money in a fund is pooled, so
    a pro-rata share is the only honest attribution.
    """
    contributor = state or organisation
    own = (
        Q(contribution__contributor_state=state)
        if state
        else Q(contribution__contributor_organisation=organisation)
    )
    entries = list(
        LedgerEntry.objects.filter(own, value_date__gte=start, value_date__lte=end)
        .select_related("fund__currency", "original_currency", "contribution")
        .order_by("value_date", "pk")
    )
    funds = {}
    for entry in entries:
        figures = funds.setdefault(
            entry.fund_id,
            {"fund": entry.fund, **dict.fromkeys(EntryKind.values, ZERO)},
        )
        figures[entry.kind] += entry.amount

    financed = []
    fund_ids = list(
        LedgerEntry.objects.filter(own).values_list("fund_id", flat=True).distinct()
    )
    for fund in Fund.objects.filter(pk__in=fund_ids).select_related("currency"):
        to_date = LedgerEntry.objects.filter(fund=fund, value_date__lte=end)
        everyone = to_date.balances()
        mine = to_date.filter(own).balances()
        pool = everyone["received_total"] - everyone["icr_charged_total"]
        share = (
            (mine["received_total"] - mine["icr_charged_total"]) / pool
            if pool > 0
            else ZERO
        )
        allocations = (
            LedgerEntry.objects.filter(
                fund=fund,
                kind=EntryKind.ALLOCATED,
                value_date__gte=start,
                value_date__lte=end,
            )
            .values("proposal_id", "proposal__title", "proposal__country__name_en")
            .annotate(total=Sum("amount"))
            .order_by("proposal__title")
        )
        for row in allocations:
            financed.append(
                {
                    "fund": fund,
                    "project": row["proposal__title"],
                    "country": row["proposal__country__name_en"],
                    "allocated": row["total"],
                    # Shown to a hundredth of a percent; the attribution
                    # uses the exact share.
                    "share": share.quantize(Decimal("0.0001")),
                    "attributed": (row["total"] * share).quantize(
                        Decimal(1).scaleb(-fund.currency.minor_units)
                    ),
                }
            )
    return {
        "title": _("Statement of %(contributor)s") % {"contributor": contributor},
        "contributor": contributor,
        "start": start,
        "end": end,
        "entries": entries,
        "funds": list(funds.values()),
        "financed": financed,
    }


def fund_statement(*, fund: Fund, start: date, end: date):
    """A fund's balances at the start and end of a period and every entry
    in between."""
    entries = LedgerEntry.objects.filter(fund=fund)
    opening = entries.filter(value_date__lt=start).balances()
    closing = entries.filter(value_date__lte=end).balances()
    movements = list(
        entries.filter(value_date__gte=start, value_date__lte=end)
        .select_related(
            "original_currency",
            "contribution__contributor_state",
            "contribution__contributor_organisation",
            "proposal",
            "counterpart_fund",
        )
        .order_by("value_date", "pk")
    )
    return {
        "title": _("Statement of %(fund)s") % {"fund": fund},
        "fund": fund,
        "start": start,
        "end": end,
        "opening": opening,
        "closing": closing,
        "entries": movements,
        "balance_rows": [
            (BALANCE_LABELS[name], opening[name], closing[name])
            for name in BALANCE_NAMES
        ],
    }


def render_pdf(template: str, statement: dict) -> bytes:
    """The statement as a PDF, through WeasyPrint."""
    # Imported here: loading pango takes a while, and only PDFs need it.
    from weasyprint import CSS, HTML

    html = render_to_string(template, {"statement": statement})
    stylesheet = CSS(filename=finders.find("funds/statement-print.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def _entry_row(entry) -> list:
    contributor = ""
    if entry.contribution_id:
        contributor = str(entry.contribution.contributor)
    return [
        entry.value_date,
        str(entry.get_kind_display()),
        float_free(entry.amount),
        entry.original_currency.code if entry.original_currency_id else "",
        float_free(entry.original_amount),
        float_free(entry.exchange_rate),
        contributor,
        entry.proposal.title if entry.proposal_id else "",
        entry.memo,
    ]


def float_free(value):
    """Decimals go to the workbook as numbers written from their text, so
    no binary rounding slips into the figures."""
    return None if value is None else Decimal(value)


ENTRY_HEADERS = (
    gettext_lazy("Date"),
    gettext_lazy("Kind"),
    gettext_lazy("Amount"),
    gettext_lazy("Original currency"),
    gettext_lazy("Original amount"),
    gettext_lazy("Exchange rate"),
    gettext_lazy("Contributor"),
    gettext_lazy("Project"),
    gettext_lazy("Memo"),
)


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet, row) -> None:
    sheet.append([neutralise_formula(value) for value in row])


def contributor_statement_xlsx(statement: dict) -> bytes:
    """The contributor's statement as a workbook: entries, then financing."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Entries"))
    _append(sheet, [statement["title"]])
    _append(sheet, [_("Period"), statement["start"], statement["end"]])
    _append(sheet, [str(header) for header in ENTRY_HEADERS])
    for entry in statement["entries"]:
        _append(sheet, _entry_row(entry))
    financed = workbook.create_sheet(_("Financed"))
    _append(
        financed,
        [_("Fund"), _("Project"), _("Country"), _("Allocated"), _("Share"), _("Yours")],
    )
    for row in statement["financed"]:
        _append(
            financed,
            [
                row["fund"].name,
                row["project"],
                row["country"],
                row["allocated"],
                row["share"],
                row["attributed"],
            ],
        )
    return _workbook_bytes(workbook)


def fund_statement_xlsx(statement: dict) -> bytes:
    """The fund's statement as a workbook: balances, then entries."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Balances"))
    _append(sheet, [statement["title"], statement["fund"].currency.code])
    _append(sheet, [_("Period"), statement["start"], statement["end"]])
    _append(sheet, [_("Balance"), _("Opening"), _("Closing")])
    for name, opening, closing in statement["balance_rows"]:
        _append(sheet, [str(name), opening, closing])
    entries = workbook.create_sheet(_("Entries"))
    _append(entries, [str(header) for header in ENTRY_HEADERS])
    for entry in statement["entries"]:
        _append(entries, _entry_row(entry))
    return _workbook_bytes(workbook)

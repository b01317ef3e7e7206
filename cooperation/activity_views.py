"""Pages of the regional cooperation database: the activity list and page,
staff uploads of IATI files, and the landscape."""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import access_for, get_for_user
from funds.models import Proposal
from reference.models import Country, SectorCategory

from .activity_filters import ActivityFilter
from .activity_forms import ActivityClassificationForm, IatiUploadForm
from .landscape import get_landscape, latest_rates
from .models import Activity, ImportJob, Posting
from .services.activities import (
    classify_activity,
    job_report_path,
    may_import_activities,
    start_import_job,
)

PAGE_SIZE = 50


class CountlessPage:
    """A page of a list without COUNT(*): on a large table the count costs
    more than the page itself (DESIGN.md), so the page reads one row more
    than it shows to know whether a next page exists."""

    def __init__(self, queryset, number, size: int):
        try:
            self.number = max(1, int(number or 1))
        except ValueError:
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.has_next = len(rows) > size
        self.object_list = rows[:size]
        self.has_previous = self.number > 1
        self.previous_page_number = self.number - 1
        self.next_page_number = self.number + 1

    def __iter__(self):
        return iter(self.object_list)


def activity_list(request):
    """Activities, filtered by country, sector, SDG, modality, provider, year,
    status or free text."""
    queryset = Activity.objects.visible_to(request.user).for_list()
    filterset = ActivityFilter(request.GET or None, queryset=queryset)
    activities = filterset.qs if filterset.is_bound else queryset
    if filterset.is_bound and not filterset.is_valid():
        activities = queryset.none()
    page = CountlessPage(activities, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cooperation/activities/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "may_import": may_import_activities(request.user),
        },
    )


def totals_by_currency(items) -> dict[str, Decimal]:
    totals = defaultdict(Decimal)
    for item in items:
        totals[item.currency_id] += item.value
    return dict(sorted(totals.items()))


def in_dollars(totals: dict[str, Decimal]):
    """The sum of ``totals`` in US dollars and the rates used, or None when a
    currency has no rate (a sum that leaves some out would mislead)."""
    if len(totals) < 2:
        return None
    rates = latest_rates()
    used = []
    total = Decimal(0)
    for currency, amount in totals.items():
        if currency == "USD":
            total += amount
            continue
        rate = rates.get(currency)
        if rate is None:
            return None
        total += amount / rate.units_per_usd
        used.append(rate)
    return {"total": round(total, 2), "rates": used}


def activity_detail(request, pk: int):
    """One activity, amounts in their original currencies."""
    activity = get_for_user(
        Activity.objects.select_related(
            "status", "collaboration_type", "default_flow_type", "default_finance_type"
        ),
        request.user,
        pk=pk,
    )
    classification = None
    if may_import_activities(request.user):
        classification = ActivityClassificationForm(
            request.POST or None, instance=activity, user=request.user
        )
        if request.method == "POST" and classification.is_valid():
            classify_activity(
                actor=request.user,
                activity=activity,
                modality=classification.cleaned_data["modality"],
                owner_country=classification.cleaned_data["owner_country"],
                postings=classification.cleaned_data["postings"],
                fund_proposals=classification.cleaned_data["fund_proposals"],
            )
            messages.success(request, _("The activity was classified."))
            return redirect(activity.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    budgets = list(activity.budgets.all())
    transactions = list(activity.transactions.select_related("transaction_type"))
    budget_totals = totals_by_currency(budgets)
    context = {
        "activity": activity,
        "participating_orgs": activity.participating_orgs.select_related("role"),
        "countries": activity.recipient_countries.select_related("country"),
        "regions": activity.recipient_regions.all(),
        "sectors": activity.sectors.all(),
        "tags": activity.tags.all(),
        # Origins are listed only where the reader may open them.
        "origin_postings": Posting.objects.visible_to(request.user).filter(
            activities=activity
        ),
        "origin_proposals": Proposal.objects.visible_to(request.user).filter(
            activities=activity
        ),
        "budgets": budgets,
        "budget_totals": budget_totals,
        "budget_in_dollars": in_dollars(budget_totals),
        "transactions": transactions,
        "classification": classification,
        "may_share_practice": access_for(request.user).is_focal_point
        or access_for(request.user).is_staff_member,
    }
    return render(request, "cooperation/activities/detail.html", context)


@login_required
def import_upload(request):
    """Staff upload an IATI file; a Celery worker imports it."""
    if not may_import_activities(request.user):
        raise PermissionDenied
    form = IatiUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import_job(
            actor=request.user, uploaded_file=form.cleaned_data["file"]
        )
        return redirect("cooperation:activity-import-job", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:10]
    return render(
        request,
        "cooperation/activities/import_form.html",
        {"form": form, "jobs": jobs},
    )


@login_required
def import_job(request, pk: int):
    """An import's progress; htmx asks for the status fragment until done."""
    if not may_import_activities(request.user):
        raise PermissionDenied
    job = get_object_or_404(ImportJob, pk=pk)
    template = (
        "cooperation/activities/_job_status.html"
        if request.headers.get("HX-Request")
        else "cooperation/activities/import_job.html"
    )
    return render(request, template, {"job": job})


@login_required
def import_report(request, pk: int):
    """The full report of an import, as a text file."""
    if not may_import_activities(request.user):
        raise PermissionDenied
    job = get_object_or_404(ImportJob, pk=pk)
    path = job_report_path(job)
    if not path.exists():
        raise Http404
    return FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=True,
        filename=f"{Path(job.original_name).stem}.report.txt",
        content_type="text/plain; charset=utf-8",
    )


def landscape(request):
    """Who does what where: the country × sector matrix, top providers, and
    for staff the possible duplications."""
    figures = get_landscape()
    # Names in the reader's language: one query per codelist, not per cell.
    countries = {
        entry.code: entry.name
        for entry in Country.objects.filter(code__in=figures.countries)
    }
    categories = {
        entry.code: entry.name
        for entry in SectorCategory.objects.filter(code__in=figures.categories)
    }
    return render(
        request,
        "cooperation/activities/landscape.html",
        {
            "landscape": figures,
            "columns": [
                (code, categories.get(code, "")) for code in figures.categories
            ],
            "rows": [
                (code, countries.get(code, code), cells)
                for code, cells in figures.rows()
            ],
            "top_providers": [
                (code, categories.get(code, ""), providers)
                for code, providers in figures.top_providers.items()
            ],
            "show_duplications": access_for(request.user).is_staff_member,
        },
    )

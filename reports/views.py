"""Pages of report jobs: ask, watch the progress, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import get_for_user

from .forms import ExportForm
from .models import ReportFormat, ReportJob, ReportKind, ReportStatus
from .services.jobs import request_report


@login_required
def report_list(request):
    """The user's reports (staff: their own here too) and the forms to ask."""
    jobs = ReportJob.objects.filter(requested_by=request.user)[:50]
    return render(
        request, "reports/list.html", {"jobs": jobs, "export_form": ExportForm()}
    )


@login_required
@require_POST
def report_new(request):
    """Ask for a list export (with the list's filters) or the work plan PDF."""
    if request.POST.get("kind") == ReportKind.WORKPLAN_PROGRESS:
        kind, format, parameters = ReportKind.WORKPLAN_PROGRESS, ReportFormat.PDF, {}
    else:
        form = ExportForm(request.POST)
        if not form.is_valid():
            jobs = ReportJob.objects.filter(requested_by=request.user)[:50]
            return render(
                request,
                "reports/list.html",
                {"jobs": jobs, "export_form": form},
                status=400,
            )
        # Filters of the list page travel as its query string.
        filters = QueryDict(request.POST.get("filters", ""))
        kind, format = ReportKind.EXPORT, form.cleaned_data["format"]
        parameters = {
            "exporter": form.cleaned_data["exporter"],
            "filters": {key: filters.getlist(key) for key in filters},
        }
    try:
        job = request_report(
            actor=request.user, kind=kind, format=format, parameters=parameters
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:list")
    return redirect(job)


@login_required
def report_detail(request, pk: int):
    job = get_for_user(ReportJob, request.user, pk=pk)
    return render(request, "reports/detail.html", {"job": job})


@login_required
def report_progress(request, pk: int):
    """The progress fragment, polled by htmx until the job has finished."""
    job = get_for_user(ReportJob, request.user, pk=pk)
    return render(request, "reports/_progress.html", {"job": job})


@login_required
def report_download(request, pk: int):
    """The file, to the user who asked for it and to staff only."""
    job = get_for_user(ReportJob, request.user, pk=pk)
    if job.status != ReportStatus.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1].split("-", 1)[-1],
    )

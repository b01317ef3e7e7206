"""Asking for a report, and making it.

``request_report`` writes the job row and queues its task on commit; the
task claims the row with a conditional UPDATE (queued → running), so a task
delivered twice makes the file once. The sweeper re-queues jobs whose
message was lost while the broker was down.
"""

import logging
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from notifications.services.notify import notify

from ..exporters import EXPORTERS
from ..models import ReportFormat, ReportJob, ReportKind, ReportStatus
from ..writers import CHUNK_SIZE, write_csv, write_xlsx

logger = logging.getLogger(__name__)


def report_lifetime() -> timedelta:
    return timedelta(hours=getattr(settings, "REPORT_FILE_HOURS", 72))


@transaction.atomic
def request_report(*, actor, kind: str, format: str, parameters: dict) -> ReportJob:
    """Record ``actor``'s request for a report and queue it."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if kind == ReportKind.EXPORT:
        if parameters.get("exporter") not in EXPORTERS:
            raise ValidationError(_("There is no such list to export."))
        if format not in (ReportFormat.CSV, ReportFormat.XLSX):
            raise ValidationError(_("Lists are exported as CSV or XLSX."))
    elif kind == ReportKind.WORKPLAN_PROGRESS:
        if format != ReportFormat.PDF:
            raise ValidationError(_("The work plan's progress is a PDF."))
    elif kind == ReportKind.FUND_STATEMENT:
        _check_fund_statement(actor, format, parameters)
    else:
        raise ValidationError(_("There is no such report."))
    # PostgreSQL's jsonb cannot hold a NUL character: refuse it here rather
    # than fail on saving (a 500).
    if _has_nul(parameters):
        raise ValidationError(_("Null characters are not allowed."))

    job = ReportJob.objects.create(
        requested_by=actor,
        kind=kind,
        format=format,
        parameters=parameters,
        language=translation.get_language() or actor.preferred_language or "en",
    )
    from notifications.tasks import enqueue

    from ..tasks import run_report_job

    transaction.on_commit(lambda: enqueue(run_report_job, job.pk))
    logger.info(
        "Report requested",
        extra={"report_job_id": job.pk, "user_id": actor.pk, "kind": kind},
    )
    return job


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def _check_fund_statement(actor, format: str, parameters: dict) -> None:
    """A fund statement is a PDF of one fund over a period, for those who
    keep the funds (as the statement page)."""
    from funds.models import Fund
    from funds.services.ledger import may_manage_funds

    if not may_manage_funds(actor):
        raise PermissionDenied
    if format != ReportFormat.PDF:
        raise ValidationError(_("A fund statement is a PDF."))
    if not Fund.objects.filter(code=parameters.get("fund", "")).exists():
        raise ValidationError(_("There is no such fund."))
    try:
        start, end = _period(parameters)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Give the period as two dates.")) from error
    if end < start:
        raise ValidationError(_("The period must end after it starts."))


def _period(parameters: dict) -> tuple[date, date]:
    return (
        date.fromisoformat(parameters["start"]),
        date.fromisoformat(parameters["end"]),
    )


def _claim(job_id: int) -> bool:
    return bool(
        ReportJob.objects.filter(pk=job_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING, started_at=timezone.now()
        )
    )


def run_report(job_id: int) -> bool:
    """Make the file of job ``job_id`` if it is still queued.

    A failure is recorded as a failure, with its error, and the requester is
    told; it is not retried, because the error of a report is almost always
    in its data and would fail again.
    """
    if not _claim(job_id):
        return False
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        with translation.override(job.language):
            filename, path = _make(job)
            with open(path, "rb") as handle:
                job.file.save(filename, File(handle), save=False)
            Path(path).unlink(missing_ok=True)
    except Exception as error:
        logger.exception("Report failed", extra={"report_job_id": job.pk})
        with transaction.atomic():
            ReportJob.objects.filter(pk=job.pk).update(
                status=ReportStatus.FAILED,
                error=repr(error)[:2000],
                finished_at=timezone.now(),
            )
            notify(
                job.requested_by,
                "report_failed",
                key=f"report:{job.pk}:failed",
                about=job,
                context={"report": job.title},
            )
        return False

    expires_at = timezone.now() + report_lifetime()
    with transaction.atomic():
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportStatus.DONE,
            file=job.file.name,
            progress=100,
            finished_at=timezone.now(),
            expires_at=expires_at,
        )
        with translation.override(job.requested_by.preferred_language or "en"):
            expires = formats.date_format(
                timezone.localtime(expires_at), "DATETIME_FORMAT"
            )
        notify(
            job.requested_by,
            "report_ready",
            key=f"report:{job.pk}:ready",
            about=job,
            context={"report": job.title, "expires": expires},
        )
    logger.info("Report made", extra={"report_job_id": job.pk})
    return True


def _progress_callback(job: ReportJob, total: int):
    def progress(rows: int) -> None:
        percent = min(99, round(100 * rows / total)) if total else 99
        ReportJob.objects.filter(pk=job.pk).update(progress=percent, rows_written=rows)

    return progress


def _make(job: ReportJob) -> tuple[str, str]:
    suffix = f".{job.format}"
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        pass  # Only the name: the writers open the path themselves.
    if job.kind == ReportKind.WORKPLAN_PROGRESS:
        _write_workplan_pdf(handle.name, job)
        return f"workplan-progress{suffix}", handle.name
    if job.kind == ReportKind.FUND_STATEMENT:
        code = _write_fund_statement_pdf(handle.name, job)
        return f"statement-{code}{suffix}", handle.name

    exporter = EXPORTERS[job.parameters["exporter"]]
    queryset = exporter.rows_for(job.requested_by, job.parameters.get("filters"))
    total = queryset.count()
    rows = queryset.values_list(*exporter.lookups).iterator(chunk_size=CHUNK_SIZE)
    writer = write_csv if job.format == ReportFormat.CSV else write_xlsx
    count = writer(handle.name, exporter.headers, rows, _progress_callback(job, total))
    ReportJob.objects.filter(pk=job.pk).update(rows_written=count)
    return f"{exporter.name}{suffix}", handle.name


def _write_workplan_pdf(path: str, job: ReportJob) -> None:
    from weasyprint import CSS, HTML

    from cooperation.models import WorkplanArea

    areas = WorkplanArea.objects.with_progress().prefetch_related("steps")
    html = render_to_string(
        "reports/workplan_progress.html",
        {"areas": areas, "generated_at": timezone.now(), "job": job},
    )
    stylesheet = CSS(filename=finders.find("reports/workplan-print.css"))
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        path, stylesheets=[stylesheet]
    )


def _write_fund_statement_pdf(path: str, job: ReportJob) -> str:
    """The fund statement of the funds' pages, made in the background."""
    from funds import statements
    from funds.models import Fund

    fund = Fund.objects.select_related("currency").get(code=job.parameters["fund"])
    start, end = _period(job.parameters)
    statement = statements.fund_statement(fund=fund, start=start, end=end)
    Path(path).write_bytes(
        statements.render_pdf("funds/statements/fund_pdf.html", statement)
    )
    return fund.code


def purge_expired(now=None) -> int:
    """Delete the files of reports past their expiry; returns how many."""
    now = now or timezone.now()
    expired = ReportJob.objects.dangerously_unscoped().filter(
        status=ReportStatus.DONE, expires_at__lte=now
    )
    count = 0
    for job in expired.iterator():
        if job.file:
            job.file.delete(save=False)
        ReportJob.objects.filter(pk=job.pk).update(status=ReportStatus.EXPIRED, file="")
        count += 1
    if count:
        logger.info("Expired report files deleted", extra={"count": count})
    return count

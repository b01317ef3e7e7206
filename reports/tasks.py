"""Celery tasks of report jobs."""

from celery import shared_task
from django.utils import timezone

from notifications.tasks import SWEEP_GRACE, enqueue

from .models import ReportJob, ReportStatus
from .services import jobs


@shared_task(acks_late=True)
def run_report_job(job_id: int) -> bool:
    """Make one report's file (a no-op if another delivery already did)."""
    return jobs.run_report(job_id)


def sweep_report_jobs() -> int:
    """Queue report jobs whose message was lost; called by the outbox sweeper."""
    cutoff = timezone.now() - SWEEP_GRACE
    ids = list(
        ReportJob.objects.dangerously_unscoped()
        .filter(status=ReportStatus.QUEUED, created_at__lte=cutoff)
        .values_list("pk", flat=True)[:100]
    )
    for pk in ids:
        enqueue(run_report_job, pk)
    return len(ids)


@shared_task(acks_late=True)
def purge_expired_reports() -> int:
    """Delete expired report files (hourly)."""
    return jobs.purge_expired()

"""Celery tasks of the cooperation app: thin wrappers around services."""

import logging

from celery import shared_task

from .services.activities import run_import
from .services.matching import compute_matches, notify_strong_matches


@shared_task(acks_late=True)
def run_import_job(job_id: int) -> None:
    """Import the file of an ``ImportJob`` (see ``run_import``)."""
    run_import(job_id)


logger = logging.getLogger(__name__)


@shared_task(
    name="cooperation.recompute_matches",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def recompute_matches(posting_ids: list[int]) -> int:
    """Recompute the matches of the given postings (after publication) and
    tell both sides of each new strong match."""
    written = compute_matches(posting_ids)
    notify_strong_matches(posting_ids)
    return written


@shared_task(name="cooperation.recompute_all_matches")
def recompute_all_matches() -> int:
    """Nightly: recompute every match (declared in notifications.schedules)."""
    written = compute_matches(None)
    notify_strong_matches(None)
    return written

"""Background jobs of the cooperation app. Tasks take ids, re-read the rows
and call one service function; running one twice does nothing twice."""

import logging

from celery import shared_task

from .services.matching import compute_matches, notify_strong_matches

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
    """Nightly: recompute every match (scheduled in migration 0003)."""
    written = compute_matches(None)
    notify_strong_matches(None)
    return written

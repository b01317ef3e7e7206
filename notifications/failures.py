"""Recording failed Celery tasks for the operations page."""

import logging
import traceback as traceback_module
from datetime import timedelta

from django.utils import timezone

from .models import TaskFailure

logger = logging.getLogger(__name__)

# Failures older than this are deleted when a new one is recorded.
KEEP_DAYS = 30


def record_task_failure(
    sender=None, task_id=None, exception=None, args=None, **_kwargs
) -> None:
    """Celery's ``task_failure`` receiver: one ``TaskFailure`` row. It must
    never raise, or the worker would log a second, confusing error."""
    try:
        text = (
            "".join(traceback_module.format_exception(exception))
            if exception is not None
            else ""
        )
        TaskFailure.objects.create(
            task_name=getattr(sender, "name", str(sender))[:200],
            task_id=(task_id or "")[:64],
            arguments=_jsonable(args),
            error=repr(exception)[:2000],
            traceback=text[-10_000:],
        )
        TaskFailure.objects.filter(
            occurred_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)
        ).delete()
    except Exception:
        logger.exception("Could not record a task failure", extra={"task_id": task_id})


def _jsonable(args) -> list:
    # Tasks take ids and names; anything else is kept as its repr.
    result = []
    for value in args or ():
        result.append(
            value if isinstance(value, (int, str, float, bool)) else repr(value)
        )
    return result

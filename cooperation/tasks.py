"""Celery tasks of the cooperation app: thin wrappers around services."""

from celery import shared_task

from .services.activities import run_import


@shared_task(acks_late=True)
def run_import_job(job_id: int) -> None:
    """Import the file of an ``ImportJob`` (see ``run_import``)."""
    run_import(job_id)

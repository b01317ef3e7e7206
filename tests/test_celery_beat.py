"""Celery beat keeps its schedule in the database (django-celery-beat runs on
Django 6.1 although its metadata says <6.1: see pyproject's uv override)."""

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from iacd_portal.celery import app


@pytest.mark.django_db
def test_database_scheduler_reads_a_periodic_task_from_the_database():
    every_hour = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.create(
        name="test: hourly", task="iacd_portal.tasks.ping", interval=every_hour
    )

    scheduler = DatabaseScheduler(app=app, lazy=True)

    assert "test: hourly" in scheduler.all_as_schedule()


def test_celery_uses_redis_and_the_database_scheduler(settings):
    assert app.conf.broker_url.startswith("redis://")
    assert settings.CELERY_BEAT_SCHEDULER.endswith("DatabaseScheduler")
    assert app.conf.task_acks_late is True

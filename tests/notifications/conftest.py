"""Fixtures of the delivery tests: the Celery app pointed at a live or a
dead Redis."""

import pytest

from iacd_portal.celery import app as celery_app

DEAD_BROKER = "redis://127.0.0.1:1/0"


def point_celery_at(url: str) -> None:
    """Make the Celery app publish to ``url`` from now on."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def live_broker(settings):
    """The real Redis of this test run, restored after the test."""
    url = settings.CELERY_BROKER_URL
    point_celery_at(url)
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")
    yield url
    point_celery_at(url)
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")

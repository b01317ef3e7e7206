"""Fixtures of the delivery tests: the Celery app pointed at a live or a
dead Redis."""

import os

import pytest

from iacd_portal.celery import app as celery_app

DEAD_BROKER = "redis://127.0.0.1:1/0"


def point_celery_at(url: str) -> None:
    """Make the Celery app publish to ``url`` from now on."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


# Tasks published by these tests go to a queue of their own, so that a
# development worker on the same Redis database cannot take them.
TEST_QUEUE = f"iacd-test-{os.getpid()}"


def purge(queue: str) -> None:
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


def queued_messages() -> int:
    with celery_app.connection_for_write() as connection:
        return connection.default_channel.client.llen(TEST_QUEUE)


@pytest.fixture
def live_broker(settings):
    """The real Redis of this test run, and the test queue, reset after."""
    url = settings.CELERY_BROKER_URL
    default_queue = celery_app.conf.task_default_queue
    point_celery_at(url)
    celery_app.conf.task_default_queue = TEST_QUEUE
    purge(TEST_QUEUE)
    yield url
    point_celery_at(url)
    purge(TEST_QUEUE)
    celery_app.conf.task_default_queue = default_queue
    with celery_app.connection_for_write() as connection:
        connection.default_channel.client.delete(
            f"_kombu.binding.{TEST_QUEUE}", f"_kombu.binding_permanent.{TEST_QUEUE}"
        )

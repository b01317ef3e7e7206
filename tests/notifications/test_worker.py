"""A real Celery worker in a subprocess, on this run's Redis database and
test PostgreSQL database, so that eager mode is not the only proof."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from notifications import tasks
from notifications.models import EmailStatus, Notification
from notifications.services.notify import notify

from .conftest import DEAD_BROKER, TEST_QUEUE, point_celery_at

# Every task these tests publish goes to the test queue (see conftest).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_broker"),
]

ROOT = Path(__file__).resolve().parents[2]


def start_worker(mail_dir: Path, **environment) -> subprocess.Popen:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER'] or ''}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DB_POOL": "false",
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "WORKER_MAIL_DIR": str(mail_dir),
        **environment,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "iacd_portal",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            f"--queues={TEST_QUEUE}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> str:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    output, _ = worker.communicate(timeout=30)
    return output.decode(errors="replace")


def wait_until(condition, deadline_seconds=60) -> bool:
    # Polling with a generous deadline: the assertion is on the outcome, the
    # deadline only stops a broken test from hanging.
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def sent_files(mail_dir: Path) -> list[Path]:
    return [path for path in mail_dir.iterdir() if path.suffix == ".log"]


def committed_notification(recipient, key):
    with transaction.atomic():
        notification, _ = notify(
            recipient, "account", key=key, context={"title": key, "message": "m"}
        )
    return notification


def test_real_worker_sends_what_redis_missed_once_even_when_told_twice(
    alice,
    live_broker,
    tmp_path,
    monkeypatch,
):
    point_celery_at(DEAD_BROKER)
    notification = committed_notification(alice, "missed")
    point_celery_at(live_broker)

    worker = start_worker(tmp_path)
    try:
        monkeypatch.setattr(tasks, "SWEEP_GRACE", timedelta(0))
        assert tasks.sweep_outbox() == 1
        # The same message, delivered twice more.
        tasks.enqueue(tasks.deliver_notification, notification.pk)
        tasks.enqueue(tasks.deliver_notification, notification.pk)

        assert wait_until(lambda: "succeeded" in _log_so_far(worker, 3))
    finally:
        output = _LOGS.get(worker.pid, "") + stop(worker)

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert len(sent_files(tmp_path)) == 1
    assert output.count("succeeded") == 3, output


_LOGS: dict[int, str] = {}


def _log_so_far(worker: subprocess.Popen, successes: int) -> bool:
    # Reads the worker's output without blocking, until it reports
    # ``successes`` finished tasks.
    os.set_blocking(worker.stdout.fileno(), False)
    chunk = worker.stdout.read() or b""
    _LOGS[worker.pid] = _LOGS.get(worker.pid, "") + chunk.decode(errors="replace")
    return "succeeded" if _LOGS[worker.pid].count("succeeded") >= successes else ""


def test_worker_killed_mid_send_then_restarted_sends_no_second_email(
    alice,
    live_broker,
    tmp_path,
):
    notification = committed_notification(alice, "killed")
    # The first worker claims the row and stalls inside the send.
    worker = start_worker(
        tmp_path,
        WORKER_EMAIL_BACKEND="tests.notifications.slow_mail.StallingEmailBackend",
        WORKER_VISIBILITY_TIMEOUT="2",
    )
    try:
        assert wait_until(lambda: (tmp_path / "stalled").exists())
    finally:
        stop(worker, signal.SIGKILL)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENDING

    # A healthy worker starts; Redis hands it the unacknowledged message
    # again once the visibility timeout has passed.
    worker = start_worker(tmp_path, WORKER_VISIBILITY_TIMEOUT="2")
    try:
        assert wait_until(lambda: "succeeded" in _log_so_far(worker, 1))
    finally:
        output = _LOGS.get(worker.pid, "") + stop(worker)

    assert "False" in output  # The redelivered task found the row claimed.
    assert sent_files(tmp_path) == []
    assert Notification.objects.get(pk=notification.pk).email_status == "sending"

"""In a real browser: the bell and the report progress bar update through
htmx without reloading, and the pages run no inline script."""

import pytest
from django.db import transaction

from notifications.services.notify import notify
from reports.services.jobs import request_report, run_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, client, alice):
    """A page of the shared Chromium, logged in as Alice."""
    client.force_login(alice)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


def test_bell_shows_unread_count_loaded_by_htmx(page, live_server, alice):
    with transaction.atomic():
        notify(alice, "account", key="b1", context={"title": "t", "message": "m"})

    page.goto(f"{live_server.url}/notifications/")

    badge = page.locator("#notification-bell .badge")
    badge.wait_for(timeout=10_000)
    assert badge.inner_text().startswith("1")
    assert page.errors == []


def test_report_progress_updates_without_reloading(
    page, live_server, alice, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=False):
        job = request_report(
            actor=alice,
            kind="export",
            format="csv",
            parameters={"exporter": "member_states"},
        )

    page.goto(f"{live_server.url}/reports/{job.pk}/")
    assert page.locator("#report-progress-bar").count() == 1

    run_report(job.pk)

    download = page.locator(f"a[href='/reports/{job.pk}/download/']")
    download.wait_for(timeout=15_000)
    assert page.locator("#report-progress-bar").count() == 0
    assert page.errors == []

"""On a phone (375 px) the pages with wide tables scroll the table, not the
whole page: nothing of the navbar or the text is pushed off screen."""

from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import Role
from security.services.accounts import mark_email_verified
from tests.factories import user_with_role

from .test_workplan_browser import log_in

DOCUMENT = Path(__file__).resolve().parents[2] / "data/breakout-sessions-results.txt"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_work_plan_tables_fit_a_phone_width(page, live_server, jamaica):
    call_command("import_workplan", str(DOCUMENT))
    user = user_with_role(
        Role.NATIONAL_FOCAL_POINT, email="fp@jamaica.example", country=jamaica
    )
    mark_email_verified(actor=None, user=user)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "fp@jamaica.example")

    for path in ("/workplan/", "/workplan/3/", "/es/workplan/", "/activities/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)


def test_a_word_longer_than_the_line_breaks_instead_of_widening_the_page(
    page, live_server, jamaica
):
    # A 250-letter title (or attachment name) pushed the page to 2600 px.
    from cooperation.models import PostingState
    from tests.cooperation.factories import PostingFactory

    user = user_with_role(
        Role.NATIONAL_FOCAL_POINT, email="fp@jamaica.example", country=jamaica
    )
    mark_email_verified(actor=None, user=user)
    posting = PostingFactory(
        country=jamaica, state=PostingState.PUBLISHED, title="x" * 250
    )
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "fp@jamaica.example")

    page.goto(f"{live_server.url}/cooperanet/{posting.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

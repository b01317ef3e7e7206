"""Schemathesis over the OpenAPI schema: generated requests to every API
operation, as anonymous and as IACD staff, get no server error and no answer
that breaks the schema. Examples are bounded so the test stays fast.

The database holds a few rows of every kind first: the schema lists the codes
a filter accepts (member states, sectors, SDGs, statuses, funds) from the
database, and lists and exports have something to serialise. Half the
requests to an operation with an id in its path name one of those rows, so
that reads, edits and transitions reach real records, not only 404."""

import os
from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperation.models import Posting, PostingKind, PostingState
from funds.models import LedgerEntry
from funds.services import ledger, proposals
from tests.cooperation.factories import (
    ActivityFactory,
    PostingFactory,
    load_reference_codes,
)
from tests.funds.factories import CycleFactory, FundFactory

from .conftest import mark_second_factor_passed

pytestmark = pytest.mark.django_db(transaction=False)

MAX_EXAMPLES = 25


@pytest.fixture
def catalogue(jamaica, mexico, alice, staff, fund_manager):
    """Rows of every kind; returns the path parameters naming one row of
    each collection (by the collection's name in /api/v1/<name>/)."""
    load_reference_codes()
    activity = ActivityFactory()
    for kind in PostingKind:
        PostingFactory(kind=kind, country=jamaica, state=PostingState.PUBLISHED)
        PostingFactory(kind=kind, country=mexico)
    # A fund under an umbrella, money pledged and received, a proposal.
    umbrella = FundFactory(code="umbrella")
    fund = FundFactory(code="dcf", parent=umbrella)
    pledge = ledger.record_pledge(
        actor=fund_manager,
        fund=fund,
        amount="1000",
        currency="USD",
        pledged_on=date(2026, 1, 10),
        contributor_state=mexico,
    )
    ledger.record_receipt(
        actor=fund_manager,
        contribution=pledge,
        amount="400",
        currency="USD",
        received_on=date(2026, 2, 1),
    )
    cycle = CycleFactory(fund=fund, created_by=staff)
    proposal = proposals.create_proposal(
        actor=alice,
        cycle=cycle,
        country=jamaica,
        theme=cycle.themes.first(),
        title="Teachers",
        objectives="Train teachers.",
        duration_months=12,
        requested_amount=Decimal(500),
    )
    offer = Posting.objects.filter(kind=PostingKind.OFFER, country=jamaica).get()
    demand = Posting.objects.filter(kind=PostingKind.DEMAND, country=mexico).get()
    return {
        "activities": {"id": activity.pk},
        "offers": {"id": offer.pk},
        "demands": {"id": demand.pk},
        "funds": {"code": fund.code},
        "fund-cycles": {"id": cycle.pk},
        "fund-contributions": {"id": pledge.pk},
        "fund-ledger": {"id": LedgerEntry.objects.dangerously_unscoped().first().pk},
        "fund-proposals": {"id": proposal.pk},
        "member-states": {"iso3": jamaica.iso3},
        "country-profiles": {"iso3": jamaica.iso3},
    }


@pytest.fixture
def staff_cookie(staff):
    client = Client()
    client.force_login(staff)
    mark_second_factor_passed(client, staff)
    # A CSRF cookie and the same token in the header, as the browser's
    # scripts send them, so that generated writes reach their views.
    token = get_random_string(32)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, with connections kept open between
    requests as Django's test client keeps them (closing them would end the
    test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# `make test` (and so CI) draws the same examples every run, so that a
# submission's verdict cannot depend on luck; FUZZ_RANDOM=1 explores new ones.
EXPLORE = os.environ.get("FUZZ_RANDOM") == "1"


def _runner(operation, cookies, counter, known):
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=not EXPLORE,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), name_a_row=st.booleans())
    def run(case, name_a_row):
        if name_a_row and case.path_parameters:
            case.path_parameters = {**case.path_parameters, **known}
        case.cookies = {**(case.cookies or {}), **cookies}
        if "csrftoken" in cookies:
            case.headers = {**(case.headers or {}), "X-CSRFToken": cookies["csrftoken"]}
        response = case.call()
        case.validate_response(response)
        counter.append((operation.label, response.status_code))

    return run


def test_api_answers_generated_requests_within_its_schema(
    catalogue, wsgi_app, staff_cookie, capsys
):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    counter: list[int] = []
    operations = 0

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        collection = operation.path.removeprefix("/api/v1/").split("/")[0]
        known = catalogue.get(collection, {})
        for cookies in ({}, staff_cookie):
            _runner(operation, cookies, counter, known)()
    sent = len(counter)
    reached = {label for label, status in counter if 200 <= status < 300}

    with capsys.disabled():
        answered = sum(200 <= status < 300 for _label, status in counter)
        print(
            f"\nschemathesis: {operations} operations, {sent} generated API "
            f"requests, {answered} answered 2xx"
        )
    assert sent > 0
    # The staff half really was logged in, and the rows named in paths were
    # found: answers carry data.
    assert "GET /api/v1/fund-ledger/" in reached
    assert "GET /api/v1/offers/{id}/" in reached
    assert "GET /api/v1/fund-proposals/{id}/" in reached

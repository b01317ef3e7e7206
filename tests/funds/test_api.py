"""The funds API: the same visibility as the pages, balances from the
ledger, filters shared with the pages, and a bounded number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


def test_funds_list_carries_balances(client, funded_dcf):
    response = client.get("/api/v1/funds/")

    fund = response.json()["results"][0]
    assert fund["code"] == "dcf"
    assert Decimal(fund["balances"]["available"]) == Decimal("100000")


def test_fund_balances_endpoint(client, funded_dcf):
    response = client.get("/api/v1/funds/dcf/balances/")

    body = response.json()
    assert Decimal(body["own"]["received_total"]) == Decimal("100000")
    assert Decimal(body["consolidated"]["available"]) == Decimal("100000")


def test_bob_never_sees_jamaicas_draft_through_the_api(client, jamaica_draft, bob):
    client.force_login(bob)

    listing = client.get("/api/v1/fund-proposals/").json()
    assert listing["count"] == 0
    detail = client.get(f"/api/v1/fund-proposals/{jamaica_draft.pk}/")
    assert detail.status_code == 404


def test_alice_sees_her_countrys_draft(client, jamaica_draft, alice):
    client.force_login(alice)
    response = client.get("/api/v1/fund-proposals/")
    assert [p["title"] for p in response.json()["results"]] == ["Jamaica's draft"]


def test_proposals_are_paged_newest_first(client, cycle, alice, jamaica):
    # The aggregated list had no ordering: pages could repeat or skip rows.
    first = make_proposal(alice, cycle, jamaica, title="First")
    second = make_proposal(alice, cycle, jamaica, title="Second")
    client.force_login(alice)

    results = client.get("/api/v1/fund-proposals/").json()["results"]

    assert [p["id"] for p in results] == [second.pk, first.pk]


def test_anonymous_is_refused_proposals_contributions_and_ledger(
    client, jamaica_draft, funded_dcf
):
    for url in (
        "/api/v1/fund-proposals/",
        f"/api/v1/fund-proposals/{jamaica_draft.pk}/",
        "/api/v1/fund-contributions/",
        "/api/v1/fund-ledger/",
    ):
        assert client.get(url).status_code in (401, 403), url


def test_contributions_are_seen_by_the_contributor_only(
    client, funded_dcf, alice, bob, fund_manager
):
    client.force_login(alice)
    assert client.get("/api/v1/fund-contributions/").json()["count"] == 0
    assert client.get("/api/v1/fund-ledger/").json()["count"] == 0
    client.force_login(bob)
    assert client.get("/api/v1/fund-contributions/").json()["count"] == 1
    client.force_login(fund_manager)
    assert client.get("/api/v1/fund-ledger/").json()["count"] == 2


def test_proposal_filters_are_the_pages_filters(
    client, fund_manager, alice, bob, cycle, jamaica, mexico
):
    make_proposal(alice, cycle, jamaica, others=[mexico], title="Together")
    make_proposal(bob, cycle, mexico, title="Alone")
    client.force_login(fund_manager)

    response = client.get("/api/v1/fund-proposals/", {"multi_country": "true"})
    assert [p["title"] for p in response.json()["results"]] == ["Together"]
    response = client.get("/api/v1/fund-proposals/", {"country": mexico.pk})
    assert [p["title"] for p in response.json()["results"]] == ["Alone"]


def test_cycles_are_public(client, cycle):
    response = client.get("/api/v1/fund-cycles/")
    assert response.json()["results"][0]["name"] == cycle.name
    assert len(response.json()["results"][0]["themes"]) == 2


def test_proposal_list_query_count_is_flat(client, fund_manager, alice, cycle, jamaica):
    client.force_login(fund_manager)
    make_proposal(alice, cycle, jamaica)
    client.get("/api/v1/fund-proposals/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/fund-proposals/")
    for n in range(10):
        make_proposal(alice, cycle, jamaica, title=f"P{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/fund-proposals/")

    assert len(few) == len(many)
    assert len(many) <= 5


def test_contributions_filter_by_contributor(client, funded_dcf, fund_manager):
    client.force_login(fund_manager)

    found = client.get("/api/v1/fund-contributions/", {"contributor": "mex"})
    none = client.get("/api/v1/fund-contributions/", {"contributor": "Jamaica"})

    assert found.json()["count"] == 1
    assert none.json()["count"] == 0


def test_focal_point_pledges_through_the_api(client, dcf, alice):
    client.force_login(alice)

    response = client.post(
        "/api/v1/fund-contributions/",
        {
            "fund": "dcf",
            "contributor_state": "JAM",
            "amount": "2500.00",
            "currency": "USD",
            "pledged_on": "2026-02-01",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Decimal(dcf.balances()["pledged_total"]) == Decimal("2500")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "EUR"}, "exchange_rate"),
        # PostgreSQL cannot even look up a code with a NUL in it.
        ({"contributor_state": "\x00"}, "contributor_state"),
        ({"fund": "dc\x00f"}, "fund"),
    ],
)
def test_bad_pledges_are_refused_with_the_field_named(
    client, dcf, fund_manager, mexico, euro, changes, field
):
    client.force_login(fund_manager)
    body = {
        "fund": "dcf",
        "contributor_state": "MEX",
        "amount": "100",
        "currency": "USD",
        "pledged_on": "2026-02-01",
        **changes,
    }

    response = client.post(
        "/api/v1/fund-contributions/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not dcf.entries.exists()


def test_bob_cannot_pledge_for_jamaica(client, dcf, bob, jamaica):
    client.force_login(bob)
    response = client.post(
        "/api/v1/fund-contributions/",
        {
            "fund": "dcf",
            "contributor_state": "JAM",
            "amount": "1",
            "currency": "USD",
            "pledged_on": "2026-02-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 403


def test_submit_through_the_api(client, jamaica_draft, alice, bob):
    url = f"/api/v1/fund-proposals/{jamaica_draft.pk}/submit/"

    client.force_login(bob)
    assert client.post(url).status_code == 404
    client.force_login(alice)
    response = client.post(url)

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert client.post(url).status_code == 400

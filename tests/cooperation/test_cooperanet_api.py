"""CooperaNet's REST API: the same visibility and filters as the pages."""

import pytest

from cooperation.models import Posting, PostingKind, PostingState
from cooperation.services.matching import compute_matches

from .factories import PostingFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return client


def test_public_sees_published_offers_only(api, jamaica):
    PostingFactory(kind=PostingKind.OFFER, country=jamaica, title="Draft")
    PostingFactory(
        kind=PostingKind.OFFER,
        country=jamaica,
        state=PostingState.PUBLISHED,
        title="Published",
    )
    body = api.get("/api/v1/offers/").json()
    assert [row["title"] for row in body["results"]] == ["Published"]


def test_outsider_gets_404_on_other_country_draft(api, bob, jamaica):
    draft = PostingFactory(kind=PostingKind.DEMAND, country=jamaica)
    api.force_login(bob)
    assert api.get(f"/api/v1/demands/{draft.pk}/").status_code == 404
    response = api.patch(
        f"/api/v1/demands/{draft.pk}/",
        {"title": "Taken"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert api.post(f"/api/v1/demands/{draft.pk}/submit/").status_code == 404


def test_outsider_cannot_change_published_record(api, bob, jamaica):
    posting = PostingFactory(
        kind=PostingKind.DEMAND, country=jamaica, state=PostingState.PUBLISHED
    )
    api.force_login(bob)
    assert api.get(f"/api/v1/demands/{posting.pk}/").status_code == 200
    response = api.post(f"/api/v1/demands/{posting.pk}/withdraw/")
    assert response.status_code == 404


def test_anonymous_cannot_create(api):
    response = api.post(
        "/api/v1/offers/", {"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_focal_point_creates_and_submits(api, alice):
    SectorFactory(code="14010")
    api.force_login(alice)
    response = api.post(
        "/api/v1/demands/",
        {
            "title": "Agua potable",
            "description": "Apoyo técnico",
            "language": "es",
            "modality": "technical_assistance",
            "working_languages": ["es"],
            "sectors": ["14010"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    posting_id = response.json()["id"]
    assert response.json()["country"] == "JAM"
    response = api.post(f"/api/v1/demands/{posting_id}/submit/")
    assert response.json()["state"] == "submitted"


def test_staff_posting_without_a_country_is_refused_beside_the_field(api, staff):
    # Staff belong to no country: the record had no owner and the database
    # refused it with a 500.
    api.force_login(staff)
    response = api.post(
        "/api/v1/demands/", {"title": "Sin país"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "country" in response.json()
    assert not Posting.objects.exists()


@pytest.mark.parametrize("field", ["sectors", "partner_countries"])
def test_a_code_with_a_nul_character_is_refused_beside_the_field(api, alice, field):
    # PostgreSQL refuses to compare text with NUL: the lookup was a 500.
    api.force_login(alice)
    response = api.post(
        "/api/v1/offers/",
        {"title": "Nul", field: ["14\x0010"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Posting.objects.exists()


def test_staff_posts_for_the_country_named(api, staff, jamaica):
    api.force_login(staff)
    response = api.post(
        "/api/v1/offers/",
        {"title": "Para Jamaica", "country": "JAM"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert Posting.objects.get().country == jamaica


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sectors": ["99999"]}, "sectors"),
        ({"partner_countries": ["XXX"]}, "partner_countries"),
        ({"start_date": "2027-05-01", "end_date": "2027-01-01"}, "end_date"),
        ({"estimated_value": "1500,50"}, "estimated_value"),
    ],
)
def test_bad_input_is_refused_per_field(api, alice, payload, field):
    api.force_login(alice)
    response = api.post(
        "/api/v1/offers/",
        {"title": "Bad", **payload},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Posting.objects.exists()


def test_focal_point_cannot_publish_via_api(api, alice, jamaica):
    posting = PostingFactory(country=jamaica, state=PostingState.SUBMITTED)
    api.force_login(alice)
    response = api.post(f"/api/v1/demands/{posting.pk}/publish/")
    assert response.status_code == 403


def test_filters_are_the_catalogue_ones(api, jamaica, mexico):
    PostingFactory(
        kind=PostingKind.OFFER, country=jamaica, state=PostingState.PUBLISHED
    )
    PostingFactory(kind=PostingKind.OFFER, country=mexico, state=PostingState.PUBLISHED)
    body = api.get("/api/v1/offers/", {"country": "MEX"}).json()
    assert body["count"] == 1
    assert api.get("/api/v1/offers/", {"country": "XXX"}).status_code == 400


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_is_flat(api, jamaica, django_assert_num_queries, rows):
    for _ in range(rows):
        PostingFactory(
            kind=PostingKind.OFFER, country=jamaica, state=PostingState.PUBLISHED
        )
    # The count, and one query for the rows with their codes.
    with django_assert_num_queries(2):
        body = api.get("/api/v1/offers/").json()
    assert len(body["results"]) == rows
    assert body["results"][0]["sectors"]


def test_matches_hide_pairs_with_unreadable_records(api, jamaica, mexico, bob):
    sector = SectorFactory(code="14010")
    demand = PostingFactory(
        country=jamaica, state=PostingState.PUBLISHED, sectors=[sector]
    )
    offer = PostingFactory(
        kind=PostingKind.OFFER,
        country=mexico,
        state=PostingState.PUBLISHED,
        sectors=[sector],
    )
    compute_matches(None)
    assert api.get("/api/v1/matches/").json()["count"] == 1
    Posting.objects.filter(pk=demand.pk).update(state=PostingState.WITHDRAWN)
    api.force_login(bob)
    assert api.get("/api/v1/matches/", {"offer": offer.pk}).json()["count"] == 0


def test_member_states(api, jamaica):
    body = api.get("/api/v1/member-states/").json()
    assert body["results"][0]["iso3"] == "JAM"
    assert api.get("/api/v1/member-states/JAM/").json()["name"] == "Jamaica"


def test_schema_generates(api):
    assert api.get("/api/schema/").status_code == 200

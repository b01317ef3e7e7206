"""Good practices (written, vetted, published) and country profiles."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cooperation.models import CountryProfile, GoodPractice, PracticeStatus
from cooperation.services.good_practices import (
    create_practice,
    publish_practice,
    return_practice,
    submit_practice,
)
from cooperation.services.profiles import update_profile

from .cache_fixtures import fresh_caches  # noqa: F401 (autouse)

TEXTS = {
    "title": "Community health brigades",
    "problem": "Remote villages lacked care.",
    "solution": "Mobile brigades trained locally.",
    "results": "Visits doubled.",
}


@pytest.fixture
def draft(alice, jamaica):
    return create_practice(actor=alice, country=jamaica, values=dict(TEXTS))


@pytest.fixture
def published(draft, alice, staff):
    submit_practice(actor=alice, practice=draft)
    return publish_practice(actor=staff, practice=draft)


def test_a_focal_point_writes_a_draft_for_their_country(draft):
    assert draft.status == PracticeStatus.DRAFT


def test_a_focal_point_may_not_write_for_another_country(bob, jamaica):
    with pytest.raises(PermissionDenied):
        create_practice(actor=bob, country=jamaica, values=dict(TEXTS))


def test_submit_then_publish_records_the_history(published):
    assert published.status == PracticeStatus.PUBLISHED
    assert published.published_at is not None
    assert [e.to_status for e in published.events.all()] == [
        PracticeStatus.SUBMITTED,
        PracticeStatus.PUBLISHED,
    ]


def test_only_staff_publish(draft, alice):
    submit_practice(actor=alice, practice=draft)

    with pytest.raises(PermissionDenied):
        publish_practice(actor=alice, practice=draft)


def test_returning_needs_a_comment(draft, alice, staff):
    submit_practice(actor=alice, practice=draft)

    with pytest.raises(ValidationError):
        return_practice(actor=staff, practice=draft, comment=" ")
    returned = return_practice(actor=staff, practice=draft, comment="Add figures.")
    assert returned.status == PracticeStatus.RETURNED


def test_a_draft_cannot_be_published_without_submission(draft, staff):
    with pytest.raises(ValidationError):
        publish_practice(actor=staff, practice=draft)


def test_the_library_shows_published_practices_to_everyone(client, published):
    response = client.get(reverse("cooperation:practice-list"))

    assert TEXTS["title"] in response.text
    assert client.get(published.get_absolute_url()).status_code == 200


def test_a_draft_is_hidden_from_outsiders(client, bob, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(bob)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/good-practices/{draft.pk}/").status_code == 404
    edit = reverse("cooperation:practice-edit", args=[draft.pk])
    assert client.get(edit).status_code == 404


def test_an_outsider_cannot_submit_a_draft(client, bob, draft):
    client.force_login(bob)
    url = reverse("cooperation:practice-transition", args=[draft.pk, "submit"])

    assert client.post(url).status_code == 404
    draft.refresh_from_db()
    assert draft.status == PracticeStatus.DRAFT


def test_the_library_searches_and_filters_by_tag(client, published):
    published.tags = ["health"]
    published.save()

    found = client.get(reverse("cooperation:practice-list"), {"q": "brigades"})
    tagged = client.get("/api/v1/good-practices/", {"tag": "health"})
    other = client.get("/api/v1/good-practices/", {"tag": "water"})

    assert list(found.context["page"]) == [published]
    assert [row["id"] for row in tagged.json()["results"]] == [published.pk]
    assert other.json()["results"] == []


def test_a_focal_point_writes_and_submits_through_the_pages(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("cooperation:practice-create"), {**TEXTS, "tags": "Health, rural"}
    )

    practice = GoodPractice.objects.get()
    assert response.status_code == 302
    assert practice.tags == ["health", "rural"]
    client.post(
        reverse("cooperation:practice-transition", args=[practice.pk, "submit"])
    )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED


def test_a_missing_text_is_reported_beside_the_field(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("cooperation:practice-create"), {**TEXTS, "problem": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["problem"]
    assert not GoodPractice.objects.exists()


# Country profiles ---------------------------------------------------------------


def test_a_focal_point_keeps_their_country_profile(alice, jamaica):
    profile = update_profile(
        actor=alice, state=jamaica, values={"strengths": "Tourism know-how"}
    )

    assert profile.strengths == "Tourism know-how"
    assert profile.updated_by == alice


def test_another_country_may_not_change_the_profile(bob, jamaica):
    with pytest.raises(PermissionDenied):
        update_profile(actor=bob, state=jamaica, values={"threats": "x"})


def test_the_profile_page_is_public_and_editable_by_its_country(
    client, alice, bob, jamaica
):
    CountryProfile.objects.create(state=jamaica, offered_expertise="Disaster response")
    page = reverse("cooperation:profile-detail", args=["JAM"])
    edit = reverse("cooperation:profile-edit", args=["JAM"])

    assert "Disaster response" in client.get(page).text
    assert client.get(edit).status_code == 302
    client.force_login(bob)
    assert client.get(edit).status_code == 403
    client.force_login(alice)
    response = client.post(edit, {"strengths": "Resilience"})
    assert response.status_code == 302
    assert CountryProfile.objects.get().strengths == "Resilience"


def test_the_profile_api_is_public_and_read_only(client, staff, jamaica):
    CountryProfile.objects.create(state=jamaica, strengths="Music")

    response = client.get("/api/v1/country-profiles/JAM/")

    assert response.json()["strengths"] == "Music"
    client.force_login(staff)
    assert client.put("/api/v1/country-profiles/JAM/", {}).status_code == 405


def test_a_practice_can_come_from_a_completed_cooperation(client, alice):
    from .factories import ActivityFactory, load_reference_codes

    load_reference_codes()
    activity = ActivityFactory()
    client.force_login(alice)

    client.post(
        reverse("cooperation:practice-create") + f"?activity={activity.pk}", TEXTS
    )

    assert GoodPractice.objects.get().activity == activity


@pytest.mark.parametrize(
    "name",
    [
        "cooperation:activity-list",
        "cooperation:activity-import",
        "cooperation:landscape",
        "cooperation:practice-list",
        "cooperation:practice-create",
        "cooperation:profile-list",
    ],
)
def test_every_page_renders_for_staff(client, staff, jamaica, name):
    client.force_login(staff)

    assert client.get(reverse(name)).status_code == 200


def test_the_profile_pages_render_for_staff(client, staff, jamaica):
    client.force_login(staff)

    assert client.get(reverse("cooperation:profile-list")).status_code == 200
    edit = reverse("cooperation:profile-edit", args=["JAM"])
    assert client.get(edit).status_code == 200


def test_the_profile_shows_the_sectors_of_its_visible_offers_only(client, bob, jamaica):
    from cooperation.models import PostingKind, PostingState

    from .factories import PostingFactory, SectorFactory

    published = SectorFactory(code="15110")
    draft_only = SectorFactory(code="31120")
    PostingFactory(
        country=jamaica,
        kind=PostingKind.OFFER,
        state=PostingState.PUBLISHED,
        sectors=[published],
    )
    PostingFactory(country=jamaica, kind=PostingKind.OFFER, sectors=[draft_only])
    client.force_login(bob)

    response = client.get(reverse("cooperation:profile-detail", args=["JAM"]))

    codes = [item["sector__code"] for item in response.context["offer_sectors"]]
    assert codes == ["15110"]
    assert list(response.context["demand_sectors"]) == []

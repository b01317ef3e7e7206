"""The life cycle of offers and demands: who may fire which transition, the
history it leaves, and versions of published records."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cooperation.models import Connection, Posting, PostingKind, PostingState
from cooperation.services import cooperanet as services

from .factories import PostingFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(jamaica):
    return PostingFactory(country=jamaica, title="Water resources management")


def test_focal_point_creates_a_draft_for_own_country(alice, jamaica):
    sector = SectorFactory(code="14010")
    posting = services.create_posting(
        actor=alice,
        kind=PostingKind.DEMAND,
        country=jamaica,
        values={"title": "Gestión del agua", "language": "es", "sectors": [sector]},
    )
    assert posting.state == PostingState.DRAFT
    assert list(posting.sectors.values_list("code", flat=True)) == ["14010"]
    assert posting.events.get().action == "created"


def test_focal_point_cannot_create_for_another_country(bob, jamaica):
    with pytest.raises(PermissionDenied):
        services.create_posting(
            actor=bob, kind="offer", country=jamaica, values={"title": "x"}
        )


def test_submit_records_who_and_comment(alice, draft):
    services.submit_posting(actor=alice, posting=draft, comment="Ready")
    draft.refresh_from_db()
    assert draft.state == PostingState.SUBMITTED
    event = draft.events.last()
    assert (event.actor, event.from_state, event.to_state, event.comment) == (
        alice,
        "draft",
        "submitted",
        "Ready",
    )


def test_incomplete_draft_cannot_be_submitted(alice, jamaica):
    posting = PostingFactory(country=jamaica, description="", sectors=[])
    with pytest.raises(ValidationError):
        services.submit_posting(actor=alice, posting=posting)
    posting.refresh_from_db()
    assert posting.state == PostingState.DRAFT


def test_mission_focal_point_submits_when_country_allows(mona, draft):
    services.submit_posting(actor=mona, posting=draft)
    assert Posting.objects.get(pk=draft.pk).state == PostingState.SUBMITTED


def test_mission_focal_point_refused_when_country_forbids(mona, draft, jamaica):
    jamaica.mission_may_edit = False
    jamaica.save()
    with pytest.raises(PermissionDenied):
        services.submit_posting(actor=mona, posting=draft)


def test_other_country_cannot_submit(bob, draft):
    with pytest.raises(PermissionDenied):
        services.submit_posting(actor=bob, posting=draft)


@pytest.mark.parametrize(
    "transition", ["publish_posting", "return_posting", "reject_posting"]
)
def test_focal_point_cannot_vet(alice, draft, transition):
    services.submit_posting(actor=alice, posting=draft)
    with pytest.raises(PermissionDenied):
        getattr(services, transition)(actor=alice, posting=draft, comment="ok")


def test_staff_publish(alice, staff, draft, django_capture_on_commit_callbacks):
    services.submit_posting(actor=alice, posting=draft)
    with django_capture_on_commit_callbacks() as callbacks:
        services.publish_posting(actor=staff, posting=draft)
    draft.refresh_from_db()
    assert draft.state == PostingState.PUBLISHED
    assert draft.published_at is not None
    assert len(callbacks) == 1  # the matching job, queued after commit


def test_return_needs_a_comment(alice, staff, draft):
    services.submit_posting(actor=alice, posting=draft)
    with pytest.raises(ValidationError):
        services.return_posting(actor=staff, posting=draft, comment=" ")
    services.return_posting(actor=staff, posting=draft, comment="Add dates")
    draft.refresh_from_db()
    assert draft.state == PostingState.RETURNED
    assert draft.events.last().comment == "Add dates"


def test_returned_record_can_be_edited_and_resubmitted(alice, staff, draft):
    services.submit_posting(actor=alice, posting=draft)
    services.return_posting(actor=staff, posting=draft, comment="Add dates")
    services.update_posting(actor=alice, posting=draft, values={"title": "Better"})
    services.submit_posting(actor=alice, posting=draft)
    assert Posting.objects.get(pk=draft.pk).state == PostingState.SUBMITTED


def test_reject(alice, staff, draft):
    services.submit_posting(actor=alice, posting=draft)
    services.reject_posting(actor=staff, posting=draft, comment="Duplicate")
    assert Posting.objects.get(pk=draft.pk).state == PostingState.REJECTED


def test_submitted_record_cannot_be_edited(alice, draft):
    services.submit_posting(actor=alice, posting=draft)
    with pytest.raises(ValidationError):
        services.update_posting(actor=alice, posting=draft, values={"title": "x"})


def test_withdraw_from_published(alice, jamaica):
    posting = PostingFactory(country=jamaica, state=PostingState.PUBLISHED)
    services.withdraw_posting(actor=alice, posting=posting, comment="No longer")
    assert Posting.objects.get(pk=posting.pk).state == PostingState.WITHDRAWN


def test_completed_cannot_be_withdrawn(alice, jamaica):
    posting = PostingFactory(country=jamaica, state=PostingState.COMPLETED)
    with pytest.raises(ValidationError):
        services.withdraw_posting(actor=alice, posting=posting)


def test_new_version_keeps_published_version_readable(
    alice, staff, jamaica, client, django_capture_on_commit_callbacks
):
    sector = SectorFactory(code="15110")
    published = PostingFactory(
        country=jamaica,
        state=PostingState.PUBLISHED,
        title="Original title",
        sectors=[sector],
    )
    version = services.draft_new_version(actor=alice, posting=published)
    assert (version.version, version.state) == (2, PostingState.DRAFT)
    assert list(version.sectors.all()) == [sector]

    services.update_posting(actor=alice, posting=version, values={"title": "New"})
    published.refresh_from_db()
    assert published.title == "Original title"
    assert published.state == PostingState.PUBLISHED

    services.submit_posting(actor=alice, posting=version)
    with django_capture_on_commit_callbacks():
        services.publish_posting(actor=staff, posting=version)
    published.refresh_from_db()
    assert published.state == PostingState.SUPERSEDED
    assert Posting.objects.visible_to(None).filter(pk=published.pk).exists()


def test_both_sides_agreeing_moves_records_to_matched(alice, bob, jamaica, mexico):
    demand = PostingFactory(country=jamaica, state=PostingState.PUBLISHED)
    offer = PostingFactory(
        country=mexico, kind=PostingKind.OFFER, state=PostingState.PUBLISHED
    )
    services.express_interest(actor=alice, own=demand, other=offer)
    assert Posting.objects.get(pk=demand.pk).state == PostingState.PUBLISHED

    services.express_interest(actor=bob, own=offer, other=demand)
    assert Connection.objects.get().is_agreed
    states = set(
        Posting.objects.filter(pk__in=[offer.pk, demand.pk]).values_list(
            "state", flat=True
        )
    )
    assert states == {PostingState.MATCHED}


def test_interest_only_for_own_record(bob, jamaica, mexico):
    demand = PostingFactory(country=jamaica, state=PostingState.PUBLISHED)
    offer = PostingFactory(
        country=mexico, kind=PostingKind.OFFER, state=PostingState.PUBLISHED
    )
    with pytest.raises(PermissionDenied):
        services.express_interest(actor=bob, own=demand, other=offer)


def test_matched_record_starts_and_completes(alice, jamaica):
    posting = PostingFactory(country=jamaica, state=PostingState.MATCHED)
    services.start_posting(actor=alice, posting=posting)
    services.complete_posting(actor=alice, posting=posting, results="200 trained")
    posting.refresh_from_db()
    assert (posting.state, posting.results) == (PostingState.COMPLETED, "200 trained")


def test_unverified_organisation_cannot_submit(partner):
    organisation = partner.role_memberships.get().organisation
    organisation.verified_at = None
    organisation.save()
    posting = PostingFactory(organisation=organisation)
    with pytest.raises(ValidationError):
        services.submit_posting(actor=partner, posting=posting)


def test_verified_organisation_submits(partner):
    organisation = partner.role_memberships.get().organisation
    posting = PostingFactory(organisation=organisation)
    services.submit_posting(actor=partner, posting=posting)
    assert Posting.objects.get(pk=posting.pk).state == PostingState.SUBMITTED


def test_visibility_by_role(alice, bob, staff, jamaica):
    draft = PostingFactory(country=jamaica)
    published = PostingFactory(country=jamaica, state=PostingState.PUBLISHED)
    assert set(Posting.objects.visible_to(None)) == {published}
    assert set(Posting.objects.visible_to(bob)) == {published}
    assert set(Posting.objects.visible_to(alice)) == {draft, published}
    assert set(Posting.objects.visible_to(staff)) == {draft, published}

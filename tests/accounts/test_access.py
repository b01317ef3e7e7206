"""The access module: who may see and change a country's records."""

import pytest
from django.db.models import Q
from django.http import Http404

from accounts.access import access_for, get_for_user
from accounts.models import MemberState

pytestmark = pytest.mark.django_db


def test_national_focal_point_may_change_own_country(alice, jamaica):
    access = access_for(alice)

    assert access.editable_country_ids == {jamaica.pk}
    assert not access.is_staff_member


def test_mission_focal_point_changes_only_where_the_country_allows(mona, jamaica):
    jamaica.mission_may_edit = False
    jamaica.save()
    mona.refresh_from_db()  # drops the cached access with the instance

    access = access_for(mona)

    assert access.country_ids == {jamaica.pk}
    assert access.editable_country_ids == frozenset()


def test_staff_and_superuser_have_full_access(staff, admin_user):
    assert access_for(staff).is_staff_member
    assert access_for(admin_user).is_staff_member


def test_anonymous_user_has_no_roles(client):
    from django.contrib.auth.models import AnonymousUser

    assert access_for(AnonymousUser()).roles == frozenset()


def test_access_is_resolved_with_one_query(alice, django_assert_num_queries):
    alice = type(alice).objects.get(pk=alice.pk)
    with django_assert_num_queries(1):
        access_for(alice)
        access_for(alice)


def test_get_for_user_answers_404_for_a_bad_id(alice):
    with pytest.raises(Http404):
        get_for_user(MemberState, alice, pk="not-a-number")


def test_profile_saves_the_preferred_language_and_switches_to_it(client, alice):
    client.force_login(alice)

    response = client.post(
        "/accounts/profile/", {"full_name": "Alice C.", "preferred_language": "pt"}
    )

    alice.refresh_from_db()
    assert alice.preferred_language == "pt"
    assert response.status_code == 302
    assert response.url == "/pt/accounts/profile/"


def test_profile_needs_a_login(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_an_empty_public_condition_makes_every_record_public(alice, bob):
    from accounts.access import ScopedQuerySet
    from accounts.models import RoleMembership

    class EverythingPublic(ScopedQuerySet):
        country_lookup = "country"

        def public_q(self):
            return Q()

    records = EverythingPublic(model=RoleMembership)

    assert set(records.visible_to(bob)) == set(RoleMembership.objects.all())

"""Focal points: the page per member state, the staff overview of states
without one, and invitations by e-mail."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.access import access_for
from accounts.models import RoleMembership, User
from accounts.roles import Role
from cooperation.services import cooperanet as services

pytestmark = pytest.mark.django_db


def test_country_page_lists_its_focal_points(client, alice, mona, bob, jamaica):
    client.force_login(bob)
    response = client.get(reverse("cooperation:focal-points-country", args=["JAM"]))
    names = [str(m.user) for m in response.context["memberships"]]
    assert sorted(names) == ["Alice Campbell", "Mona Brown"]


def test_overview_shows_states_without_a_focal_point(client, staff, alice, mexico):
    client.force_login(staff)
    response = client.get(reverse("cooperation:focal-points"))
    assert [state.iso3 for state in response.context["without"]] == ["MEX"]


def test_overview_is_for_staff_only(client, alice):
    client.force_login(alice)
    assert client.get(reverse("cooperation:focal-points")).status_code == 403


def invite(client, staff, mexico, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperation:focal-point-invite"),
            {
                "email": "New.Person@Mexico.example",
                "country": mexico.pk,
                "role": Role.NATIONAL_FOCAL_POINT,
            },
        )
    client.logout()
    return re.search(r"/cooperanet/invitations/([^/]+)/", mail.outbox[-1].body)[1]


def test_invited_person_creates_account_with_role_and_country(
    client, staff, mexico, django_capture_on_commit_callbacks
):
    token = invite(client, staff, mexico, django_capture_on_commit_callbacks)
    url = reverse("cooperation:invitation-accept", args=[token])
    response = client.post(
        url, {"full_name": "Nueva Persona", "password": "a-long-password-123"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@mexico.example")
    assert access_for(user).editable_country_ids == {mexico.pk}
    # The token works once.
    client.logout()
    assert client.get(url).status_code == 404


def test_invitation_for_another_address_is_refused(
    client, staff, mexico, alice, django_capture_on_commit_callbacks
):
    token = invite(client, staff, mexico, django_capture_on_commit_callbacks)
    client.force_login(alice)
    response = client.post(reverse("cooperation:invitation-accept", args=[token]))
    assert response.status_code == 403
    assert not RoleMembership.objects.filter(user=alice, country=mexico).exists()


def test_only_staff_invite(alice, mexico):
    with pytest.raises(PermissionDenied):
        services.invite_focal_point(
            actor=alice,
            email="x@example.org",
            country=mexico,
            role=Role.NATIONAL_FOCAL_POINT,
        )


def test_unknown_token_is_404(client):
    url = reverse("cooperation:invitation-accept", args=["not-a-token"])
    assert client.get(url).status_code == 404


def test_weak_password_is_refused_beside_the_field(
    client, staff, mexico, django_capture_on_commit_callbacks
):
    token = invite(client, staff, mexico, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("cooperation:invitation-accept", args=[token]),
        {"full_name": "Nueva Persona", "password": "123"},
    )
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(email="new.person@mexico.example").exists()

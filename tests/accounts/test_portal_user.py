"""manage.py portal_user: create or update a user and give them a role."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Organisation, OrganisationKind, RoleMembership, User
from accounts.roles import Role
from tests.factories import MemberStateFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def portal_user(*args) -> str:
    out = StringIO()
    call_command("portal_user", *args, stdout=out)
    return out.getvalue()


def test_new_focal_point_gets_the_role_and_no_password(jamaica):
    output = portal_user(
        "Ana@Example.org", "--role", "national_focal_point", "--country", "jam"
    )

    user = User.objects.get(email="ana@example.org")
    assert not user.has_usable_password()
    assert user.role_memberships.get().country == jamaica
    assert "now holds “National focal point” for Jamaica" in output
    assert "manage.py changepassword ana@example.org" in output
    assert "/accounts/password-reset/" in output


def test_running_again_adds_nothing(jamaica):
    portal_user("ana@example.org", "--role", "national_focal_point", "--country", "JAM")

    output = portal_user(
        "ana@example.org", "--role", "national-focal-point", "--country", "JAM"
    )

    assert RoleMembership.objects.count() == 1
    assert "already holds" in output


def test_existing_user_gets_another_role_and_a_language(alice):
    output = portal_user(
        "alice@jamaica.example", "--role", "reviewer", "--language", "es"
    )

    alice.refresh_from_db()
    assert set(alice.role_memberships.values_list("role", flat=True)) == {
        Role.NATIONAL_FOCAL_POINT,
        Role.REVIEWER,
    }
    assert alice.preferred_language == "es"
    assert alice.has_usable_password()
    assert "no password yet" not in output


def test_partner_role_creates_the_organisation_when_given_a_kind():
    portal_user(
        "pat@example.org",
        "--role",
        "partner_representative",
        "--organisation",
        "Fundación Nueva",
        "--kind",
        "foundation",
    )

    organisation = Organisation.objects.get(name="Fundación Nueva")
    assert organisation.kind == OrganisationKind.FOUNDATION
    assert not organisation.is_verified
    assert organisation.role_memberships.get().user.email == "pat@example.org"


def test_partner_role_finds_an_existing_organisation_by_name():
    foundation = OrganisationFactory(name="Fundación Ejemplo")

    portal_user(
        "pat@example.org",
        "--role",
        "partner_representative",
        "--organisation",
        "fundación ejemplo",
    )

    assert RoleMembership.objects.get().organisation == foundation


def test_administrator_may_use_the_admin_site():
    portal_user("ada@example.org", "--role", "administrator")

    user = User.objects.get(email="ada@example.org")
    assert user.is_staff and user.is_superuser


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email", "--role", "iacd_staff"], "is not a valid e-mail address"),
        (["x@example.org", "--role", "boss"], "Unknown role “boss”; choose one of"),
        (
            ["x@example.org", "--role", "national_focal_point"],
            "The role “National focal point” needs a member state.",
        ),
        (
            ["x@example.org", "--role", "national_focal_point", "--country", "XYZ"],
            "No member state has the ISO alpha-3 code “XYZ”",
        ),
        (
            ["x@example.org", "--role", "iacd_staff", "--country", "JAM"],
            "The role “IACD staff” is not tied to a country.",
        ),
        (
            ["x@example.org", "--role", "partner_representative"],
            "The role “Partner representative” needs an organisation.",
        ),
        (
            ["x@example.org", "--role", "partner_representative"]
            + ["--organisation", "Nueva"],
            "No organisation is named “Nueva”; to create it, add --kind KIND",
        ),
        (
            ["x@example.org", "--role", "partner_representative"]
            + ["--organisation", "Nueva", "--kind", "club"],
            "Unknown kind “club”",
        ),
        (
            ["x@example.org", "--role", "iacd_staff"]
            + ["--organisation", "Nueva", "--kind", "foundation"],
            "The role “IACD staff” is not tied to an organisation.",
        ),
        (
            ["x@example.org", "--role", "iacd_staff", "--language", "de"],
            "Unknown language “de”; choose one of: en, es, pt, fr.",
        ),
        (["x@example.org", "--role", "iacd_staff", "--kind", "foundation"], "--kind"),
    ],
    ids=[
        "email",
        "role",
        "no-country",
        "unknown-country",
        "country-for-staff",
        "no-organisation",
        "new-organisation-without-kind",
        "bad-kind",
        "organisation-for-staff",
        "language",
        "kind-alone",
    ],
)
def test_bad_arguments_stop_with_one_line_and_nothing_written(jamaica, args, message):
    with pytest.raises(CommandError) as error:
        portal_user(*args)

    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_focal_point_of_an_observer_is_refused():
    MemberStateFactory(
        iso3="ESP", iso2="ES", name_en="Spain", name_es="España", is_observer=True
    )

    with pytest.raises(CommandError, match="Spain is a permanent observer"):
        portal_user(
            "x@example.org", "--role", "national_focal_point", "--country", "ESP"
        )

    assert not User.objects.exists()


def test_role_messages_are_translated(jamaica):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from accounts.services.users import check_role_scope

    with translation.override("es"), pytest.raises(ValidationError) as error:
        check_role_scope(Role.NATIONAL_FOCAL_POINT, None, None)

    assert error.value.messages == [
        "El rol «Punto focal nacional» requiere un Estado miembro."
    ]

"""factory_boy factories for the models every area shares."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import (
    MemberState,
    Organisation,
    OrganisationKind,
    RoleMembership,
    SubRegion,
    User,
)


def _two_letters(n: int) -> str:
    return chr(65 + n // 26 % 26) + chr(65 + n % 26)


class MemberStateFactory(DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ("iso3",)

    # Codes starting with Q are reserved for user assignment in ISO 3166.
    iso3 = factory.Sequence(lambda n: "Q" + _two_letters(n))
    iso2 = factory.LazyAttribute(lambda state: state.iso3[1:])
    name_en = factory.LazyAttribute(lambda state: f"State {state.iso3}")
    name_es = factory.LazyAttribute(lambda state: f"Estado {state.iso3}")
    subregion = SubRegion.CARIBBEAN


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.NATIONAL_AGENCY


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("correct-horse-battery")


class RoleMembershipFactory(DjangoModelFactory):
    class Meta:
        model = RoleMembership

    user = factory.SubFactory(UserFactory)


def user_with_role(role, *, email=None, country=None, organisation=None, **fields):
    """A user holding ``role`` (for ``country`` or ``organisation``)."""
    user = UserFactory(**({"email": email} if email else {}), **fields)
    RoleMembership.objects.create(
        user=user, role=role, country=country, organisation=organisation
    )
    return user

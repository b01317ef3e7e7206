"""Shared personas. Every area's tests use the same cast:

- ``jamaica`` and ``mexico``: two member states;
- ``alice``: national focal point of Jamaica;
- ``bob``: national focal point of Mexico (the outsider for Jamaica's drafts);
- ``mona``: mission focal point of Jamaica;
- ``staff``: IACD staff; ``fund_manager``; ``reviewer``; ``admin_user``;
- ``partner``: representative of a verified foundation;
- anonymous visitors use the ``client`` fixture as is.

The password of every persona is PASSWORD.
"""

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import OrganisationKind, Role, SubRegion

from .browser_fixtures import browser, chromium_path, page  # noqa: F401
from .factories import MemberStateFactory, OrganisationFactory, user_with_role

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request in another language must not leak into the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def jamaica(db):
    return MemberStateFactory(
        iso3="JAM",
        iso2="JM",
        name_en="Jamaica",
        name_es="Jamaica",
        subregion=SubRegion.CARIBBEAN,
    )


@pytest.fixture
def mexico(db):
    return MemberStateFactory(
        iso3="MEX",
        iso2="MX",
        name_en="Mexico",
        name_es="México",
        subregion=SubRegion.CENTRAL_AMERICA,
    )


@pytest.fixture
def alice(jamaica):
    return user_with_role(
        Role.NATIONAL_FOCAL_POINT,
        email="alice@jamaica.example",
        country=jamaica,
        full_name="Alice Campbell",
    )


@pytest.fixture
def bob(mexico):
    return user_with_role(
        Role.NATIONAL_FOCAL_POINT,
        email="bob@mexico.example",
        country=mexico,
        full_name="Bob Hernández",
    )


@pytest.fixture
def mona(jamaica):
    return user_with_role(
        Role.MISSION_FOCAL_POINT,
        email="mona@mission-jamaica.example",
        country=jamaica,
        full_name="Mona Brown",
    )


@pytest.fixture
def staff(db):
    return user_with_role(
        Role.IACD_STAFF, email="staff@iacd.example", full_name="Sam Staff"
    )


@pytest.fixture
def fund_manager(db):
    return user_with_role(
        Role.FUND_MANAGER, email="funds@sedi.example", full_name="Fiona Funds"
    )


@pytest.fixture
def reviewer(db):
    return user_with_role(
        Role.REVIEWER, email="reviewer@example.org", full_name="Rita Reviewer"
    )


@pytest.fixture
def admin_user(db):
    return user_with_role(
        Role.ADMINISTRATOR,
        email="admin@iacd.example",
        full_name="Ada Admin",
        is_superuser=True,
        is_staff=True,
    )


@pytest.fixture
def partner(db):
    from django.utils import timezone

    foundation = OrganisationFactory(
        name="Fundación Ejemplo",
        kind=OrganisationKind.FOUNDATION,
        verified_at=timezone.now(),
    )
    return user_with_role(
        Role.PARTNER_REPRESENTATIVE,
        email="pat@foundation.example",
        organisation=foundation,
        full_name="Pat Partner",
    )

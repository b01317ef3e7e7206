"""The OAS member states and observers of accounts/data/member_states.json."""

import json
from collections import Counter

import pytest
from django.utils import translation

from accounts.loading import MEMBER_STATES_FILE, load_member_states
from accounts.models import MemberState, SubRegion
from reference.loading import ReferenceDataError

pytestmark = pytest.mark.django_db

OBSERVER_COUNT = 68


def test_thirty_five_member_states_and_the_observers(reference_data):
    assert MemberState.objects.members().count() == 35
    assert MemberState.objects.observers().count() == OBSERVER_COUNT
    assert reference_data["MemberState"].created == 35 + OBSERVER_COUNT


def test_member_states_by_sub_region(reference_data):
    counts = Counter(MemberState.objects.members().values_list("subregion", flat=True))

    assert counts == {
        SubRegion.NORTH_AMERICA: 2,
        SubRegion.CENTRAL_AMERICA: 8,
        SubRegion.CARIBBEAN: 13,
        SubRegion.SOUTH_AMERICA: 12,
    }


def test_observers_are_outside_the_americas(reference_data):
    subregions = set(
        MemberState.objects.observers().values_list("subregion", flat=True)
    )

    assert subregions == {SubRegion.OUTSIDE_AMERICAS}


def test_jamaica_in_four_languages(reference_data):
    jamaica = MemberState.objects.get(iso3="JAM")

    assert (jamaica.name_en, jamaica.name_es, jamaica.name_pt, jamaica.name_fr) == (
        "Jamaica",
        "Jamaica",
        "Jamaica",
        "Jamaïque",
    )
    assert jamaica.subregion == SubRegion.CARIBBEAN
    with translation.override("fr"):
        assert str(jamaica) == "Jamaïque"


def test_spanish_names_of_members_and_observers(reference_data):
    names = dict(MemberState.objects.values_list("iso3", "name_es"))

    assert names["MEX"] == "México"
    assert names["KNA"] == "Saint Kitts y Nevis"
    assert names["ESP"] == "España"
    assert names["DEU"] == "Alemania"


def test_disputed_cases_are_member_states(reference_data):
    # See the comment field of member_states.json for why each is listed.
    members = set(MemberState.objects.members().values_list("iso3", flat=True))

    assert {"CUB", "NIC", "VEN"} <= members


def test_suspended_observer_and_the_union_are_not_listed(reference_data):
    assert not MemberState.objects.filter(iso3="RUS").exists()
    assert not MemberState.objects.filter(iso2="EU").exists()


def test_every_state_points_at_its_iati_country(reference_data):
    pairs = MemberState.objects.values_list("iso2", "country__code")

    assert all(iso2 == code for iso2, code in pairs)
    assert MemberState.objects.get(iso3="JAM").country.name_en == "Jamaica"


def test_decisions_are_recorded_in_the_file():
    comment = " ".join(json.loads(MEMBER_STATES_FILE.read_text())["comment"])

    for word in ("Nicaragua", "Venezuela", "Cuba", "Russian Federation"):
        assert word in comment


def test_second_load_changes_nothing_and_keeps_admin_choices(reference_data):
    MemberState.objects.filter(iso3="JAM").update(mission_may_edit=False)

    result = load_member_states()

    assert result.changed == 0
    assert result.unchanged == 35 + OBSERVER_COUNT
    assert MemberState.objects.get(iso3="JAM").mission_may_edit is False


def test_file_with_a_missing_name_is_refused(reference_data, tmp_path):
    data = json.loads(MEMBER_STATES_FILE.read_text())
    data["member_states"][0]["name_fr"] = ""
    broken = tmp_path / "member_states.json"
    broken.write_text(json.dumps(data))

    with pytest.raises(ReferenceDataError, match="ATG lacks name_fr"):
        load_member_states(broken)

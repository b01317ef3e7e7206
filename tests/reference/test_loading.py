"""Loading the IATI codelists shipped in reference/data into the database."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reference import loading
from reference.loading import ReferenceDataError, load_codelists, read_codelist
from reference.models import (
    ActivityDateType,
    ActivityStatus,
    AidType,
    BudgetType,
    CollaborationType,
    Country,
    Currency,
    FinanceType,
    FlowType,
    Language,
    OrganisationRole,
    OrganisationType,
    Region,
    SdgGoal,
    SdgTarget,
    Sector,
    SectorCategory,
    SectorVocabulary,
    TransactionType,
)

pytestmark = pytest.mark.django_db

# Counted in the files with `grep -c "<codelist-item>\|<codelist-item "`
# (`grep -c "<codelist-item"` also counts the <codelist-items> line).
EXPECTED_COUNTS = {
    Country: (251, 1),
    Region: (26, 1),
    Currency: (176, 9),
    SectorCategory: (44, 2),
    Sector: (325, 30),
    SdgGoal: (17, 0),
    SdgTarget: (169, 0),
    OrganisationType: (16, 0),
    OrganisationRole: (4, 0),
    CollaborationType: (7, 0),
    FlowType: (10, 2),
    AidType: (24, 0),
    FinanceType: (68, 21),
    TransactionType: (13, 0),
    ActivityStatus: (6, 0),
    ActivityDateType: (4, 0),
    BudgetType: (2, 0),
    SectorVocabulary: (14, 0),
    Language: (181, 0),
}


def test_every_codelist_file_is_loaded():
    assert {codelist.model for codelist in loading.CODELISTS} == set(EXPECTED_COUNTS)


@pytest.mark.parametrize(
    ("model", "total", "withdrawn"),
    [(model, *counts) for model, counts in EXPECTED_COUNTS.items()],
    ids=[model.__name__ for model in EXPECTED_COUNTS],
)
def test_codelist_has_every_code_of_its_file(reference_data, model, total, withdrawn):
    assert model.objects.count() == total
    assert model.objects.filter(withdrawn=True).count() == withdrawn
    assert reference_data[model.__name__].created == total


def test_withdrawn_code_is_kept_but_not_offered(reference_data):
    antilles = Country.objects.get(code="AN")

    assert antilles.withdrawn
    assert not Country.objects.active().filter(code="AN").exists()
    assert Country.objects.active().filter(code="JM").exists()


def test_withdrawn_currency_is_left_out_of_active_choices(reference_data):
    active = set(Currency.objects.active().values_list("code", flat=True))

    assert "VEF" not in active
    assert {"VES", "USD", "JMD"} <= active


def test_names_in_four_languages(reference_data):
    sector = Sector.objects.get(code="11110")

    assert sector.name_en == "Education policy and administrative management"
    assert sector.name_es == "Política educativa y gestión administrativa"
    assert sector.name_pt == "Política e gestão administrativa da educação"
    assert sector.name_fr == "Politique de l'éducation et gestion administrative"
    with translation.override("es"):
        assert sector.name == "Política educativa y gestión administrativa"
    with translation.override("fr"):
        assert sector.name == "Politique de l'éducation et gestion administrative"


def test_missing_translation_is_empty_and_falls_back_to_english(reference_data):
    # The Spanish file has "name": null for 12196; the Portuguese one has none
    # for any activity status.
    sector = Sector.objects.get(code="12196")
    status = ActivityStatus.objects.get(code="2")

    assert sector.name_es == ""
    assert status.name_pt == ""
    with translation.override("es"):
        assert sector.name == sector.name_en != ""
    with translation.override("pt"):
        assert status.name == "Implementation"


def test_country_without_french_name_falls_back_to_english(reference_data):
    jamaica = Country.objects.get(code="JM")

    assert jamaica.name_fr == ""
    assert jamaica.name_es == "Jamaica"
    with translation.override("fr"):
        assert jamaica.name == "Jamaica"


def test_english_description_is_kept(reference_data):
    sector = Sector.objects.get(code="11110")

    assert sector.description.startswith("Education sector policy, planning")


def test_english_name_declared_twice_is_read_once(reference_data):
    # BudgetType 1 carries both an unmarked and an xml:lang="en" narrative.
    assert BudgetType.objects.get(code="1").name_en == "Original"


def test_sector_belongs_to_its_category(reference_data):
    sector = Sector.objects.select_related("category").get(code="11110")

    assert sector.category.code == "111"
    assert not Sector.objects.filter(category__isnull=True).exists()


def test_sdg_target_belongs_to_the_goal_of_its_prefix(reference_data):
    assert SdgTarget.objects.get(code="4.3").goal.code == "4"
    assert SdgTarget.objects.get(code="17.19").goal.code == "17"
    assert SdgGoal.objects.get(code="4").targets.count() == 10


@pytest.mark.parametrize(
    ("code", "minor_units"),
    [("USD", 2), ("JMD", 2), ("JPY", 0), ("CLP", 0), ("KWD", 3), ("CLF", 4)],
)
def test_currency_minor_units_follow_iso_4217(reference_data, code, minor_units):
    assert Currency.objects.get(code=code).minor_units == minor_units


def test_second_load_changes_nothing(reference_data):
    counts = {model: model.objects.count() for model in EXPECTED_COUNTS}

    with CaptureQueriesContext(connection) as queries:
        results = load_codelists()

    assert sum(result.changed for result in results) == 0
    assert all(result.unchanged == result.total for result in results)
    assert {model: model.objects.count() for model in EXPECTED_COUNTS} == counts
    writes = [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_changed_row_is_put_back_and_counted(reference_data):
    Sector.objects.filter(code="11110").update(name_es="Otra cosa", withdrawn=True)

    results = {result.label: result for result in load_codelists()}

    assert results["Sector"].updated == 1
    assert results["Sector"].unchanged == 324
    sector = Sector.objects.get(code="11110")
    assert sector.name_es == "Política educativa y gestión administrativa"
    assert not sector.withdrawn


def test_code_missing_from_the_file_is_kept(reference_data):
    Region.objects.create(code="9999", name_en="Old region")

    results = {result.label: result for result in load_codelists()}

    assert Region.objects.filter(code="9999").exists()
    assert results["Region"].kept == 1
    assert "1 kept that the file no longer lists" in str(results["Region"])


def test_command_prints_one_line_per_codelist(reference_data):
    from io import StringIO

    out = StringIO()
    call_command("load_reference_data", stdout=out)
    lines = out.getvalue().splitlines()

    assert "Sector: 325 entries, 0 created, 0 updated, 325 unchanged" in lines
    assert "MemberState: 103 entries, 0 created, 0 updated, 103 unchanged" in lines
    assert lines[-1] == "Reference data already up to date: 0 rows changed."
    assert len(lines) == len(loading.CODELISTS) + 2


def test_unreadable_codelist_is_reported(tmp_path):
    broken = tmp_path / "Country.xml"
    broken.write_text("<codelist><codelist-items><codelist-item>")

    with pytest.raises(ReferenceDataError, match="Cannot read Country.xml"):
        read_codelist(broken)


def test_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    crafted = tmp_path / "Country.xml"
    crafted.write_text(
        f'<!DOCTYPE codelist [<!ENTITY leak SYSTEM "file://{secret}">]>'
        "<codelist><codelist-items><codelist-item><code>XX</code>"
        "<name><narrative>&leak;</narrative></name>"
        "</codelist-item></codelist-items></codelist>"
    )

    (item,) = read_codelist(crafted)

    assert "do not read" not in item.name_en


def test_broken_file_stops_the_command_with_nothing_written(
    reference_data, tmp_path, monkeypatch
):
    from django.core.management.base import CommandError

    # Every file as shipped but Sector.xml, which comes after Region.
    for path in loading.CODELIST_DIR.glob("*.xml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "Sector.xml").write_text("not xml")
    monkeypatch.setattr(loading, "CODELIST_DIR", tmp_path)
    Region.objects.filter(code="89").delete()

    with pytest.raises(CommandError, match="Cannot read Sector.xml"):
        call_command("load_reference_data")

    assert not Region.objects.filter(code="89").exists()


def test_model_names_are_translated():
    from reference.models import SdgTarget

    with translation.override("pt"):
        assert str(SdgTarget._meta.verbose_name) == "meta dos ODS"
    with translation.override("fr"):
        assert str(Currency._meta.verbose_name_plural) == "devises"


def test_sdg_goals_come_in_numeric_order(reference_data):
    codes = list(SdgGoal.objects.values_list("code", flat=True))

    assert codes == [str(number) for number in range(1, 18)]


def test_sdg_targets_keep_the_order_of_the_un_list(reference_data):
    goal = SdgGoal.objects.get(code="16")

    codes = list(goal.targets.values_list("code", flat=True))

    assert codes[-4:] == ["16.9", "16.10", "16.a", "16.b"]

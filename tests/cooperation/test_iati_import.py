"""Importing IATI files: the samples, upserts, and bad input of every kind."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cooperation import iati_reader
from cooperation.iati_reader import Severity
from cooperation.models import Activity, RecipientCountry, Transaction
from cooperation.services.activities import import_iati_path

from .cache_fixtures import fresh_caches  # noqa: F401 (autouse)
from .factories import load_reference_codes
from .iati_builders import activity, document

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "activity-standard-example-annotated-203.xml"


@pytest.fixture
def codes(db):
    load_reference_codes()


def write(tmp_path, text, name="activities.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(result, severity):
    return [p.message for p in result.problems if p.severity == severity]


# The samples ---------------------------------------------------------------------


def test_the_203_example_imports_fully(codes):
    result = import_iati_path(EXAMPLE)

    assert (result.created, result.skipped, result.refused) == (1, 0, [])
    assert result.severity_counts == {}
    activity = Activity.objects.get()
    assert activity.iati_identifier == "AA-AAA-123456789-ABC123"
    assert activity.title == {
        "en": "Activity title",
        "fr": "Titre de l'activité",
        "es": "Título de la actividad",
    }
    assert activity.status_id == "2"
    assert str(activity.planned_start) == "2012-04-15"
    assert activity.participating_orgs.count() == 3
    assert sorted(
        activity.recipient_countries.values_list("country_id", flat=True)
    ) == [
        "AF",
        "AG",
    ]
    assert activity.recipient_regions.count() == 2
    assert activity.sectors.count() == 3
    transaction = activity.transactions.get()
    assert (transaction.value, transaction.currency_id) == (Decimal("1000.00"), "AUD")
    assert str(transaction.value_date) == "1995-01-01"
    assert activity.is_published


def test_a_second_import_changes_nothing(codes):
    import_iati_path(EXAMPLE)
    before = Activity.objects.values_list("pk", "updated_at").get()

    result = import_iati_path(EXAMPLE)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Activity.objects.values_list("pk", "updated_at").get() == before


def test_a_changed_activity_is_updated_in_place(codes, tmp_path):
    import_iati_path(write(tmp_path, document(activity(start="2024-01-01"))))
    pk = Activity.objects.get().pk

    result = import_iati_path(write(tmp_path, document(activity(start="2024-02-01"))))

    assert (result.created, result.updated) == (0, 1)
    updated = Activity.objects.get()
    assert (updated.pk, str(updated.planned_start)) == (pk, "2024-02-01")
    assert RecipientCountry.objects.count() == 2


@pytest.mark.parametrize("name", ["worldbank.xml", "worked-example.xml"])
def test_old_and_non_iati_samples_are_refused_with_one_message(codes, name):
    result = import_iati_path(DATA / name)

    assert len(result.refused) == 1
    assert "nothing was imported" in result.refused[0][1].lower()
    assert not Activity.objects.exists()


def test_the_1_0_file_names_its_version(codes):
    result = import_iati_path(DATA / "worldbank.xml")

    assert "IATI version 1.0" in result.refused[0][1]


# Bad input --------------------------------------------------------------------


def test_malformed_xml_imports_nothing_not_even_the_good_part(codes, tmp_path):
    text = document(activity("XM-DAC-1-A1"), activity("XM-DAC-1-A2"))
    path = write(tmp_path, text.replace("</iati-activities>", "<broken>"))

    result = import_iati_path(path)

    assert "not well-formed" in result.refused[0][1]
    assert not Activity.objects.exists()


def test_a_wrong_namespace_is_not_iati(codes, tmp_path):
    text = document(activity()).replace(
        "<iati-activities ", '<iati-activities xmlns="urn:example" '
    )
    result = import_iati_path(write(tmp_path, text))

    assert "not an IATI activity file" in result.refused[0][1]
    assert not Activity.objects.exists()


def test_an_unknown_status_skips_only_that_activity(codes, tmp_path):
    text = document(activity("XM-DAC-1-BAD", status="99"), activity("XM-DAC-1-OK"))

    result = import_iati_path(write(tmp_path, text))

    assert (result.created, result.skipped) == (1, 1)
    assert Activity.objects.get().iati_identifier == "XM-DAC-1-OK"
    critical = [p for p in result.problems if p.severity == Severity.CRITICAL]
    assert {p.identifier for p in critical} == {"XM-DAC-1-BAD"}


def test_an_unknown_country_is_dropped_and_the_activity_kept(codes, tmp_path):
    result = import_iati_path(write(tmp_path, document(activity(country="ZZ"))))

    assert result.created == 1
    assert "Unknown country code 'ZZ'; the field was dropped." in messages(
        result, Severity.ERROR
    )
    assert list(RecipientCountry.objects.values_list("country_id", flat=True)) == ["MX"]


def test_percentages_not_adding_up_to_100_are_dropped(codes, tmp_path):
    result = import_iati_path(write(tmp_path, document(activity(percentage="50"))))

    assert any("do not add up to 100" in m for m in messages(result, Severity.ERROR))
    assert set(RecipientCountry.objects.values_list("percentage", flat=True)) == {None}


def test_a_date_that_does_not_parse_is_reported(codes, tmp_path):
    text = document(activity("XM-DAC-1-A1", start="2024-13-45"))

    result = import_iati_path(write(tmp_path, text))

    # The only activity-date is unusable, which IATI makes critical.
    assert "The date '2024-13-45' does not parse; it was dropped." in messages(
        result, Severity.ERROR
    )
    assert result.skipped == 1


def test_an_amount_in_an_unknown_currency_is_dropped(codes, tmp_path):
    text = document(activity(transaction_currency="XXX"))

    result = import_iati_path(write(tmp_path, text))

    assert result.created == 1
    assert not Transaction.objects.exists()
    assert any("'XXX'" in m for m in messages(result, Severity.ERROR))


def test_a_duplicate_identifier_in_one_file_is_skipped(codes, tmp_path):
    result = import_iati_path(write(tmp_path, document(activity(), activity())))

    assert (result.created, result.skipped) == (1, 1)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity>
 <iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>
"""


def test_an_entity_expansion_bomb_is_refused(codes, tmp_path):
    result = import_iati_path(write(tmp_path, BILLION_LAUGHS))

    # libxml2 stops the expansion itself, or the DTD check refuses the file.
    assert "nothing was imported" in result.refused[0][1]
    assert not Activity.objects.exists()


def test_an_external_entity_is_never_read(codes, tmp_path):
    secret = write(tmp_path, "TOP-SECRET", name="secret.txt")
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        + document(activity("&x;")).split("\n", 1)[1]
    )

    result = import_iati_path(write(tmp_path, text))

    assert "document type" in result.refused[0][1]
    assert "TOP-SECRET" not in result.report_text()
    assert not Activity.objects.exists()


def test_a_zip_bomb_is_refused_before_unpacking(codes, tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("huge.xml", b"\0" * (50 * 1024 * 1024))

    result = import_iati_path(archive)

    assert "zip bombs" in result.refused[0][1]


def test_a_zip_of_iati_files_imports(codes, tmp_path):
    archive = tmp_path / "activities.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as good:
        good.writestr("a.xml", document(activity("XM-DAC-1-Z1")))

    result = import_iati_path(archive)

    assert result.created == 1


def test_a_big_file_is_streamed_without_keeping_read_activities(
    codes, tmp_path, monkeypatch
):
    path = tmp_path / "big.xml"
    with open(path, "w", encoding="utf-8") as output:
        output.write('<iati-activities version="2.03">')
        for number in range(3000):
            output.write(activity(f"XM-DAC-1-{number}"))
        output.write("</iati-activities>")
    roots = []
    original = iati_reader._iterparse

    def spying_iterparse(stream):
        for event, element in original(stream):
            if not roots:
                roots.append(element)
            yield event, element

    monkeypatch.setattr(iati_reader, "_iterparse", spying_iterparse)
    widest = 0
    with open(path, "rb") as stream:
        for parsed in iati_reader.read_activities(stream, iati_reader.CodeSets()):
            widest = max(widest, len(roots[0]))
            assert parsed.identifier

    # lxml parses ahead by a buffer's worth of activities; what matters is
    # that the activities already read are gone, so the width stays bounded.
    assert widest < 100


# The command ------------------------------------------------------------------


def test_the_command_prints_a_summary_and_writes_the_report(codes, tmp_path):
    out = io.StringIO()
    report = tmp_path / "report.txt"

    call_command("import_iati", str(EXAMPLE), report=report, stdout=out)

    assert "1 created" in out.getvalue()
    assert "0 critical" in report.read_text()


def test_the_command_fails_when_everything_is_refused(codes, tmp_path):
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_iati",
            str(DATA / "worldbank.xml"),
            report=tmp_path / "r.txt",
            stdout=io.StringIO(),
        )


def test_a_folder_with_some_refused_files_succeeds_twice(codes, tmp_path):
    out = io.StringIO()

    for _ in range(2):
        call_command("import_iati", str(DATA), report=tmp_path / "r.txt", stdout=out)

    assert "2 refused" in out.getvalue()
    assert "1 unchanged" in out.getvalue()


def test_problems_beyond_the_kept_ones_go_only_to_the_report(
    codes, tmp_path, monkeypatch
):
    from cooperation.services import activities as service

    monkeypatch.setattr(service, "KEPT_PROBLEMS", 2)
    text = document(*[activity(f"XM-DAC-1-{n}", country="ZZ") for n in range(5)])
    stream = io.StringIO()

    result = import_iati_path(write(tmp_path, text), problem_stream=stream)

    # Each activity has two errors: the unknown country, and percentages that
    # no longer add up to 100 without it.
    assert (len(result.problems), result.severity_counts[Severity.ERROR]) == (2, 10)
    assert stream.getvalue().count("Unknown country code 'ZZ'") == 5
    assert "8 more problems in the full report" in result.report_text()

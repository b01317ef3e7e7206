"""Pages, API and exports of the regional cooperation database."""

import csv
import io
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from cooperation.iati_writer import iati_schema
from cooperation.models import (
    Activity,
    ActivitySector,
    ExchangeRate,
    ImportJob,
    ImportStatus,
    RecipientCountry,
    Transaction,
)
from cooperation.services.activities import import_iati_path, run_import
from iacd_portal.exports import neutralise_formula

from .cache_fixtures import fresh_caches  # noqa: F401 (autouse)
from .factories import ActivityFactory, load_reference_codes

EXAMPLE = Path(__file__).parent / "data" / "activity-standard-example-annotated-203.xml"


@pytest.fixture
def codes(db):
    load_reference_codes()


@pytest.fixture
def jamaica_draft(codes, jamaica):
    return ActivityFactory(
        title={"en": "Jamaican draft"}, owner_country=jamaica, is_published=False
    )


def with_children(activity, country="JM", sector="11110"):
    RecipientCountry.objects.create(activity=activity, country_id=country)
    ActivitySector.objects.create(activity=activity, vocabulary="1", code=sector)
    return activity


# Pages ------------------------------------------------------------------------


def test_the_public_sees_published_activities(client, codes):
    activity = ActivityFactory(title={"en": "Water for schools"})

    response = client.get(reverse("cooperation:activity-list"))

    assert response.status_code == 200
    assert "Water for schools" in response.text
    detail = client.get(activity.get_absolute_url())
    assert detail.status_code == 200


def test_a_draft_is_hidden_from_outsiders(client, bob, jamaica_draft):
    assert client.get(jamaica_draft.get_absolute_url()).status_code == 404
    client.force_login(bob)
    assert client.get(jamaica_draft.get_absolute_url()).status_code == 404
    assert "Jamaican draft" not in client.get(reverse("cooperation:activity-list")).text


def test_a_draft_is_shown_to_its_country(client, alice, jamaica_draft):
    client.force_login(alice)

    assert client.get(jamaica_draft.get_absolute_url()).status_code == 200


def test_the_list_filters_by_country_sector_and_sdg(client, codes):
    match = with_children(ActivityFactory(title={"en": "Match"}, sdg_goals=["4"]))
    with_children(ActivityFactory(title={"en": "Other"}), country="MX")

    response = client.get(
        reverse("cooperation:activity-list"),
        {"country": "jm", "sector": "111", "sdg": "4"},
    )

    assert list(response.context["page"]) == [match]


def test_the_list_filters_by_year(client, codes):
    running = ActivityFactory(planned_start="2020-01-01", planned_end="2023-12-31")
    ActivityFactory(planned_start="2024-01-01", planned_end="2025-12-31")

    response = client.get(reverse("cooperation:activity-list"), {"year": "2022"})

    assert list(response.context["page"]) == [running]


@pytest.mark.parametrize("year", ["0", "0.01", "-178226", "10000", "1e20"])
def test_a_year_no_date_can_carry_is_refused_not_a_server_error(client, codes, year):
    # Year 0 once reached the database as a date and failed with a 500.
    ActivityFactory(planned_start="2020-01-01", planned_end="2023-12-31")

    response = client.get("/api/v1/activities/", {"year": year})

    assert response.status_code == 400
    assert "year" in response.json()
    page = client.get(reverse("cooperation:activity-list"), {"year": year})
    assert page.status_code == 200
    assert list(page.context["page"]) == []


@pytest.mark.parametrize("sdg", ["0", "18", "4.5", "99.99"])
def test_an_sdg_outside_the_seventeen_goals_is_refused(client, codes, sdg):
    response = client.get("/api/v1/activities/export.csv", {"sdg": sdg})

    assert response.status_code == 400
    assert "sdg" in response.json()


def test_the_list_page_query_count_does_not_grow_with_rows(client, codes):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("cooperation:activity-list"))
        return len(queries)

    for _ in range(3):
        with_children(ActivityFactory())
    count_queries()  # fills the cached status choices
    few = count_queries()
    for _ in range(30):
        with_children(ActivityFactory())

    assert count_queries() == few <= 3


def test_the_list_pages_without_counting(client, codes):
    for _ in range(55):
        ActivityFactory()

    first = client.get(reverse("cooperation:activity-list"))
    second = client.get(reverse("cooperation:activity-list"), {"page": "2"})

    assert (len(first.context["page"].object_list), first.context["page"].has_next) == (
        50,
        True,
    )
    assert (
        len(second.context["page"].object_list),
        second.context["page"].has_next,
    ) == (
        5,
        False,
    )


def test_the_list_filters_by_status(client, codes):
    completed = ActivityFactory(status_id="3")
    ActivityFactory(status_id="2")

    response = client.get(reverse("cooperation:activity-list"), {"status": "3"})

    assert list(response.context["page"]) == [completed]


def test_amounts_in_several_currencies_state_the_rate(client, codes):
    activity = ActivityFactory()
    for value, currency in (("100", "USD"), ("500", "MXN")):
        activity.budgets.create(
            period_start="2024-01-01",
            period_end="2024-12-31",
            value=Decimal(value),
            currency_id=currency,
            value_date="2024-01-01",
        )
    ExchangeRate.objects.create(
        currency_id="MXN", date="2024-06-30", units_per_usd=Decimal("20")
    )

    response = client.get(activity.get_absolute_url())

    assert "about 125.00 USD" in response.text
    assert "20.00000000 MXN per USD on 2024-06-30" in response.text


# API and exports --------------------------------------------------------------


def test_the_api_lists_published_activities_only(client, jamaica_draft):
    public = ActivityFactory()

    response = client.get("/api/v1/activities/")

    assert [row["id"] for row in response.json()["results"]] == [public.pk]
    assert client.get(f"/api/v1/activities/{jamaica_draft.pk}/").status_code == 404


def test_the_api_list_query_count_does_not_grow(client, codes):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/activities/").status_code == 200
        return len(queries)

    with_children(ActivityFactory())
    few = count_queries()
    for _ in range(20):
        with_children(ActivityFactory())

    assert count_queries() == few <= 4


def test_the_api_refuses_writes(client, staff, codes):
    client.force_login(staff)

    assert client.post("/api/v1/activities/", {}).status_code == 405


def test_the_iati_export_validates_and_round_trips(client, codes, tmp_path):
    import_iati_path(EXAMPLE)

    response = client.get("/api/v1/activities/iati.xml")
    xml = b"".join(response.streaming_content)

    schema = iati_schema()
    document = etree.fromstring(xml)
    assert schema.validate(document), schema.error_log
    exported = tmp_path / "export.xml"
    exported.write_bytes(xml)
    result = import_iati_path(exported)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert result.problems == []


def test_the_iati_export_applies_the_filters(client, codes):
    with_children(ActivityFactory(iati_identifier="XM-JM-1"))
    with_children(ActivityFactory(iati_identifier="XM-MX-1"), country="MX")
    for activity in Activity.objects.all():
        activity.participating_orgs.create(role_id="1", ref="XM-TEST")

    response = client.get("/api/v1/activities/iati.xml", {"country": "MX"})
    document = etree.fromstring(b"".join(response.streaming_content))

    assert document.xpath("//iati-identifier/text()") == ["XM-MX-1"]


def test_the_export_command_writes_valid_iati(codes, tmp_path):
    from django.core.management import call_command

    import_iati_path(EXAMPLE)
    output = tmp_path / "out.xml"

    call_command("export_iati", output=output, stderr=io.StringIO())

    assert iati_schema().validate(etree.parse(str(output)))


def test_the_csv_export_neutralises_formulas(client, codes):
    ActivityFactory(title={"en": '=HYPERLINK("http://evil")'})

    response = client.get("/api/v1/activities/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert rows[1][1] == '\'=HYPERLINK("http://evil")'


def test_the_xlsx_export_is_a_workbook(client, codes):
    ActivityFactory()

    response = client.get("/api/v1/activities/export.xlsx")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_the_csv_export_leaves_out_hidden_drafts(client, jamaica_draft):
    response = client.get("/api/v1/activities/export.csv")

    assert "Jamaican draft" not in b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (-2, -2),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


# Staff uploads ----------------------------------------------------------------


def test_only_staff_may_upload(client, alice):
    url = reverse("cooperation:activity-import")
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 403


def test_only_staff_see_import_jobs_and_reports(
    client, alice, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(
        file=SimpleUploadedFile("a.xml", b"<x/>"),
        original_name="a.xml",
        created_by=staff,
    )
    client.force_login(alice)

    for name in (
        "cooperation:activity-import-job",
        "cooperation:activity-import-report",
    ):
        assert client.get(reverse(name, args=[job.pk])).status_code == 403


def test_an_upload_becomes_a_job_that_imports(
    client, staff, codes, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    upload = SimpleUploadedFile("example.xml", EXAMPLE.read_bytes())

    with (
        mock.patch("cooperation.tasks.run_import_job.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("cooperation:activity-import"), {"file": upload})
    job = ImportJob.objects.get()
    delay.assert_called_once_with(job.pk)
    assert response.status_code == 302

    run_import(job.pk)
    run_import(job.pk)  # delivered twice: the second does nothing

    job.refresh_from_db()
    assert (job.status, job.progress, job.summary["created"]) == (
        ImportStatus.DONE,
        100,
        1,
    )
    status = client.get(
        reverse("cooperation:activity-import-job", args=[job.pk]),
        headers={"HX-Request": "true"},
    )
    assert "hx-trigger" not in status.text
    assert "1 created" in status.text
    report = client.get(reverse("cooperation:activity-import-report", args=[job.pk]))
    assert b"1 created" in b"".join(report.streaming_content)


def test_a_refused_upload_says_why(client, staff, codes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(
        file=SimpleUploadedFile("old.xml", b'<iati-activities version="1.03"/>'),
        original_name="old.xml",
        created_by=staff,
    )

    run_import(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    assert "version 1.03" in job.report


# Landscape ----------------------------------------------------------------------


def test_the_landscape_shows_imported_activities(client, codes, staff):
    first = with_children(ActivityFactory(reporting_org_name={"en": "Agency A"}))
    second = with_children(ActivityFactory(reporting_org_name={"en": "Agency B"}))
    for activity in (first, second):
        activity.planned_start = "2022-01-01"
        activity.save()
    Transaction.objects.create(
        activity=first,
        transaction_type_id="2",
        transaction_date="2022-01-01",
        value=Decimal("1000"),
        currency_id="USD",
        value_date="2022-01-01",
    )

    public = client.get(reverse("cooperation:landscape"))
    assert public.context["landscape"].cells[("JM", "111")] == [2, Decimal("1000")]
    assert "Possible duplication" not in public.text

    client.force_login(staff)
    from cooperation.landscape import forget_landscape

    forget_landscape()
    response = client.get(reverse("cooperation:landscape"))
    duplications = response.context["landscape"].duplications
    assert duplications[0]["providers"] == ["Agency A", "Agency B"]


def test_a_job_whose_worker_died_can_be_claimed_again(staff, codes, settings, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(
        file=SimpleUploadedFile("example.xml", EXAMPLE.read_bytes()),
        original_name="example.xml",
        created_by=staff,
        status=ImportStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=3),
    )

    run_import(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Activity.objects.count() == 1


def test_staff_classify_an_activity(client, staff, jamaica, codes):
    from cooperation.models import ActivityModality as Modality

    activity = ActivityFactory()
    client.force_login(staff)

    response = client.post(
        activity.get_absolute_url(),
        {"modality": Modality.SOUTH_SOUTH, "owner_country": jamaica.pk},
    )

    activity.refresh_from_db()
    assert response.status_code == 302
    assert (activity.modality, activity.owner_country) == (
        Modality.SOUTH_SOUTH,
        jamaica,
    )


def test_a_focal_point_cannot_classify(client, alice, codes):
    activity = ActivityFactory()
    client.force_login(alice)

    response = client.post(activity.get_absolute_url(), {"modality": "regional"})

    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.modality == ""


def test_an_import_guesses_the_modality_once(codes, tmp_path):
    from cooperation.models import ActivityModality as Modality

    import_iati_path(EXAMPLE)
    activity = Activity.objects.get()
    assert activity.modality == Modality.REGIONAL

    Activity.objects.update(modality=Modality.TRIANGULAR, content_hash="")
    import_iati_path(EXAMPLE)

    assert Activity.objects.get().modality == Modality.TRIANGULAR


def test_an_incomplete_activity_is_left_out_of_the_iati_export(client, codes):
    import_iati_path(EXAMPLE)
    ActivityFactory(iati_identifier="XM-HAND-1")  # no participating-org

    response = client.get("/api/v1/activities/iati.xml")
    document = etree.fromstring(b"".join(response.streaming_content))

    assert document.xpath("//iati-identifier/text()") == ["AA-AAA-123456789-ABC123"]
    assert iati_schema().validate(document)


def test_the_landscape_splits_amounts_by_percentage(codes):
    from cooperation.landscape import compute_landscape

    activity = ActivityFactory()
    RecipientCountry.objects.create(activity=activity, country_id="JM", percentage=75)
    RecipientCountry.objects.create(activity=activity, country_id="MX", percentage=25)
    ActivitySector.objects.create(activity=activity, vocabulary="1", code="11110")
    Transaction.objects.create(
        activity=activity,
        transaction_type_id="2",
        transaction_date="2022-01-01",
        value=Decimal("1000"),
        currency_id="USD",
        value_date="2022-01-01",
    )

    cells = compute_landscape().cells

    assert cells[("JM", "111")] == [1, Decimal("750.00")]
    assert cells[("MX", "111")] == [1, Decimal("250.00")]


def test_the_country_filter_takes_alpha_3_codes_too(client, codes, jamaica):
    match = with_children(ActivityFactory())
    with_children(ActivityFactory(), country="MX")

    response = client.get(reverse("cooperation:activity-list"), {"country": "JAM"})

    assert list(response.context["page"]) == [match]


def test_a_profile_lists_activities_where_the_country_is_recipient(
    client, codes, jamaica
):
    with_children(ActivityFactory(title={"en": "Coastal resilience"}))

    response = client.get(reverse("cooperation:profile-detail", args=["JAM"]))

    assert [a.display_title for a in response.context["as_recipient"]] == [
        "Coastal resilience"
    ]


def test_staff_link_an_activity_to_the_offer_it_came_from(
    client, staff, bob, jamaica, codes
):
    from cooperation.models import PostingKind, PostingState

    from .factories import PostingFactory

    offer = PostingFactory(
        country=jamaica, kind=PostingKind.OFFER, state=PostingState.PUBLISHED
    )
    activity = ActivityFactory(is_published=True)
    client.force_login(staff)

    client.post(
        activity.get_absolute_url(),
        {
            "modality": "south_south",
            "owner_country": jamaica.pk,
            "postings": [offer.pk],
        },
    )

    assert list(activity.postings.all()) == [offer]
    client.force_login(bob)
    response = client.get(activity.get_absolute_url())
    assert list(response.context["origin_postings"]) == [offer]


def test_a_draft_offer_is_neither_offered_as_origin_nor_shown(
    client, staff, bob, jamaica, codes
):
    from .factories import PostingFactory

    draft = PostingFactory(country=jamaica)
    activity = ActivityFactory(is_published=True)
    activity.postings.add(draft)
    client.force_login(staff)

    form = client.get(activity.get_absolute_url()).context["classification"]

    assert draft not in form.fields["postings"].queryset
    client.force_login(bob)
    response = client.get(activity.get_absolute_url())
    assert list(response.context["origin_postings"]) == []

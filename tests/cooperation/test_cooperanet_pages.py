"""CooperaNet pages: the catalogue, the forms, vetting and attachments."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.models import Posting, PostingKind, PostingState

from .factories import CurrencyFactory, PostingFactory, SectorFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form_data(**overrides):
    data = {
        "title": "Gestión integrada de recursos hídricos",
        "description": "Buscamos asistencia técnica para la gestión del agua.",
        "language": "es",
        "modality": "technical_assistance",
        "working_languages": ["es"],
        "sectors": ["14010"],
    }
    data.update(overrides)
    return data


def test_catalogue_lists_published_only_for_the_public(client, jamaica):
    PostingFactory(country=jamaica, title="Hidden draft")
    PostingFactory(country=jamaica, title="Open offer", state=PostingState.PUBLISHED)
    response = client.get(reverse("cooperation:overview"))
    assert response.status_code == 200
    assert b"Open offer" in response.content
    assert b"Hidden draft" not in response.content


def test_catalogue_shows_own_drafts_to_focal_point(client, alice, jamaica):
    PostingFactory(country=jamaica, title="Our draft")
    client.force_login(alice)
    assert b"Our draft" in client.get(reverse("cooperation:overview")).content


def test_full_text_search_uses_the_record_language(client, jamaica):
    PostingFactory(
        country=jamaica,
        state=PostingState.PUBLISHED,
        language="es",
        title="Capacitación de docentes rurales",
    )
    PostingFactory(country=jamaica, state=PostingState.PUBLISHED, title="Roads")
    # "docente" matches "docentes" through Spanish stemming.
    response = client.get(reverse("cooperation:overview"), {"q": "docente"})
    assert b"Capacitaci" in response.content
    assert b"Roads" not in response.content


@pytest.mark.parametrize("rows", [1, 25])
def test_catalogue_query_count_does_not_grow_with_rows(
    client, jamaica, django_assert_num_queries, rows
):
    for _ in range(rows):
        PostingFactory(country=jamaica, state=PostingState.PUBLISHED)
    # The count, the rows, and the choices of three filters.
    with django_assert_num_queries(5):
        client.get(reverse("cooperation:overview"))


def test_unknown_country_filter_says_so(client):
    response = client.get(reverse("cooperation:overview"), {"country": "XXX"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_focal_point_creates_a_demand_in_spanish(client, alice):
    SectorFactory(code="14010")
    client.force_login(alice)
    response = client.post(
        reverse("cooperation:posting-create", args=["demand"]), form_data()
    )
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert (posting.kind, posting.language, posting.state) == (
        PostingKind.DEMAND,
        "es",
        PostingState.DRAFT,
    )
    assert posting.country.iso3 == "JAM"


def test_save_and_submit(client, alice):
    SectorFactory(code="14010")
    client.force_login(alice)
    client.post(
        reverse("cooperation:posting-create", args=["demand"]),
        form_data(submit="1"),
    )
    assert Posting.objects.get().state == PostingState.SUBMITTED


def test_unknown_sector_code_is_refused_beside_the_field(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("cooperation:posting-create", args=["offer"]),
        form_data(sectors=["99999"]),
    )
    assert response.status_code == 200
    assert "sectors" in response.context["form"].errors
    assert not Posting.objects.exists()
    # What was typed is still in the form.
    assert "Gestión integrada" in response.content.decode()


def test_end_before_start_is_refused(client, alice):
    SectorFactory(code="14010")
    client.force_login(alice)
    response = client.post(
        reverse("cooperation:posting-create", args=["offer"]),
        form_data(start_date="2027-05-01", end_date="2027-04-01"),
    )
    assert "end_date" in response.context["form"].errors
    assert not Posting.objects.exists()


def test_comma_decimal_separator_gets_a_clear_message(client, alice):
    SectorFactory(code="14010")
    CurrencyFactory()
    client.force_login(alice)
    response = client.post(
        reverse("cooperation:posting-create", args=["offer"]),
        form_data(estimated_value="1500,50", currency="USD"),
    )
    errors = response.context["form"].errors["estimated_value"]
    assert "decimal separator" in errors[0]
    assert not Posting.objects.exists()


def test_value_needs_a_currency(client, alice):
    SectorFactory(code="14010")
    client.force_login(alice)
    response = client.post(
        reverse("cooperation:posting-create", args=["offer"]),
        form_data(estimated_value="1500.50"),
    )
    assert "currency" in response.context["form"].errors


def test_text_in_any_script_and_emoji_round_trips(client, alice):
    SectorFactory(code="14010")
    client.force_login(alice)
    title = "Coopération 水資源 التعاون Сотрудничество 🌊🤝"
    client.post(
        reverse("cooperation:posting-create", args=["offer"]),
        form_data(title=title, language="fr"),
    )
    posting = Posting.objects.get()
    assert posting.title == title
    page = client.get(posting.get_absolute_url())
    assert title in page.content.decode()


def test_null_character_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("cooperation:posting-create", args=["offer"]),
        form_data(title="bad\x00title"),
    )
    assert "title" in response.context["form"].errors


def test_edit_other_country_draft_is_404(client, bob, jamaica):
    posting = PostingFactory(country=jamaica)
    client.force_login(bob)
    response = client.post(
        reverse("cooperation:posting-edit", args=[posting.pk]), form_data()
    )
    assert response.status_code == 404
    posting.refresh_from_db()
    assert posting.title != form_data()["title"]


def test_staff_publish_through_the_page(client, staff, jamaica):
    posting = PostingFactory(country=jamaica, state=PostingState.SUBMITTED)
    client.force_login(staff)
    response = client.post(
        reverse("cooperation:posting-transition", args=[posting.pk, "publish"])
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.state == PostingState.PUBLISHED


def test_rejection_with_a_too_long_comment_is_not_fired_without_it(
    client, staff, jamaica
):
    # The invalid comment was dropped and the record rejected with none.
    posting = PostingFactory(country=jamaica, state=PostingState.SUBMITTED)
    client.force_login(staff)

    response = client.post(
        reverse("cooperation:posting-transition", args=[posting.pk, "reject"]),
        {"comment": "x" * 5001},
        follow=True,
    )

    assert "at most 5000 characters" in response.content.decode()
    posting.refresh_from_db()
    assert posting.state == PostingState.SUBMITTED
    # The browser stops the typing at the same limit, so nothing is lost.
    assert 'id="vet-comment" name="comment" rows="3" maxlength="5000"' in (
        response.content.decode()
    )


def test_focal_point_cannot_publish_own_record(client, alice, jamaica):
    posting = PostingFactory(country=jamaica, state=PostingState.SUBMITTED)
    client.force_login(alice)
    client.post(reverse("cooperation:posting-transition", args=[posting.pk, "publish"]))
    posting.refresh_from_db()
    assert posting.state == PostingState.SUBMITTED


def test_vetting_queue_oldest_first_with_similar_records(client, staff, jamaica):
    first = PostingFactory(country=jamaica, state=PostingState.SUBMITTED, title="A")
    second = PostingFactory(country=jamaica, state=PostingState.SUBMITTED, title="B")
    Posting.objects.filter(pk=second.pk).update(submitted_at=first.submitted_at)
    Posting.objects.filter(pk=first.pk).update(
        submitted_at=first.submitted_at.replace(year=2020)
    )
    client.force_login(staff)
    page = client.get(reverse("cooperation:vetting"))
    assert [p.pk for p in page.context["page"]] == [first.pk, second.pk]


def test_vetting_shows_possible_duplicates(client, staff, jamaica, mexico):
    PostingFactory(
        country=mexico,
        state=PostingState.PUBLISHED,
        title="Training of rural teachers in mathematics",
    )
    posting = PostingFactory(
        country=jamaica,
        state=PostingState.SUBMITTED,
        title="Training rural teachers in mathematics",
    )
    client.force_login(staff)
    response = client.get(posting.get_absolute_url())
    assert len(response.context["similar"]) == 1
    queue = client.get(reverse("cooperation:vetting")).context["page"]
    assert [row.similar_count for row in queue] == [1]


def test_vetting_queue_refuses_focal_points(client, alice):
    client.force_login(alice)
    assert client.get(reverse("cooperation:vetting")).status_code == 403


def test_attachment_checked_by_content(client, alice, jamaica, media):
    posting = PostingFactory(country=jamaica)
    client.force_login(alice)
    url = reverse("cooperation:attachment-upload", args=[posting.pk])
    client.post(url, {"file": SimpleUploadedFile("photo.pdf", PNG)})
    assert not posting.attachments.exists()
    client.post(url, {"file": SimpleUploadedFile("report.pdf", PDF)})
    attachment = posting.attachments.get()
    assert attachment.content_type == "application/pdf"
    # Stored under MEDIA_ROOT with a random name, outside any static path.
    assert (media / attachment.file.name).exists()
    assert "report" not in attachment.file.name


def test_attachment_served_only_to_those_who_see_the_record(
    client, alice, bob, jamaica, media
):
    posting = PostingFactory(country=jamaica)
    client.force_login(alice)
    client.post(
        reverse("cooperation:attachment-upload", args=[posting.pk]),
        {"file": SimpleUploadedFile("image.png", PNG)},
    )
    url = posting.attachments.get().get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_export_csv_neutralises_formulas(client, jamaica):
    PostingFactory(
        country=jamaica, state=PostingState.PUBLISHED, title='=HYPERLINK("x")'
    )
    response = client.get(reverse("cooperation:catalogue-export", args=["csv"]))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_export_xlsx_has_the_filtered_rows(client, jamaica):
    PostingFactory(country=jamaica, state=PostingState.PUBLISHED, title="Visible")
    PostingFactory(country=jamaica, title="Unseen draft")
    PostingFactory(country=jamaica, state=PostingState.PUBLISHED, title="@SUM(A1)")
    response = client.get(reverse("cooperation:catalogue-export", args=["xlsx"]))
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/") and name.endswith(".xml")
        )
    assert "Visible" in xml
    assert "Unseen draft" not in xml
    assert "'@SUM(A1)" in xml
    assert "<f>" not in xml


def test_filters_by_sector_sdg_and_language(client, jamaica):
    from .factories import SdgGoalFactory

    water = SectorFactory(code="14010")
    goal = SdgGoalFactory(code="6")
    PostingFactory(
        country=jamaica,
        state=PostingState.PUBLISHED,
        title="Water",
        sectors=[water],
        sdg_goals=[goal],
        working_languages=["fr"],
    )
    PostingFactory(country=jamaica, state=PostingState.PUBLISHED, title="Other")
    url = reverse("cooperation:overview")
    for query in ({"sector": "14010"}, {"sdg": "6"}, {"language": "fr"}):
        titles = [posting.title for posting in client.get(url, query).context["page"]]
        assert titles == ["Water"], query

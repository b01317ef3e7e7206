"""Uploads: content decides the type, size is limited, names are random,
downloads go through the access check."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import RequestFactory

from accounts.access import Action
from accounts.models import MemberState
from iacd_portal.uploads import (
    UploadTo,
    UploadValidator,
    protected_download,
    validate_upload,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_a_pdf_named_pdf_is_accepted():
    assert validate_upload(upload("report.pdf", PDF)) == "pdf"


def test_a_program_named_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("report.pdf", EXE))

    assert error.value.code == "file_type"


def test_a_pdf_named_png_is_refused_as_a_mismatch():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("photo.png", PDF), kinds={"pdf", "png"})

    assert error.value.code == "file_type_mismatch"


def test_html_named_csv_passes_only_as_text_when_text_is_allowed():
    page = upload("list.csv", b"<script>alert(1)</script>")

    with pytest.raises(ValidationError):
        validate_upload(page)  # the default kinds take no text
    assert validate_upload(page, kinds={"csv"}) == "csv"


def test_binary_named_csv_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(upload("list.csv", PNG), kinds={"csv"})


def test_a_file_over_the_limit_is_refused(settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024 * 1024

    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", PDF + b"0" * (1024 * 1024)))

    assert error.value.code == "file_too_large"


def test_the_validator_reports_a_translated_message():
    with pytest.raises(ValidationError) as error:
        UploadValidator(kinds={"png"})(upload("x.png", PDF))

    assert "whatever its name says" in error.value.messages[0]


def test_stored_names_are_random_and_ignore_the_uploaded_path():
    upload_to = UploadTo("cooperation/offers")

    first = upload_to(None, "../../etc/passwd.pdf")
    second = upload_to(None, "../../etc/passwd.pdf")

    assert first != second
    assert first.startswith("cooperation/offers/")
    assert ".." not in first and "passwd" not in first
    assert first.endswith(".pdf")


@pytest.fixture
def stored_file(settings, tmp_path, jamaica):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save(UploadTo("test")(None, "a.pdf"), ContentFile(PDF))
    field = models.FileField(storage=default_storage)
    field.set_attributes_from_name("attachment")
    return FieldFile(jamaica, field, name)


@pytest.mark.django_db
def test_download_sends_the_file_to_who_may_see_it(
    stored_file, alice, jamaica, monkeypatch
):
    monkeypatch.setattr(MemberState, "attachment", stored_file, raising=False)
    request = RequestFactory().get("/")
    request.user = alice

    response = protected_download(
        request, MemberState.objects, "attachment", pk=jamaica.pk
    )

    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_download_is_404_for_who_may_not(stored_file, alice, jamaica, monkeypatch):
    monkeypatch.setattr(MemberState, "attachment", stored_file, raising=False)
    request = RequestFactory().get("/")
    request.user = alice

    with pytest.raises(Http404):
        protected_download(
            request, MemberState.objects, "attachment", Action.CHANGE, pk=jamaica.pk
        )


def test_content_is_read_from_the_start_after_checking():
    uploaded = upload("report.pdf", PDF)
    validate_upload(uploaded)

    assert uploaded.read() == PDF
    assert isinstance(uploaded.file, io.BytesIO)

"""Uploaded files: checked by content, limited in size, stored under a random
name below MEDIA_ROOT, and served only through a view that checks access.

A model's file field::

    attachment = models.FileField(
        upload_to=UploadTo("cooperation/offers"),
        validators=[UploadValidator(kinds={"pdf", "docx", "xlsx"})],
    )

and its download view::

    def offer_attachment(request, pk):
        return protected_download(request, Offer.objects, "attachment", pk=pk)
"""

import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from accounts.access import Action, get_for_user

# What the portal accepts, by kind: the MIME type the content must have.
KINDS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "txt": "text/plain",
}
DEFAULT_KINDS = frozenset({"pdf", "png", "jpg", "docx", "xlsx"})
# Kinds that have no magic number: text that must decode as UTF-8.
TEXT_KINDS = frozenset({"csv", "txt"})
# How many bytes of a file are read to recognise it.
_SNIFF_BYTES = 8192


def max_upload_bytes() -> int:
    return getattr(settings, "PORTAL_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def _head(uploaded) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(_SNIFF_BYTES)
    uploaded.seek(0)
    return head


def detect_kind(uploaded, kinds=DEFAULT_KINDS) -> str | None:
    """The kind (a key of ``KINDS``) that the file's content shows, among
    ``kinds``, or None. The file's name plays no part."""
    head = _head(uploaded)
    guess = filetype.guess(head)
    if guess is not None:
        kind = "jpg" if guess.extension == "jpg" else guess.extension
        return kind if kind in kinds else None
    if kinds & TEXT_KINDS and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the sniffing limit is still text.
            if error.start < len(head) - 4:
                return None
        extension = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
        if extension in kinds & TEXT_KINDS:
            return extension
        return "txt" if "txt" in kinds else None
    return None


def validate_upload(uploaded, kinds=DEFAULT_KINDS, max_bytes=None) -> str:
    """Check ``uploaded`` (size, then content); return its kind or raise
    ``ValidationError`` with a message for the user."""
    max_bytes = max_bytes or max_upload_bytes()
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(size)s MB."),
            code="file_too_large",
            params={"size": max_bytes // (1024 * 1024) or 1},
        )
    kind = detect_kind(uploaded, frozenset(kinds))
    if kind is None:
        raise ValidationError(
            _(
                "This file's content is not of an accepted kind (%(kinds)s), "
                "whatever its name says."
            ),
            code="file_type",
            params={"kinds": ", ".join(sorted(kinds))},
        )
    declared = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
    declared = "jpg" if declared == "jpeg" else declared
    if declared and declared != kind:
        raise ValidationError(
            _("The file's name says %(declared)s but its content is %(kind)s."),
            code="file_type_mismatch",
            params={"declared": declared, "kind": kind},
        )
    return kind


@deconstructible
class UploadValidator:
    """A field validator running ``validate_upload``."""

    def __init__(self, kinds=DEFAULT_KINDS, max_bytes=None):
        self.kinds = frozenset(kinds)
        self.max_bytes = max_bytes

    def __call__(self, uploaded):
        validate_upload(uploaded, self.kinds, self.max_bytes)

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_bytes == other.max_bytes
        )


@deconstructible
class UploadTo:
    """``upload_to`` that never uses the uploaded name as a path: files go to
    ``<folder>/<year>/<random>.<kind>`` below MEDIA_ROOT."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = PurePath(filename).suffix.lower().lstrip(".")
        extension = extension if extension in KINDS else "bin"
        year = timezone.now().year
        return f"{self.folder}/{year}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and self.folder == other.folder


def protected_download(
    request, queryset, field_name: str, action=Action.VIEW, filename=None, **lookup
):
    """Send the file of ``field_name`` on the record found by ``lookup``, if
    the user may ``action`` it (else 404, as for any hidden record)."""
    record = get_for_user(queryset, request.user, action, **lookup)
    field_file = getattr(record, field_name)
    if not field_file:
        raise Http404
    extension = PurePath(field_file.name).suffix.lower().lstrip(".")
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename or f"{field_name}-{record.pk}.{extension}",
        content_type=KINDS.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

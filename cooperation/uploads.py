"""Checks on uploaded attachments: the size, and the type read from the
file's first bytes, which must agree with the name's extension."""

from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024

# Extension -> the content type its bytes must show.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def check_upload(upload) -> str:
    """Return the content type of ``upload`` or raise ``ValidationError``
    when it is too large, of a kind we do not take, or not what its name
    says."""
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("The file is larger than %(size)s.")
            % {"size": filesizeformat(MAX_ATTACHMENT_SIZE)}
        )
    extension = PurePath(upload.name).suffix.lower()
    expected = ALLOWED_TYPES.get(extension)
    if expected is None:
        raise ValidationError(
            _("Attach PDF, office documents or images (%(extensions)s).")
            % {"extensions": ", ".join(sorted(ALLOWED_TYPES))}
        )

    upload.seek(0)
    # Office formats are zip files; the kind is told by the names inside, so
    # read enough of the start for filetype to see them.
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime != expected:
        raise ValidationError(
            _("The content of “%(name)s” does not match its name.")
            % {"name": upload.name}
        )
    return expected

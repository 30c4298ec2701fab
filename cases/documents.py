"""A publication's file: a PDF, checked by its content, stored under a name nobody can guess,
and handed out by our own view (views.publication_download), never straight from the media
folder, so the file of a draft never leaks.

No PDF library: what we promise is "a PDF, whole", and a PDF says both in plain bytes, the
header (`%PDF-1.7`) at its start and `startxref` … `%%EOF` at its end. A file cut off in the
upload, or a Word document renamed to .pdf, fails here with a message saying which.
"""

import secrets
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

CONTENT_TYPE = "application/pdf"
# Their own folder, not `publications/` (their images are there): the proxy serves the media
# folder but not this one (docs/deploy.md).
FOLDER = "publication-files"
# How far from the end a PDF's trailer may lie: some writers add a few bytes after %%EOF.
TAIL_BYTES = 2048


def megabytes(size):
    """A size in bytes as megabytes with one decimal (at least 0.1), as the pages show it."""
    value = Decimal(size) / Decimal(1_000_000)
    return max(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), Decimal("0.1"))


def file_name(instance, filename):
    """`publication-files/<name as uploaded>-<random>.pdf`: editors recognise it, nobody can
    guess it. The extension follows the content, which is checked to be a PDF."""
    stem = slugify(PurePath(filename).stem)[:60].strip("-") or "publicatie"
    return f"{FOLDER}/{stem}-{secrets.token_hex(8)}.pdf"


def check_pdf(file):
    """Raise a ValidationError unless `file` is a whole PDF of at most the allowed size."""
    limit = settings.PUBLICATION_FILE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s MB. Upload a PDF of at most %(megabytes)s MB."),
            code="file_too_big",
            params={
                "size": number_format(megabytes(file.size), 1),
                "megabytes": limit // 1_000_000,
            },
        )
    file.seek(0)
    head = file.read(1024)
    if not (head.startswith(b"%PDF-") and head[5:8].replace(b".", b"", 1).isdigit()):
        raise ValidationError(
            _(
                "This file is not a PDF. Upload the publication as a PDF file; other kinds of "
                "file are not accepted, even when their name ends in .pdf."
            ),
            code="not_a_pdf",
        )
    file.seek(max(0, file.size - TAIL_BYTES))
    tail = file.read()
    file.seek(0)
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(
            _(
                "This PDF is damaged or incomplete: its end is missing. Save or export it as "
                "a PDF again and upload that file."
            ),
            code="damaged_pdf",
        )
    file.checked = True


def validate_upload(value):
    """Model validator: a new upload must pass check_pdf; a stored file is left alone."""
    if value and not value._committed and not getattr(value.file, "checked", False):
        check_pdf(value.file)


class PdfUploadField(forms.FileField):
    """The form field: our content checks and messages; browsers offer PDFs first."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": f"{CONTENT_TYPE},.pdf"}

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        check_pdf(upload)
        upload.content_type = CONTENT_TYPE
        return upload


class PdfFileField(models.FileField):
    """A PDF judged by its content (check_pdf) on every new upload, wherever it comes from."""

    default_validators = [validate_upload]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PdfUploadField, **kwargs})

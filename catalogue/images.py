"""Images of initiatives, cases and publications: checked by content, stripped of metadata,
and cut once into the renditions pages show.

Pillow only, no thumbnail library: every rendition is made when the image is saved and its
name and size are kept in the row (`image_renditions`), so a page renders `<img width height>`
from the row it already has, without a query, a cache lookup or a file access per picture.
"""

import warnings
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

# What we accept, and the extension it is stored under: the extension follows the content.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# Widths the pages use (never upscaled). WebP: every browser we support shows it, it is about
# a third smaller than JPEG at the same quality, and keeps the transparency of a PNG logo.
RENDITIONS = {"thumbnail": 160, "card": 480, "large": 1200}
RENDITION_FORMAT = ("WEBP", "webp", {"quality": 80, "method": 4})
ENCODING = {
    "JPEG": {"quality": 88, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 88, "method": 4},
}


def image_folder(instance, filename):
    """`initiatives/`, `cases/`, `publications/`; the name is made safe and carries no dots, so
    it never clashes with a rendition's (`name.card.webp`)."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:60].strip("-") or "afbeelding"
    return f"{instance._meta.model_name}s/{stem}{path.suffix.lower()}"


def open_checked(file):
    """The upload as a decoded Pillow image, or a ValidationError saying what is wrong with it.

    The header is read and its size checked before any pixel is decoded, so a small file that
    claims to be 20,000 × 20,000 pixels (a decompression bomb) costs nothing.
    """
    if file.size > settings.IMAGE_MAX_BYTES:
        megabytes = settings.IMAGE_MAX_BYTES // 1_000_000
        raise ValidationError(
            _("This file is too big. Upload an image of at most %(megabytes)s MB."),
            code="file_too_big",
            params={"megabytes": megabytes},
        )
    not_an_image = ValidationError(
        _(
            "This file is not a photo or picture we can use. Upload a JPEG, PNG or WebP image; "
            "the file may also be damaged or incomplete."
        ),
        code="invalid_image",
    )
    try:
        image = _open(file)
        image.verify()  # checks the file's structure; the image must be opened again after it
        image = _open(file)
        # JPEG: decode at 1/2, 1/4 or 1/8 of the size when that still covers the stored size.
        image.draft("RGB", fitted_size(image.size, side=settings.IMAGE_STORED_MAX_SIDE))
        image.load()  # a truncated file fails here
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise not_an_image from error
    file.checked = True
    return image


def _open(file):
    file.seek(0)
    with warnings.catch_warnings():
        # Our own limits below are stricter than Pillow's bomb warning; a clear error beats it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
        except Image.DecompressionBombError:
            raise _too_large() from None
    if image.format not in FORMATS:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image. Other kinds of file are not accepted."),
            code="invalid_format",
        )
    width, height = image.size
    longest = settings.IMAGE_MAX_SIDE
    if width > longest or height > longest or width * height > max_pixels(image.format):
        raise _too_large(image.format)
    if width < settings.IMAGE_MIN_WIDTH or height < settings.IMAGE_MIN_HEIGHT:
        raise ValidationError(
            _(
                "This image is too small (%(width)s × %(height)s pixels). Use an image of at "
                "least %(min_width)s pixels wide and %(min_height)s pixels high."
            ),
            code="too_small",
            params={
                "width": width,
                "height": height,
                "min_width": settings.IMAGE_MIN_WIDTH,
                "min_height": settings.IMAGE_MIN_HEIGHT,
            },
        )
    if getattr(image, "is_animated", False):
        raise ValidationError(
            _("Moving images are not accepted. Upload a still image."), code="animated"
        )
    return image


def max_pixels(image_format):
    """The most pixels an image of this format may have (IMAGE_MAX_PIXELS): what decoding
    it may cost in memory."""
    return settings.IMAGE_MAX_PIXELS[image_format]


def _too_large(image_format="PNG"):
    """Too many pixels; an image whose format is not known yet gets the strictest limit."""
    return ValidationError(
        _(
            "This image has too many pixels. Use an image of at most %(side)s pixels wide and "
            "high, and at most %(megapixels)s megapixels."
        ),
        code="too_large",
        params={
            "side": settings.IMAGE_MAX_SIDE,
            "megapixels": max_pixels(image_format) // 1_000_000,
        },
    )


def validate_upload(value):
    """Model validator: a new upload must pass open_checked; a stored image is left alone."""
    if value and not value._committed and not getattr(value.file, "checked", False):
        open_checked(value.file)


def clean_pixels(image, side):
    """The upload as it is stored: upright, in sRGB (RGB or RGBA), its longest side at most
    `side`, and with no metadata left.

    Colours are converted from the upload's own colour profile to sRGB, which browsers assume
    for an image without one, so no profile is stored: its bytes could carry any text into
    every file. The image is made smaller before anything else is done to it, and copied into
    a new image last: EXIF (with any GPS position), XMP, comments and text chunks stay behind.
    """
    ImageOps.exif_transpose(image, in_place=True)
    profile = image.info.get("icc_profile")
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if transparent else "RGB"
    if image.mode not in (mode, *PROFILE_MODES):
        image = image.convert(mode)
    image = in_srgb(fit(image, side=side), profile, mode)
    clean = Image.new(mode, image.size)
    clean.paste(image)
    return clean


# Modes the colour conversion reads as they are; CMYK needs its profile to become RGB.
PROFILE_MODES = ("CMYK", "L")
SRGB = ImageCms.createProfile("sRGB")


def in_srgb(image, profile, mode):
    """`image` in sRGB and `mode`; a profile that cannot be read or does not fit the pixels is
    ignored, as a browser would, and the pixels taken as sRGB."""
    if profile:
        try:
            return ImageCms.profileToProfile(image, BytesIO(profile), SRGB, outputMode=mode)
        except ImageCms.PyCMSError:
            pass
    return image.convert(mode)


def fitted_size(size, width=None, side=None):
    """`size` scaled down to `width` (or its longest side to `side`), never up."""
    scale = min(1, width / size[0]) if width else min(1, side / max(size))
    return (max(1, round(size[0] * scale)), max(1, round(size[1] * scale)))


def fit(image, width=None, side=None):
    """`image` scaled down to `width` (or its longest side to `side`), never up."""
    size = fitted_size(image.size, width, side)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def encode(image, image_format, **options):
    if image_format == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    out = BytesIO()
    image.save(out, image_format, **options)
    return ContentFile(out.getvalue())


def store(fieldfile):
    """Check a new upload, store it cleaned (and no larger than the site ever shows) in its own
    format, and store its renditions next to it; returns what `image_renditions` keeps."""
    upload = fieldfile.file
    image = open_checked(upload)
    image_format = image.format
    image = clean_pixels(image, side=settings.IMAGE_STORED_MAX_SIDE)
    stem = PurePath(upload.name or "").stem
    fieldfile.save(
        f"{stem}.{FORMATS[image_format]}",
        encode(image, image_format, **ENCODING[image_format]),
        save=False,
    )
    base = fieldfile.name.rsplit(".", 1)[0]
    rendition_format, extension, options = RENDITION_FORMAT
    renditions = {}
    for size, width in RENDITIONS.items():
        scaled = fit(image, width=width)
        name = fieldfile.storage.save(
            f"{base}.{size}.{extension}", encode(scaled, rendition_format, **options)
        )
        renditions[size] = {"name": name, "width": scaled.width, "height": scaled.height}
    return renditions


def delete_files(storage, names):
    for name in names:
        storage.delete(name)


def remove_after_commit(storage, name, renditions):
    """Delete an image and its renditions once the change that dropped them is committed (a
    rolled-back change still points at them)."""
    names = [name, *(rendition["name"] for rendition in renditions.values())]
    transaction.on_commit(partial(delete_files, storage, names))


class ImageUploadField(forms.ImageField):
    """The form field: our content checks and messages instead of Django's generic one."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": "image/jpeg,image/png,image/webp"}

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        image = open_checked(upload)
        upload.content_type = Image.MIME.get(image.format)
        upload.seek(0)
        return upload


class CatalogueImageField(models.ImageField):
    """An image judged by its content: no extension check (the stored name follows the
    content), our checks on every new upload."""

    default_validators = [validate_upload]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


class Illustrated(models.Model):
    """An image with its alt text and renditions: shared by initiatives, cases and publications.

    A new upload is checked, cleaned and cut into renditions once, on save; an unrelated save
    leaves the files alone. Replaced or cleared files are deleted after the commit.
    """

    image = CatalogueImageField(
        _("image"),
        upload_to=image_folder,
        blank=True,
        help_text=_(
            "A JPEG, PNG or WebP photo or picture. Location and camera data are removed on saving."
        ),
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "image" not in update_fields:
            return super().save(*args, **kwargs)
        if self.image and not self.image._committed:
            if errors := self.image_errors():  # before any file is written: the database
                raise ValidationError(errors)  # would refuse the row anyway
            self.image_renditions = store(self.image)
        elif not self.image:
            self.image_renditions = {}
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "image_renditions"}
        super().save(*args, **kwargs)
        old_name, old_renditions = getattr(self, "_stored_image", ("", {}))
        if old_name and old_name != self.image.name:
            remove_after_commit(self.image.storage, old_name, old_renditions)
        self._remember_image()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_image()
        return instance

    def _remember_image(self):
        """What is stored now, to delete once the image is replaced or cleared."""
        if not {"image", "image_renditions"} & self.get_deferred_fields():
            self._stored_image = (self.image.name, self.image_renditions)

    def image_errors(self):
        if self.image and not self.image_alt:
            return {"image_alt": _("Describe the image for people who cannot see it.")}
        return {}

    def clean(self):
        if errors := self.image_errors():
            raise ValidationError(errors)

    def renditions(self):
        """{size: Rendition}, from the row alone: no query, no file access."""
        if not self.image:
            return {}
        storage = self.image.storage
        return {
            size: Rendition(storage.url(entry["name"]), entry["width"], entry["height"])
            for size, entry in self.image_renditions.items()
        }

    def srcset(self):
        """Every rendition as `url 480w, …`, each width once (a small image has fewer)."""
        by_width = {r.width: r.url for r in self.renditions().values()}
        return ", ".join(f"{url} {width}w" for width, url in sorted(by_width.items()))


def image_has_alt_check(name):
    """An image always has its alt text."""
    return models.CheckConstraint(
        condition=models.Q(image="") | ~models.Q(image_alt=""), name=f"{name}_image_has_alt"
    )


def image_deleted(sender, instance, **kwargs):
    """An item is deleted: its image files go too, once that is committed."""
    if "image" not in instance.get_deferred_fields() and instance.image:
        remove_after_commit(instance.image.storage, instance.image.name, instance.image_renditions)

"""Images of initiatives, cases and publications: judged by content, stripped of location data,
cut into renditions once, shown with their size, and a placeholder where there is none."""

import re
import struct
import zlib
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from PIL import ExifTags, Image, ImageCms

from cases.models import Case
from initiatives.models import Initiative
from tests.admin_forms import change_form_data
from tests.factories import CaseFactory, InitiativeFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo_bytes(size=(1600, 1200), image_format="JPEG", **options):
    """A picture with some detail in it, so encoders have something to do."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    out = BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def upload(content=None, name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, content if content is not None else photo_bytes(**kwargs))


def phone_photo(orientation=1):
    """A JPEG as a phone writes it: GPS position, camera, a comment, maybe turned sideways."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (5.0, 7.0, 12.0)
    return photo_bytes(exif=exif, comment=b"Home of the Jansen family")


def animated_png():
    frames = [Image.new("RGB", (600, 400), colour) for colour in ("red", "blue")]
    out = BytesIO()
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:])
    return out.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels: a decompression bomb."""
    data = bytearray(photo_bytes(size=(1, 1), image_format="PNG"))
    ihdr = struct.pack(">II", width, height)
    data[16:24] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


MARKER = b"Chosen text that rides along in the colour profile. " * 19  # about 1,000 bytes


def profile_carrying(marker):
    """A valid sRGB colour profile with a private tag holding `marker`: colour software reads
    it as sRGB, and a copy of its bytes carries the text along."""
    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    [count] = struct.unpack(">I", data[128:132])
    table_end = 132 + 12 * count
    tags = [struct.unpack(">4sII", data[132 + 12 * i : 144 + 12 * i]) for i in range(count)]
    tags = [(signature, offset + 12, size) for signature, offset, size in tags]
    payload = b"text\0\0\0\0" + marker
    tags.append((b"wijk", len(data) + 12, len(payload)))
    header = bytearray(data[:128])
    header[0:4] = struct.pack(">I", len(data) + 12 + len(payload))
    table = struct.pack(">I", count + 1) + b"".join(struct.pack(">4sII", *tag) for tag in tags)
    return bytes(header) + table + data[table_end:] + payload


def profile_with_red_and_blue_swapped():
    """An sRGB profile that says the first channel is blue and the third red."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    [count] = struct.unpack(">I", data[128:132])
    entries = {bytes(data[132 + 12 * i : 136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    data[red + 4 : red + 12], data[blue + 4 : blue + 12] = (
        data[blue + 4 : blue + 12],
        data[red + 4 : red + 12],
    )
    return bytes(data)


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def with_image(factory=InitiativeFactory, **kwargs):
    item = factory(image=upload(**kwargs), image_alt="Neighbours planting tulips")
    return type(item).objects.get(pk=item.pk)


# --- What an upload may be -------------------------------------------------------------------


def error_code(item):
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    return caught.value.error_dict["image"][0].code


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"<?php system($_GET['c']); ?>", "photo.jpg", "invalid_image"),
        (b"<html><script>alert(1)</script></html>", "photo.jpg", "invalid_image"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
            "invalid_image",
        ),
        (photo_bytes()[:4000], "half.jpg", "invalid_image"),  # truncated
        (photo_bytes(image_format="GIF"), "photo.gif", "invalid_format"),
        (photo_bytes(image_format="BMP"), "photo.jpg", "invalid_format"),
        (photo_bytes(size=(399, 300)), "small.jpg", "too_small"),
        (photo_bytes(size=(400, 299)), "small.jpg", "too_small"),
        (animated_png(), "moving.png", "animated"),
        (png_claiming(20_000, 20_000), "bomb.png", "too_large"),
        (png_claiming(8001, 400), "wide.png", "too_large"),
        (png_claiming(7000, 7000), "many.png", "too_large"),  # 49 megapixels
        (png_claiming(7999, 5000), "many.png", "too_large"),  # a PNG is decoded in full
    ],
)
def test_an_upload_is_judged_by_its_content(content, name, code):
    initiative = InitiativeFactory.build(image=upload(content, name), image_alt="A picture")
    assert error_code(initiative) == code


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 10_000
    initiative = InitiativeFactory.build(image=upload(), image_alt="A picture")
    assert error_code(initiative) == "file_too_big"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_whatever_their_name(image_format):
    initiative = with_image(name="photo.txt", image_format=image_format)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    assert initiative.image.name == f"initiatives/photo.{extension}"
    with Image.open(initiative.image.path) as stored:
        assert stored.format == image_format


def test_saving_a_bad_file_without_a_form_stores_nothing(media_root):
    with pytest.raises(ValidationError):
        InitiativeFactory(image=upload(b"<?php ?>", "photo.jpg"), image_alt="A picture")
    with pytest.raises(ValidationError):
        InitiativeFactory(image=upload(), image_alt="")
    assert stored_files(media_root) == []


def test_an_image_needs_its_alt_text():
    for factory in (InitiativeFactory, CaseFactory, PublicationFactory):
        item = factory.build(image="x/photo.jpg", image_alt="")
        with pytest.raises(ValidationError) as caught:
            item.clean()
        assert "image_alt" in caught.value.error_dict


@pytest.mark.parametrize("factory", [InitiativeFactory, CaseFactory, PublicationFactory])
def test_the_database_refuses_an_image_without_alt_text(factory):
    item = factory()
    with pytest.raises(IntegrityError):
        type(item).objects.filter(pk=item.pk).update(image="x/photo.jpg")


# --- What is stored ---------------------------------------------------------------------------


def test_location_and_camera_data_are_gone_from_every_stored_file(media_root):
    initiative = with_image(content=phone_photo())
    files = stored_files(media_root)
    assert len(files) == 4  # the original and three renditions
    for name in files:
        raw = (media_root / name).read_bytes()
        assert b"exif" not in raw.lower(), name
        assert b"PhoneMaker" not in raw and b"Jansen" not in raw, name
        with Image.open(media_root / name) as stored:
            assert len(stored.getexif()) == 0, name
            assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo), name
            assert "comment" not in stored.info and "xmp" not in stored.info, name
    assert initiative.image.name in files


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("profile", [profile_carrying(MARKER), MARKER], ids=["valid", "broken"])
def test_no_stored_file_carries_the_bytes_of_an_uploaded_colour_profile(
    media_root, image_format, profile
):
    colour = (200, 120, 40)
    image = Image.new("RGB", (800, 600), colour)
    out = BytesIO()
    image.save(out, image_format, icc_profile=profile)
    assert MARKER in Image.open(out).info["icc_profile"]
    with_image(content=out.getvalue(), name=f"photo.{image_format.lower()}")
    files = stored_files(media_root)
    assert len(files) == 4
    for name in files:
        raw = (media_root / name).read_bytes()
        assert b"Chosen text" not in raw, name
        with Image.open(media_root / name) as stored:
            assert "icc_profile" not in stored.info, name  # untagged is sRGB on the web
            centre = (stored.width // 2, stored.height // 2)
            red, green, blue = stored.convert("RGB").getpixel(centre)
            assert max(abs(red - 200), abs(green - 120), abs(blue - 40)) <= 4, name


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_colours_are_converted_to_srgb_rather_than_their_profile_dropped(media_root, image_format):
    out = BytesIO()
    image = Image.new("RGB", (800, 600), (200, 120, 40))
    image.save(out, image_format, icc_profile=profile_with_red_and_blue_swapped())
    with_image(content=out.getvalue(), name="photo.jpg")
    for name in stored_files(media_root):
        with Image.open(media_root / name) as stored:
            centre = (stored.width // 2, stored.height // 2)
            red, green, blue = stored.convert("RGB").getpixel(centre)
            assert max(abs(red - 40), abs(green - 120), abs(blue - 200)) <= 4, name


def test_a_sideways_phone_photo_is_stored_upright():
    initiative = with_image(content=phone_photo(orientation=6))  # "turn 90° to view"
    with Image.open(initiative.image.path) as stored:
        assert stored.size == (1200, 1600)
    assert initiative.image_renditions["large"]["width"] == 1200
    assert initiative.image_renditions["large"]["height"] == 1600


def test_renditions_have_the_promised_sizes_and_are_never_upscaled(media_root):
    initiative = with_image(size=(1600, 1200))
    sizes = {
        size: (entry["width"], entry["height"])
        for size, entry in initiative.image_renditions.items()
    }
    assert sizes == {"thumbnail": (160, 120), "card": (480, 360), "large": (1200, 900)}
    for entry in initiative.image_renditions.values():
        with Image.open(media_root / entry["name"]) as stored:
            assert stored.format == "WEBP"
            assert stored.size == (entry["width"], entry["height"])

    small = with_image(size=(500, 400))
    assert small.image_renditions["large"]["width"] == 500
    assert small.image_renditions["card"]["width"] == 480
    assert small.srcset().count("w,") == 2  # 160, 480 and 500 wide


def test_a_huge_photo_is_stored_no_larger_than_the_site_shows():
    initiative = with_image(size=(4000, 3000))
    with Image.open(initiative.image.path) as stored:
        assert stored.size == (2400, 1800)


def test_an_unrelated_save_leaves_the_files_alone(media_root):
    initiative = with_image()
    before = {name: (media_root / name).stat().st_mtime_ns for name in stored_files(media_root)}
    renditions = initiative.image_renditions
    initiative.title = "A new title"
    initiative.save()
    initiative.refresh_from_db()
    after = {name: (media_root / name).stat().st_mtime_ns for name in stored_files(media_root)}
    assert after == before
    assert initiative.image_renditions == renditions


def test_replacing_an_image_removes_the_old_files(media_root, django_capture_on_commit_callbacks):
    initiative = with_image(name="first.jpg")
    first = stored_files(media_root)
    initiative.image = upload(name="second.png", image_format="PNG")
    with django_capture_on_commit_callbacks(execute=True):
        initiative.save()
    now = stored_files(media_root)
    assert not set(first) & set(now)
    assert now == [
        "initiatives/second.card.webp",
        "initiatives/second.large.webp",
        "initiatives/second.png",
        "initiatives/second.thumbnail.webp",
    ]


def test_clearing_or_deleting_removes_the_files(media_root, django_capture_on_commit_callbacks):
    case = with_image(CaseFactory)
    assert len(stored_files(media_root)) == 4
    case.image = None
    with django_capture_on_commit_callbacks(execute=True):
        case.save()
    assert stored_files(media_root) == []
    assert Case.objects.get(pk=case.pk).image_renditions == {}

    publication = with_image(PublicationFactory)
    with django_capture_on_commit_callbacks(execute=True):
        publication.delete()
    assert stored_files(media_root) == []


def test_a_rolled_back_replacement_keeps_the_old_files(media_root):
    initiative = with_image(name="first.jpg")
    first = stored_files(media_root)
    initiative.image = upload(name="second.jpg")
    initiative.save()  # the test's transaction is never committed
    assert set(first) <= set(stored_files(media_root))


# --- The admin --------------------------------------------------------------------------------


def test_admin_refuses_a_renamed_text_file_and_keeps_what_was_typed(admin_client, media_root):
    initiative = InitiativeFactory(themes=[ThemeFactory()])
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data.update(
        title="A title the editor typed",
        image_alt="Neighbours at the table",
        image=upload(b"just some text, not a picture", "photo.jpg"),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors.as_data()["image"][0].code == "invalid_image"
    html = response.content.decode()
    assert 'value="A title the editor typed"' in html
    assert 'value="Neighbours at the table"' in html
    assert stored_files(media_root) == []


def test_admin_refuses_a_png_with_too_many_pixels_and_says_why(admin_client, media_root):
    initiative = InitiativeFactory(themes=[ThemeFactory()])
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(admin_client.get(url))
    content = photo_bytes(size=(7999, 5000), image_format="PNG", optimize=True)
    assert len(content) < 200_000  # small on disk, 40 megapixels once decoded
    data.update(image=upload(content, "plan.png"), image_alt="A plan of the square")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["image"]
    assert "16 megapixels" in error
    assert stored_files(media_root) == []


def test_admin_stores_an_image_and_shows_its_thumbnail(admin_client):
    initiative = InitiativeFactory(themes=[ThemeFactory()])
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data.update(image=upload(content=phone_photo()), image_alt="Neighbours at the table")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative.refresh_from_db()
    thumbnail = initiative.renditions()["thumbnail"]
    html = admin_client.get(url).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert (
        f'<img src="{thumbnail.url}" width="160" height="120" alt="Neighbours at the table">'
        in html
    )


def test_admin_asks_for_alt_text_with_an_image(admin_client, media_root):
    initiative = InitiativeFactory(themes=[ThemeFactory()])
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data.update(image=upload(), image_alt="")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "image_alt" in response.context["adminform"].form.errors
    assert stored_files(media_root) == []


# --- The pages --------------------------------------------------------------------------------

KINDS = [
    (InitiativeFactory, "/initiatieven/"),
    (CaseFactory, "/casussen/"),
    (PublicationFactory, "/publicaties/"),
]


def img_tags(html, css_class):
    return re.findall(rf'<img class="{css_class}"[^>]*>', html)


@pytest.mark.parametrize(("factory", "list_url"), KINDS)
def test_list_cards_show_the_card_rendition_with_its_size_and_alt(client, factory, list_url):
    item = with_image(factory)
    html = client.get(list_url).content.decode()
    [tag] = img_tags(html, r"card__media[^\"]*")
    card = item.renditions()["card"]
    assert f'src="{card.url}"' in tag
    assert 'width="480" height="360"' in tag
    assert 'alt="Neighbours planting tulips"' in tag
    assert 'loading="lazy"' in tag
    assert "160w" in tag and "1200w" in tag


@pytest.mark.parametrize(("factory", "list_url"), KINDS)
def test_a_card_without_image_has_a_decorative_placeholder(client, factory, list_url):
    factory()
    html = client.get(list_url).content.decode()
    assert '<img class="card__media' not in html
    assert re.search(r'<span class="card__media[^"]* media-placeholder" aria-hidden="true">', html)


@pytest.mark.parametrize(("factory", "list_url"), KINDS)
def test_a_detail_page_shows_the_large_rendition(client, factory, list_url):
    item = with_image(factory)
    html = client.get(item.get_absolute_url()).content.decode()
    [tag] = re.findall(r'<img class="detail__(?:image|cover)"[^>]*>', html)
    assert f'src="{item.renditions()["large"].url}"' in tag
    assert 'width="1200" height="900"' in tag
    assert 'alt="Neighbours planting tulips"' in tag
    assert "loading" not in tag  # the page's main picture comes at once

    bare = factory()
    html = client.get(bare.get_absolute_url()).content.decode()
    assert "detail__" not in html and "media-placeholder" not in html


def test_images_add_no_queries_to_list_pages(client):
    theme = ThemeFactory()
    publication = PublicationFactory()
    for _ in range(5):
        InitiativeFactory(themes=[theme])
        CaseFactory(themes=[theme], publication=publication)
        PublicationFactory(themes=[theme])
    urls = ["/", "/initiatieven/", "/casussen/", "/publicaties/", f"/themas/{theme.slug}/"]

    def counts():
        result = {}
        for url in urls:
            cache.clear()  # as the first visitor meets the page
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[url] = len(queries)
        return result

    without = counts()
    # Pages read the renditions from the row: these files need not even exist.
    renditions = {
        size: {"name": f"x/photo.{size}.webp", "width": width, "height": width * 3 // 4}
        for size, width in (("thumbnail", 160), ("card", 480), ("large", 1200))
    }
    for model in (Initiative, Case, type(publication)):
        model.objects.update(image="x/photo.jpg", image_alt="A photo", image_renditions=renditions)
    html = client.get("/initiatieven/").content.decode()
    assert html.count('src="/media/x/photo.card.webp"') == 5
    assert counts() == without

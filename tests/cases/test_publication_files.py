"""A publication's PDF: only a whole PDF of at most the allowed size is taken (judged by its
content, not its name), and visitors get it from our own address, as a download named after
the publication, only once the publication is published."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Publication
from tests.admin_forms import change_form_data
from tests.factories import InitiativeFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def pdf_bytes(padding=0):
    """A small but whole PDF (one empty page); `padding` bytes of comment make it larger."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    if padding:
        out += b"%" + b"x" * padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def pdf(content=None, name="wij-in-de-wijk-3.pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content)


def change_url(publication):
    return f"/admin/cases/publication/{publication.pk}/change/"


def post_file(admin_client, publication, upload, **changes):
    url = change_url(publication)
    data = change_form_data(admin_client.get(url))
    data.update(file=upload, **changes)
    return admin_client.post(url, data)


@pytest.fixture
def publication():
    return PublicationFactory(
        title="Casusbundel Wij in de Wijk 3",
        slug="casusbundel-wij-in-de-wijk-3",
        organisation="Movisie",
        themes=[ThemeFactory()],
    )


# --- The admin takes a whole PDF, and nothing else ---------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Dit is geen pdf, alleen tekst.", "Dit bestand is geen PDF."),
        (b"PK\x03\x04 a Word document renamed", "Dit bestand is geen PDF."),
        (b"<html><script>alert(1)</script></html>", "Dit bestand is geen PDF."),
        (pdf_bytes(padding=5000)[:4000], "Deze PDF is beschadigd of niet compleet"),  # cut off
    ],
    ids=["text", "word", "html", "cut-off"],
)
def test_admin_refuses_what_is_no_whole_pdf_though_its_name_ends_in_pdf(
    admin_client, publication, media_root, content, message
):
    response = post_file(admin_client, publication, pdf(content), title="Typed by the editor")
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["file"]
    assert error.startswith(message)
    assert 'value="Typed by the editor"' in response.text  # what was typed is kept
    assert stored_files(media_root) == []
    publication.refresh_from_db()
    assert not publication.file


def test_admin_refuses_a_pdf_over_the_size_limit_and_names_both_sizes(
    admin_client, publication, media_root, settings
):
    settings.PUBLICATION_FILE_MAX_BYTES = 1_000_000
    response = post_file(admin_client, publication, pdf(pdf_bytes(padding=2_300_000)))
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["file"]
    assert error == "Dit bestand is 2,3 MB. Upload een PDF van hoogstens 1 MB."
    assert stored_files(media_root) == []


def test_admin_stores_a_pdf_under_a_name_nobody_can_guess(admin_client, publication, media_root):
    response = post_file(admin_client, publication, pdf(pdf_bytes(padding=2_300_000)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication.refresh_from_db()
    [stored] = stored_files(media_root)
    assert stored == publication.file.name
    assert stored.startswith("publication-files/wij-in-de-wijk-3-")
    assert len(stored) == len("publication-files/wij-in-de-wijk-3-") + 16 + len(".pdf")
    assert publication.file_size == len(pdf_bytes(padding=2_300_000))
    html = admin_client.get(change_url(publication)).text
    assert 'accept="application/pdf,.pdf"' in html
    # The editor's link to the current file is the download address, which the proxy passes.
    assert 'href="/publicaties/casusbundel-wij-in-de-wijk-3/download/"' in html


def test_a_pdf_too_large_for_other_admin_pages_reaches_the_publication_form(
    admin_client, publication, media_root, settings, tmp_path
):
    """Other pages refuse a body over REQUEST_MAX_BYTES unread (413); a publication's admin
    page takes a PDF of up to 20 MB besides an image."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = pdf_bytes(padding=15_000_000)
    initiative = InitiativeFactory()
    refused = admin_client.post(
        f"/admin/initiatives/initiative/{initiative.pk}/change/", {"image": pdf(content)}
    )
    assert refused.status_code == 413
    response = post_file(admin_client, publication, pdf(content))
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication.refresh_from_db()
    assert publication.file_size == len(content)


# --- Visitors download it from our address ----------------------------------------------------


def with_file(publication, content=None, **fields):
    publication.file = pdf(content)
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.save()
    return publication


def test_the_download_is_the_pdf_as_an_attachment_named_after_the_publication(client, publication):
    content = pdf_bytes(padding=1000)
    with_file(publication, content)
    response = client.get("/publicaties/casusbundel-wij-in-de-wijk-3/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="casusbundel-wij-in-de-wijk-3.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(content))
    assert b"".join(response.streaming_content) == content
    response.close()


@pytest.mark.parametrize("state", ["draft", "review", "archived"])
def test_the_file_of_an_unpublished_publication_is_not_found(client, publication, state):
    with_file(publication, state=state)
    assert client.get("/publicaties/casusbundel-wij-in-de-wijk-3/download/").status_code == 404


def test_staff_previewing_a_draft_get_its_file_never_cached(admin_client, publication):
    with_file(publication, state="draft")
    response = admin_client.get("/publicaties/casusbundel-wij-in-de-wijk-3/download/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    response.close()


def test_a_publication_without_a_file_or_with_its_file_gone_answers_404(publication, media_root):
    stranger = Client(raise_request_exception=False)
    assert stranger.get("/publicaties/casusbundel-wij-in-de-wijk-3/download/").status_code == 404
    with_file(publication)
    (media_root / publication.file.name).unlink()
    assert stranger.get("/publicaties/casusbundel-wij-in-de-wijk-3/download/").status_code == 404


def test_the_page_offers_the_download_with_its_size_and_never_the_stored_name(client, publication):
    with_file(publication, pdf_bytes(padding=2_300_000))
    html = client.get(publication.get_absolute_url()).text
    assert (
        '<a class="button" href="/publicaties/casusbundel-wij-in-de-wijk-3/download/" download>'
        "Download (PDF, 2,3 MB)</a>"
    ) in html
    assert "publication-files" not in html
    assert "/media/" not in html


def test_the_size_is_shown_in_english_number_format_under_en(client, publication):
    with_file(publication, pdf_bytes(padding=2_300_000))
    html = client.get(f"/en{publication.get_absolute_url()}").text
    assert "Download (PDF, 2.3 MB)" in html


def test_the_publishers_page_is_named_after_the_organisation(client, publication):
    publication.external_url = "https://www.movisie.nl/publicatie/wij-wijk-3"
    publication.save()
    html = client.get(publication.get_absolute_url()).text
    assert (
        '"https://www.movisie.nl/publicatie/wij-wijk-3" rel="noopener">Bekijk bij Movisie</a>'
        in html
    )
    Publication.objects.filter(pk=publication.pk).update(organisation="")
    html = client.get(publication.get_absolute_url()).text
    assert 'rel="noopener">Bekijk bij de uitgever</a>' in html

"""Requests that are wrong or hostile get a plain answer, never a 500: a host we do not serve,
a body larger than the form takes, a form without its CSRF token. Probes answer whatever
the host."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from initiatives.models import Initiative, InitiativeContact
from tests.catalogue.test_submissions import initiative_data
from tests.factories import InitiativeFactory, MunicipalityFactory, ThemeFactory
from tests.outbox import queued

POD = "10.1.2.3:8000"  # an orchestrator probes the pod by its own address
FIVE_MB = 5 * 1024 * 1024


@pytest.fixture
def stranger():
    """A client that gets the 500 a visitor would get, instead of the exception."""
    return Client(raise_request_exception=False)


# A host we do not serve


def test_a_host_we_do_not_serve_gets_a_plain_400_without_a_traceback(stranger, db, caplog):
    with caplog.at_level(logging.INFO):
        response = stranger.get("/initiatieven/", HTTP_HOST="wijkplatform.example.com")
    assert response.status_code == 400
    assert [record.getMessage() for record in caplog.records if record.exc_info] == []


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_whatever_the_host(stranger, db, settings, path):
    # As in production: probes come by plain HTTP, and pages are cached by their address.
    settings.SECURE_SSL_REDIRECT = True
    settings.PAGE_CACHE_SECONDS = 300
    response = stranger.get(path, HTTP_HOST=POD)
    assert response.status_code == 200
    # ... while pages for that host are still refused.
    assert stranger.get("/", HTTP_HOST=POD).status_code == 400


# A body larger than the form takes


@pytest.fixture
def uploads(settings, tmp_path):
    """Where Django would write an uploaded file part of more than 2.5 MB."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def large_file():
    return SimpleUploadedFile("groot.bin", b"\0" * FIVE_MB)


def test_a_large_file_part_to_the_proposal_form_gets_413_and_nothing_is_stored(client, db, uploads):
    data = initiative_data(ThemeFactory(), MunicipalityFactory(), bijlage=large_file())
    response = client.post(reverse("initiatives:submit"), data)
    assert response.status_code == 413
    assert "Wat je stuurde, is te groot" in response.text
    assert "style=" not in response.text
    assert "Content-Security-Policy" in response
    assert not Initiative.objects.exists()
    assert queued() == []
    assert list(uploads.iterdir()) == []


def test_a_large_file_part_to_the_contact_form_gets_413_in_english_too(client, db, uploads):
    initiative = InitiativeFactory(email="initiatiefnemer@example.org")
    data = {"name": "Piet", "email": "piet@example.org", "message": "Hallo", "x": large_file()}
    response = client.post(f"/en{reverse('initiatives:contact', args=[initiative.slug])}", data)
    assert response.status_code == 413
    assert "What you sent is too large" in response.text
    assert queued() == []
    assert not InitiativeContact.objects.exists()
    assert list(uploads.iterdir()) == []


def test_a_body_without_a_length_is_not_read(client, db, uploads):
    # Chunked, as a client talking to gunicorn directly may send it: Django reads no byte of a
    # body whose length it was not told, so nothing of it can be stored.
    data = initiative_data(ThemeFactory(), MunicipalityFactory(), bijlage=large_file())
    response = client.generic(
        "POST",
        reverse("initiatives:submit"),
        encode_multipart("grens", data),
        content_type=MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", "grens"),
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code < 500
    assert not Initiative.objects.exists()
    assert list(uploads.iterdir()) == []


# The CSRF failure page


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "nl", "Je formulier is niet verstuurd"), ("/en", "en", "Your form was not sent")],
)
def test_a_form_without_its_token_gets_our_page_in_the_visitors_language(
    db, prefix, language, heading
):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/initiatieven/aanmelden/", {"title": "Buurtsoep"})
    assert response.status_code == 403
    page = response.text
    assert f'<html lang="{language}">' in page
    assert heading in page
    assert "cookies" in page
    assert "style=" not in page and "<style" not in page
    assert "Content-Security-Policy" in response

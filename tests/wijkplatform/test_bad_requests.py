"""Requests that are wrong or hostile get a plain answer, never a 500: a host we do not serve.
Probes answer whatever the host."""

import logging

import pytest
from django.test import Client

POD = "10.1.2.3:8000"  # an orchestrator probes the pod by its own address


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
    settings.SECURE_SSL_REDIRECT = True  # as in production: probes come by plain HTTP
    response = stranger.get(path, HTTP_HOST=POD)
    assert response.status_code == 200
    # ... while pages for that host are still refused.
    assert stranger.get("/", HTTP_HOST=POD).status_code == 400

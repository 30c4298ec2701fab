"""Nasty values in any list parameter get a clear answer, never a server error."""

import pytest

from tests.factories import InitiativeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/initiatieven/",
    "/casussen/",
    "/publicaties/",
    "/api/v1/initiatieven/",
    "/api/v1/casussen/",
    "/en/initiatieven/",
]
PARAMS = [
    "thema",
    "doelgroep",
    "gemeente",
    "wijk",
    "tag",
    "status",
    "kwetsbaar",
    "hulp",
    "sort",
    "page",
    "type",
    "q",
    "letterlijk",
]
NASTY = [
    "abc",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999999",
    "%00",
    "x%00y",
    "a" * 5000,
    "%27%3B%20DROP%20TABLE%20initiatives_initiative%3B--",
    "1%20OR%201%3D1",
    "%ff%fe",
    "%C3%28",
    "%E2%80%AE",
    "<script>alert(1)</script>",
    "thema%3Dbonding",
    "%5B%5D",
]


@pytest.fixture(autouse=True)
def catalogue():
    InitiativeFactory(themes=[ThemeFactory(slug="bonding")])


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("param", PARAMS)
def test_no_value_gives_a_server_error(client, url, param):
    for value in NASTY:
        response = client.get(f"{url}?{param}={value}&{param}={value}")
        assert response.status_code < 500, (url, param, value[:40])
        if url.startswith("/api/") and response.status_code == 400:
            assert response.json()["errors"]


def test_script_in_a_parameter_is_never_echoed_as_html(client):
    html = client.get("/initiatieven/?tag=<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)" not in html


def test_nul_bytes_get_a_dutch_explanation(client):
    response = client.get("/initiatieven/?thema=%00")
    assert response.status_code == 400
    assert "tekens" in response.content.decode()

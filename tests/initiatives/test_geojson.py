"""The map data: every matching initiative with a point, by the same parameters as the list."""

import gzip
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalogue.test_bad_input import NASTY, PARAMS
from tests.factories import (
    InitiativeFactory,
    MunicipalityFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatieven.geojson"


def located(**kwargs):
    """An initiative with a point (somewhere around Utrecht unless said otherwise)."""
    kwargs.setdefault("latitude", 52.09)
    kwargs.setdefault("longitude", 5.12)
    return InitiativeFactory(**kwargs)


def points(client, query=""):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


@pytest.fixture
def catalogue():
    bonding = ThemeFactory(slug="bonding")
    elders = TargetGroupFactory(slug="ouderen")
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht")
    for n in range(6):
        located(
            title=f"Buurtmoestuin {n}",
            themes=[bonding] if n % 2 else [],
            target_groups=[elders] if n % 3 else [],
            municipality=utrecht if n < 4 else None,
            tags=["moestuin"] if n < 3 else [],
            status="afgerond" if n == 5 else "actief",
            vulnerable=n in (1, 2),
            latitude=52.09 + n / 100,
            longitude=5.12 - n / 100,
        )
    return utrecht


def test_an_initiative_is_a_point_with_a_title_and_a_link(client):
    located(
        title="Taalcafé Zuilen",
        latitude=52.1177123456,
        longitude=5.1138654321,
        municipality=MunicipalityFactory(name="Utrecht"),
    )
    response = client.get(URL)
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert data["count"] == 1 and "truncated" not in data
    assert data["features"] == [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [5.11387, 52.11771]},  # lon, lat
            "properties": {
                "title": "Taalcafé Zuilen",
                "url": "/initiatieven/taalcafe-zuilen/",
                "place": "Utrecht",
            },
        }
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "thema=bonding",
        "doelgroep=ouderen",
        "gemeente=GM0344",
        "tag=moestuin",
        "status=afgerond",
        "kwetsbaar=1",
        "q=buurtmoestuin",
        "thema=bonding&doelgroep=ouderen&gemeente=GM0344",
        "thema=bonding&status=afgerond",
    ],
)
def test_the_map_shows_what_the_api_counts(client, catalogue, query):
    api = client.get(f"/api/v1/initiatieven/?{query}").json()
    data = points(client, query)
    assert len(data["features"]) == data["count"] == api["count"]
    assert {f["properties"]["url"] for f in data["features"]} >= {
        r["url"].removeprefix("http://testserver") for r in api["results"]
    }


def test_only_published_initiatives_are_on_the_map(client):
    located(title="Openbaar")
    for state in ("draft", "review"):
        located(title=f"Niet openbaar {state}", **{state: True})
    located(title="Gearchiveerd", archived=True)
    data = points(client)
    assert [f["properties"]["title"] for f in data["features"]] == ["Openbaar"]
    assert data["count"] == 1


def test_initiatives_without_a_point_are_counted_but_not_drawn(client):
    located(title="Met een plek")
    InitiativeFactory(title="Online", scope="online")
    data = points(client)
    assert [f["properties"]["title"] for f in data["features"]] == ["Met een plek"]
    assert data["count"] == 2  # "1 of 2 initiatives are on the map"


def test_too_many_points_are_cut_and_the_map_is_told(client, settings):
    for n in range(5):
        located(latitude=52 + n / 10)
    InitiativeFactory()  # no point: not in `total`
    settings.MAP_MAX_POINTS = 3
    data = points(client)
    assert len(data["features"]) == 3
    assert data["truncated"] is True and data["total"] == 5 and data["count"] == 6

    settings.MAP_MAX_POINTS = 5
    data = points(client)
    assert len(data["features"]) == 5 and "truncated" not in data and "total" not in data


@pytest.mark.parametrize(
    ("query", "param"),
    [("thema=bestaat-niet", "thema"), ("gemeente=GM9999", "gemeente"), ("status=x", "status")],
)
def test_invalid_parameters_get_a_400_that_names_them(client, query, param):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert param in response.json()["errors"]


@pytest.mark.parametrize("param", PARAMS)
def test_no_value_gives_a_server_error(client, param):
    located(themes=[ThemeFactory(slug="bonding")])
    for value in NASTY:
        response = client.get(f"{URL}?{param}={value}&{param}={value}")
        assert response.status_code < 500, (param, value[:40])
        if response.status_code == 400:
            assert response.json()["errors"]


def test_only_reading_is_allowed(client):
    assert client.post(URL).status_code == 405


def count_queries(client, query=""):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        points(client, query)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_points(client, catalogue):
    query = "thema=bonding&doelgroep=ouderen&gemeente=GM0344&tag=moestuin"
    few = count_queries(client, query), count_queries(client)
    for n in range(30):
        located(
            themes=catalogue.initiatives.first().themes.all(),
            municipality=catalogue,
            tags=["moestuin"],
            latitude=51 + n / 50,
        )
    assert (count_queries(client, query), count_queries(client)) == few


def test_the_answer_is_compressed_for_clients_that_accept_it(client):
    for n in range(20):
        located(latitude=52 + n / 100)
    plain = client.get(URL)
    assert "Content-Encoding" not in plain
    compressed = client.get(URL, headers={"accept-encoding": "gzip, deflate"})
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert compressed["Content-Type"] == "application/geo+json"
    assert json.loads(gzip.decompress(compressed.content)) == json.loads(plain.content)

"""The JSON API: the shape of DESIGN.md, the same parameters as the pages, 400 on bad input."""

import pytest

from tests.factories import (
    CaseFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative():
    return InitiativeFactory(
        title="Buurtmoestuin",
        summary="Samen tuinieren.",
        email="geheim@example.org",
        themes=[ThemeFactory(slug="bonding")],
        target_groups=[TargetGroupFactory(slug="ouderen")],
        municipality=MunicipalityFactory(code="GM0344", name="Utrecht"),
        latitude=52.09,
        longitude=5.12,
        tags=["Moestuin"],
    )


def test_initiative_list_has_the_documented_shape(client, initiative):
    data = client.get("/api/v1/initiatieven/").json()
    assert set(data) == {"count", "exact_count", "next", "previous", "results"}
    assert data["count"] == 1 and data["next"] is None and data["previous"] is None
    result = data["results"][0]
    assert result["slug"] == "buurtmoestuin"
    assert result["title"] == "Buurtmoestuin"
    assert result["summary"] == "Samen tuinieren."
    assert result["url"] == "http://testserver/initiatieven/buurtmoestuin/"
    assert result["themes"] == ["bonding"]
    assert result["target_groups"] == ["ouderen"]
    assert result["municipality"] == {"code": "GM0344", "name": "Utrecht"}
    assert (result["latitude"], result["longitude"]) == (52.09, 5.12)
    assert result["status"] == "actief"
    assert result["updated_at"].startswith(str(initiative.updated_at.date()))


def test_the_contact_email_is_never_in_the_api(client, initiative):
    assert "geheim@example.org" not in client.get("/api/v1/initiatieven/").content.decode()


def test_api_runs_the_same_filters_as_the_page(client, initiative):
    InitiativeFactory(title="Elders")
    query = "thema=bonding&doelgroep=ouderen&gemeente=GM0344&tag=moestuin"
    api = [r["title"] for r in client.get(f"/api/v1/initiatieven/?{query}").json()["results"]]
    page = [i.title for i in client.get(f"/initiatieven/?{query}").context["results"]]
    assert api == page == ["Buurtmoestuin"]


def test_api_pages_link_to_each_other_keeping_the_query(client, settings):
    settings.API_PAGE_SIZE = 2
    for _ in range(5):
        InitiativeFactory(status="actief")
    data = client.get("/api/v1/initiatieven/?status=actief").json()
    assert data["count"] == 5
    assert data["next"] == "http://testserver/api/v1/initiatieven/?status=actief&page=2"
    last = client.get("/api/v1/initiatieven/?status=actief&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert last["previous"].endswith("page=2")


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("thema=bestaat-niet", "thema"),
        ("gemeente=GM9999", "gemeente"),
        ("status=x", "status"),
        ("page=abc", "page"),
        ("page=99", "page"),
        ("sort=willekeurig", "sort"),
    ],
)
def test_bad_input_is_a_400_that_names_the_parameter(client, initiative, query, param):
    response = client.get(f"/api/v1/initiatieven/?{query}")
    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_case_api_shape(client):
    publication = PublicationFactory(title="Wij in de Wijk 3")
    CaseFactory(title="De Buurtkamer", publication=publication, themes=[ThemeFactory(slug="t")])
    result = client.get("/api/v1/casussen/?thema=t").json()["results"][0]
    assert result["title"] == "De Buurtkamer"
    assert result["themes"] == ["t"]
    assert result["publication"] == {"slug": "wij-in-de-wijk-3", "title": "Wij in de Wijk 3"}
    assert result["url"] == "http://testserver/casussen/de-buurtkamer/"

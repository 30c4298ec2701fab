"""From a publication to what it is about: `publicatie=<slug>` narrows the initiatives to those
its published case studies describe, and the case studies to its own, on the lists, the API,
the CSV, the feeds and the map alike; the publication's page lists its initiatives and leads
there. Drafts (publications, cases or initiatives) never count."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CaseFactory, InitiativeFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SLUG = "wij-in-de-wijk-3"


@pytest.fixture
def catalogue():
    """Publication "Wij in de Wijk 3" with two published cases (Alpha and Bravo in one, Bravo
    again and a draft initiative in the other) and a draft case (Echo); a draft publication
    with a published case (Foxtrot); and Golf, in no publication."""
    theme = ThemeFactory(slug="bonding", name="Bonding")
    items = {
        name: InitiativeFactory(title=name, themes=[theme], latitude=52.0 + n, longitude=5.0)
        for n, name in enumerate(["Alpha", "Bravo", "Echo", "Foxtrot", "Golf"])
    }
    items["Delta"] = InitiativeFactory(title="Delta", draft=True, latitude=52.5, longitude=5.0)
    publication = PublicationFactory(title="Wij in de Wijk 3", slug=SLUG, themes=[theme])
    draft_publication = PublicationFactory(title="Nog niet af", slug="nog-niet-af", draft=True)
    cases = {
        "Een": CaseFactory(
            title="Een",
            publication=publication,
            themes=[theme],
            initiatives=[items["Alpha"], items["Bravo"]],
        ),
        "Twee": CaseFactory(
            title="Twee",
            publication=publication,
            themes=[theme],
            initiatives=[items["Bravo"], items["Delta"]],
        ),
        "Drie": CaseFactory(
            title="Drie",
            publication=publication,
            themes=[theme],
            initiatives=[items["Echo"]],
            draft=True,
        ),
        "Vier": CaseFactory(
            title="Vier",
            publication=draft_publication,
            themes=[theme],
            initiatives=[items["Foxtrot"]],
        ),
        "Vijf": CaseFactory(title="Vijf", themes=[theme], initiatives=[items["Golf"]]),
    }
    return {"publication": publication, "items": items, "cases": cases}


def titles(response):
    return sorted(item.title for item in response.context["results"])


# --- One filter on every rendering ------------------------------------------------------------


def test_the_initiatives_list_shows_those_of_the_publications_published_cases_once(
    client, catalogue
):
    response = client.get(f"/initiatieven/?publicatie={SLUG}")
    assert titles(response) == ["Alpha", "Bravo"]
    assert response.context["page_obj"].paginator.count == 2


def test_the_case_list_shows_the_publications_published_cases(client, catalogue):
    assert titles(client.get(f"/casussen/?publicatie={SLUG}")) == ["Een", "Twee"]


def test_the_api_answers_the_same(client, catalogue):
    initiatives = client.get(f"/api/v1/initiatieven/?publicatie={SLUG}").json()
    assert initiatives["count"] == 2
    assert sorted(r["title"] for r in initiatives["results"]) == ["Alpha", "Bravo"]
    cases = client.get(f"/api/v1/casussen/?publicatie={SLUG}").json()
    assert sorted(r["title"] for r in cases["results"]) == ["Een", "Twee"]


def csv_titles(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    return sorted(row["title"] for row in reader)


def test_the_csv_exports_hold_the_same(client, catalogue):
    assert csv_titles(client.get(f"/initiatieven/export.csv?publicatie={SLUG}")) == [
        "Alpha",
        "Bravo",
    ]
    assert csv_titles(client.get(f"/casussen/export.csv?publicatie={SLUG}")) == ["Een", "Twee"]


def test_the_feeds_carry_the_same_and_name_the_publication(client, catalogue):
    feed = client.get(f"/feeds/initiatieven/?publicatie={SLUG}").text
    assert "<title>Initiatieven — Wij in de Wijk 3</title>" in feed
    assert sorted(re.findall(r"<entry><title>([^<]*)</title>", feed)) == ["Alpha", "Bravo"]
    feed = client.get(f"/feeds/casussen/?publicatie={SLUG}").text
    assert sorted(re.findall(r"<entry><title>([^<]*)</title>", feed)) == ["Een", "Twee"]


def test_the_map_draws_the_same(client, catalogue):
    response = client.get(f"/api/v1/initiatieven.geojson?publicatie={SLUG}")
    collection = response.json()
    assert collection["count"] == 2
    assert sorted(f["properties"]["title"] for f in collection["features"]) == ["Alpha", "Bravo"]


# --- A slug that is no (published) publication -----------------------------------------------


@pytest.mark.parametrize("slug", ["bestaat-niet", "nog-niet-af"], ids=["unknown", "draft"])
def test_an_unknown_or_draft_publication_is_named_and_the_list_shows_everything_else(
    client, catalogue, slug
):
    response = client.get(f"/initiatieven/?publicatie={slug}&thema=bonding")
    assert response.status_code == 200
    html = response.text
    assert 'class="error-summary"' in html
    assert f"Er is geen publicatie “{slug}”." in html
    assert titles(response) == ["Alpha", "Bravo", "Echo", "Foxtrot", "Golf"]


@pytest.mark.parametrize("slug", ["bestaat-niet", "nog-niet-af"], ids=["unknown", "draft"])
@pytest.mark.parametrize(
    "endpoint",
    [
        "/api/v1/initiatieven/",
        "/api/v1/casussen/",
        "/api/v1/initiatieven.geojson",
    ],
)
def test_the_api_and_the_map_answer_400_naming_the_publication(client, catalogue, endpoint, slug):
    response = client.get(f"{endpoint}?publicatie={slug}")
    assert response.status_code == 400
    assert response.json() == {"errors": {"publicatie": [f"Er is geen publicatie “{slug}”."]}}


@pytest.mark.parametrize(
    "endpoint", ["/initiatieven/export.csv", "/casussen/export.csv", "/feeds/initiatieven/"]
)
def test_exports_and_feeds_answer_400_naming_the_publication(client, catalogue, endpoint):
    response = client.get(f"{endpoint}?publicatie=nog-niet-af")
    assert response.status_code == 400
    assert "Er is geen publicatie “nog-niet-af”." in response.text


# --- Shown as a chosen filter ------------------------------------------------------------------


def test_the_chosen_publication_is_a_chip_and_stays_when_other_filters_change(client, catalogue):
    response = client.get(f"/initiatieven/?publicatie={SLUG}&thema=bonding")
    chips = {chip["label"]: chip["url"] for chip in response.context["chips"]}
    assert chips == {"Wij in de Wijk 3": "?thema=bonding", "Bonding": f"?publicatie={SLUG}"}
    html = response.text
    assert (
        '<a class="chip" href="?thema=bonding">Wij in de Wijk 3 '
        '<span class="visually-hidden">(Publicatie) </span>'
    ) in html
    # The filter form sends it along with whatever else is changed.
    form = html[html.index('<form method="get" id="filter-form"') :]
    form = form[: form.index("</form>")]
    assert f'<input type="hidden" name="publicatie" value="{SLUG}">' in form


def test_the_case_list_shows_the_chip_too(client, catalogue):
    response = client.get(f"/casussen/?publicatie={SLUG}")
    assert [chip["label"] for chip in response.context["chips"]] == ["Wij in de Wijk 3"]
    assert "(1 gekozen)" in response.text


# --- The publication's page leads there ---------------------------------------------------------


def test_the_publication_page_lists_its_published_initiatives_and_links_to_all(client, catalogue):
    html = client.get(f"/publicaties/{SLUG}/").text
    section = html[html.index('aria-labelledby="initiatives-heading"') :]
    section = section[: section.index("</section>")]
    assert re.findall(r'<li><a href="/initiatieven/[^"]*"[^>]*>([^<]*)</a>', section) == [
        "Alpha",
        "Bravo",
    ]
    assert "Initiatieven in deze publicatie <span" in section
    assert f'data-geojson="/api/v1/initiatieven.geojson?publicatie={SLUG}"' in section
    assert (
        f'<a class="button button--secondary" href="/initiatieven/?publicatie={SLUG}">'
        "Bekijk alle 2 initiatieven uit deze publicatie</a>"
    ) in section


def test_a_publication_without_initiatives_has_no_such_section(client, catalogue):
    publication = PublicationFactory()
    CaseFactory(publication=publication, initiatives=[catalogue["items"]["Delta"]])
    html = client.get(publication.get_absolute_url()).text
    assert "initiatives-heading" not in html


def page_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_publication_page_runs_as_many_queries_with_many_initiatives(client, catalogue):
    publication = catalogue["publication"]
    few = page_queries(client, publication.get_absolute_url())
    for n in range(40):  # more than the page lists: then it counts them too
        initiative = InitiativeFactory(title=f"Initiatief {n:02}")
        CaseFactory(publication=publication, initiatives=[initiative])
    many = page_queries(client, publication.get_absolute_url())
    assert few <= many <= few + 1  # + the count, once the list is cut off
    html = client.get(publication.get_absolute_url()).text
    assert "Bekijk alle 42 initiatieven uit deze publicatie" in html
    assert html.count('class="related-list__meta"') == 12
    more = InitiativeFactory()
    CaseFactory(publication=publication, initiatives=[more])
    assert page_queries(client, publication.get_absolute_url()) == many


def test_the_filtered_list_runs_as_many_queries_as_any_list_with_one_filter(client, catalogue):
    plain = page_queries(client, "/initiatieven/?thema=bonding")
    assert page_queries(client, f"/initiatieven/?publicatie={SLUG}") <= plain + 1


# --- The demo: Wij in de Wijk 3 leads to its initiatives ---------------------------------------


def test_the_demo_publication_leads_to_its_fourteen_initiatives(client):
    call_command("loaddata", "taxonomy", "regions", "demo", verbosity=0)
    url = "/publicaties/casusbundel-wij-in-de-wijk-3/"
    html = client.get(url).text
    assert "Bekijk alle 14 initiatieven uit deze publicatie" in html
    assert html.count('class="related-list__meta"') == 12  # the first by title; the list has all
    assert 'href="/initiatieven/bijlmer-buurtbuik/"' in html
    listed = client.get("/initiatieven/?publicatie=casusbundel-wij-in-de-wijk-3")
    assert listed.context["page_obj"].paginator.count == 14
    assert "Vrouwengroep De Zonnebloem" in [item.title for item in listed.context["results"]]
    cases = client.get("/casussen/?publicatie=casusbundel-wij-in-de-wijk-3")
    assert cases.context["page_obj"].paginator.count == 13
    points = client.get("/api/v1/initiatieven.geojson?publicatie=casusbundel-wij-in-de-wijk-3")
    assert points.json()["count"] == 14

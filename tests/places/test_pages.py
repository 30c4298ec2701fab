"""Place pages ("in my area"): every municipality, and per municipality or district what there
is, counted over published content only, each number linking to the list behind it."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext, ngettext, override

from tests.factories import (
    CaseFactory,
    DistrictFactory,
    InitiativeFactory,
    MunicipalityFactory,
    ProvinceFactory,
    ThemeFactory,
)
from tests.wijkplatform.test_findability import head, sitemap_urls
from themes.models import Theme

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
NOT_PUBLISHED = [{"draft": True}, {"review": True}, {"archived": True}]
PLACE_ROW = re.compile(r'<li><a href="([^"]+)">([^<]+)</a> <span class="count">\(([^)]+)\)</span>')


def count_text(n):
    with override("nl"):
        return ngettext("%(counter)s initiative", "%(counter)s initiatives", n) % {"counter": n}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def place_rows(html):
    """(href, name, count text) of each place in a list of places, in page order."""
    return PLACE_ROW.findall(html)


def with_unpublished(factory, **fields):
    """An item in every state but published: none of them may count."""
    for state in NOT_PUBLISHED:
        factory(**state, **fields)


@pytest.fixture
def utrecht():
    province = ProvinceFactory(name="Utrecht")
    return MunicipalityFactory(code="GM0344", name="Utrecht", province=province)


@pytest.fixture
def overvecht(utrecht):
    return DistrictFactory(code="WK034402", name="Overvecht", municipality=utrecht)


# The index of municipalities


def test_index_lists_every_municipality_by_province_with_its_published_initiatives(client):
    zeeland = ProvinceFactory(name="Zeeland")
    gelderland = ProvinceFactory(name="Gelderland")
    sluis = MunicipalityFactory(name="Sluis", province=zeeland)
    oost_gelre = MunicipalityFactory(name="Oost Gelre", province=gelderland)
    arnhem = MunicipalityFactory(name="Arnhem", province=gelderland)
    InitiativeFactory.create_batch(2, municipality=arnhem)
    with_unpublished(InitiativeFactory, municipality=arnhem)
    with_unpublished(InitiativeFactory, municipality=sluis)

    html = page(client, "/gemeenten/")

    headings = re.findall(r'<h2 id="pv\d+">([^<]+)</h2>', html)
    assert headings == ["Gelderland", "Zeeland"]
    jumps = re.findall(r'<a href="#([^"]+)">', html)
    assert jumps == [gelderland.code.lower(), zeeland.code.lower()]
    assert place_rows(html) == [
        (arnhem.get_absolute_url(), "Arnhem", count_text(2)),
        (oost_gelre.get_absolute_url(), "Oost Gelre", count_text(0)),
        (sluis.get_absolute_url(), "Sluis", count_text(0)),
    ]


def test_the_site_header_links_to_the_municipalities(client):
    assert '<a href="/gemeenten/">' in page(client, "/")
    assert '<a href="/gemeenten/" aria-current="page">' in page(client, "/gemeenten/")
    assert '<a href="/en/gemeenten/" aria-current="page">' in page(client, "/en/gemeenten/")


# A municipality


def test_municipality_page_counts_only_published_content(client, utrecht, overvecht):
    bonding = ThemeFactory(name="Bonding", category=Theme.Category.CONNECTION)
    loneliness = ThemeFactory(name="Eenzaamheid")
    kanaleneiland = DistrictFactory(name="Kanaleneiland", municipality=utrecht)
    InitiativeFactory(title="Buurtkamer Oost", municipality=utrecht, themes=[bonding, loneliness])
    InitiativeFactory(
        title="Vrouwengroep", municipality=utrecht, district=overvecht, themes=[bonding]
    )
    with_unpublished(
        InitiativeFactory, municipality=utrecht, district=kanaleneiland, themes=[loneliness]
    )
    InitiativeFactory(title="Elders", themes=[loneliness])  # another municipality
    CaseFactory(title="De vrouwengroep in Overvecht", municipality=utrecht)
    with_unpublished(CaseFactory, municipality=utrecht)

    html = page(client, "/gemeenten/utrecht/")

    assert "<h1>Utrecht</h1>" in html
    with override("nl"):
        assert gettext("Municipality in %(province)s") % {"province": "Utrecht"} in html
        lead = ngettext(
            "There is %(counter)s initiative in %(name)s on the platform.",
            "There are %(counter)s initiatives in %(name)s on the platform.",
            2,
        ) % {"counter": 2, "name": "Utrecht"}
    assert lead in html
    assert '<a class="button" href="/initiatieven/?gemeente=GM0344">' in html
    themes = re.findall(r'<a href="([^"]+)">([^<]+) <span class="count">\((\d+)\)</span>', html)
    assert themes == [
        ("/initiatieven/?gemeente=GM0344&thema=bonding", "Bonding", "2"),
        ("/initiatieven/?gemeente=GM0344&thema=eenzaamheid", "Eenzaamheid", "1"),
    ]
    assert place_rows(html) == [
        ("/gemeenten/utrecht/kanaleneiland/", "Kanaleneiland", count_text(0)),
        ("/gemeenten/utrecht/overvecht/", "Overvecht", count_text(1)),
    ]
    cards = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)
    assert cards == ["Vrouwengroep", "Buurtkamer Oost", "De vrouwengroep in Overvecht"]
    assert 'data-geojson="/api/v1/initiatieven.geojson?gemeente=GM0344"' in html
    assert '<meta name="robots"' not in html


def test_municipality_page_shows_the_newest_and_links_to_all_of_them(client, utrecht):
    InitiativeFactory.create_batch(8, municipality=utrecht)
    CaseFactory.create_batch(7, municipality=utrecht)

    html = page(client, "/gemeenten/utrecht/")

    assert html.count('<article class="card">') == 6 + 6
    with override("nl"):
        all_initiatives = ngettext(
            "View the initiative in %(name)s", "View all %(counter)s initiatives in %(name)s", 8
        ) % {"counter": 8, "name": "Utrecht"}
        all_cases = ngettext(
            "View the case study in %(name)s", "View all %(counter)s case studies in %(name)s", 7
        ) % {"counter": 7, "name": "Utrecht"}
    assert f'<p><a href="/initiatieven/?gemeente=GM0344">{all_initiatives}</a></p>' in html
    assert f'<p><a href="/casussen/?gemeente=GM0344">{all_cases}</a></p>' in html


# A district


def test_district_page_shows_the_district_and_leads_back_to_its_municipality(
    client, utrecht, overvecht
):
    theme = ThemeFactory(name="Taal")
    InitiativeFactory(title="Taalcafé", municipality=utrecht, district=overvecht, themes=[theme])
    InitiativeFactory(title="Elders in Utrecht", municipality=utrecht, themes=[theme])
    CaseFactory(title="Casus in Overvecht", municipality=utrecht, district=overvecht)
    CaseFactory(title="Casus elders in Utrecht", municipality=utrecht)

    html = page(client, "/gemeenten/utrecht/overvecht/")

    assert "<h1>Overvecht</h1>" in html
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group()
    assert re.findall(r'href="([^"]+)"', crumbs) == ["/", "/gemeenten/", "/gemeenten/utrecht/"]
    assert '<span aria-current="page">Overvecht</span>' in crumbs
    assert '<a href="/initiatieven/?wijk=WK034402&thema=taal">Taal' in html
    assert "Taalcafé" in html and "Casus in Overvecht" in html
    assert "Elders in Utrecht" not in html and "Casus elders in Utrecht" not in html
    assert '<a href="/casussen/?gemeente=GM0344">' in html
    assert 'data-geojson="/api/v1/initiatieven.geojson?wijk=WK034402"' in html


# Empty and unknown places


@pytest.mark.parametrize("url", ["/gemeenten/utrecht/", "/gemeenten/utrecht/overvecht/"])
def test_a_place_without_initiatives_is_a_useful_page_not_a_dead_end(
    client, utrecht, overvecht, url
):
    utrecht.latitude, utrecht.longitude = 52.09083, 5.12222
    utrecht.save()
    overvecht.latitude, overvecht.longitude = 52.117, 5.11
    overvecht.save()
    with_unpublished(InitiativeFactory, municipality=utrecht, district=overvecht)

    html = page(client, url)

    point = "52.09083%2C5.12222" if url.count("/") == 3 else "52.117%2C5.11"
    assert f'<a href="/initiatieven/?bij={point}&straal=25">' in html
    assert '<li><a href="/initiatieven/">' in html
    assert "data-map" not in html  # no empty map
    assert '<meta name="robots" content="noindex,follow">' in html
    if "overvecht" in url:
        assert '<li><a href="/gemeenten/utrecht/">' in html


@pytest.mark.parametrize(
    "url",
    [
        "/gemeenten/nergens/",
        "/gemeenten/utrecht/nergens/",
        "/gemeenten/amsterdam/overvecht/",  # a district, under another municipality
        "/gemeenten/GM0344/",
        "/en/gemeenten/nergens/",
    ],
)
def test_an_unknown_place_is_not_found(client, overvecht, url):
    MunicipalityFactory(name="Amsterdam")
    response = client.get(url)
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


# For search engines


def test_place_pages_have_their_own_title_description_and_addresses(client, overvecht):
    InitiativeFactory(municipality=overvecht.municipality, district=overvecht)
    pages = {
        "index": head(client, "/gemeenten/"),
        "municipality": head(client, "/gemeenten/utrecht/"),
        "district": head(client, "/gemeenten/utrecht/overvecht/"),
    }
    titles = {name: found.title for name, found in pages.items()}
    descriptions = {name: found.description for name, found in pages.items()}
    assert len(set(titles.values())) == len(set(descriptions.values())) == 3
    assert all(title.endswith(" · Wijkplatform") for title in titles.values())
    assert "Utrecht" in titles["municipality"] and "Utrecht" in descriptions["municipality"]
    assert "Overvecht" in titles["district"] and "Utrecht" in titles["district"]
    assert pages["district"].canonical == f"{SERVER}/gemeenten/utrecht/overvecht/"
    assert pages["district"].link("alternate", hreflang="en") == [
        f"{SERVER}/en/gemeenten/utrecht/overvecht/"
    ]
    english = head(client, "/en/gemeenten/utrecht/")
    assert english.canonical == f"{SERVER}/en/gemeenten/utrecht/"


def test_sitemap_lists_the_places_with_published_content_in_both_languages(
    client, utrecht, overvecht
):
    quiet = DistrictFactory(name="Stil", municipality=utrecht)
    only_a_case = MunicipalityFactory(name="Sluis")
    only_drafts = MunicipalityFactory(name="Assen")
    InitiativeFactory(municipality=utrecht, district=overvecht)
    CaseFactory(municipality=only_a_case)
    with_unpublished(InitiativeFactory, municipality=only_drafts)
    with_unpublished(InitiativeFactory, municipality=utrecht, district=quiet)

    municipalities = sitemap_urls(client, "/sitemap-gemeenten.xml", HTTP_ACCEPT_LANGUAGE="en")
    districts = sitemap_urls(client, "/sitemap-wijken.xml")

    assert set(municipalities) == {
        f"{SERVER}{prefix}/gemeenten/{slug}/"
        for slug in ("utrecht", "sluis")
        for prefix in ("", "/en")
    }
    assert set(districts) == {
        f"{SERVER}/gemeenten/utrecht/overvecht/",
        f"{SERVER}/en/gemeenten/utrecht/overvecht/",
    }
    assert f"{SERVER}/gemeenten/" in sitemap_urls(client, "/sitemap-paginas.xml")


# Queries


def place_urls(district):
    return ["/gemeenten/", district.municipality.get_absolute_url(), district.get_absolute_url()]


def query_counts(client, urls):
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts.append(len(queries))
    return counts


def grow(district, n):
    """More of everything a place page lists: places, themes, initiatives, cases."""
    municipality = district.municipality
    for _ in range(n):
        themes = ThemeFactory.create_batch(2)
        DistrictFactory(municipality=municipality)
        MunicipalityFactory()
        InitiativeFactory(municipality=municipality, district=district, themes=themes)
        CaseFactory(municipality=municipality, district=district, themes=themes)


def test_place_pages_run_as_many_queries_for_a_large_catalogue_as_for_a_small_one(
    client, overvecht
):
    grow(overvecht, 1)
    small = query_counts(client, place_urls(overvecht))
    grow(overvecht, 12)
    assert query_counts(client, place_urls(overvecht)) == small


# The place filters as comboboxes


@pytest.mark.parametrize("url", ["/initiatieven/", "/casussen/"])
def test_lists_with_place_filters_load_the_combobox_with_its_messages(client, url):
    html = page(client, url)
    script = re.search(r'<script src="/static/js/combobox\.js"[^>]*>', html).group()
    assert " defer " in script and 'data-selects="id_gemeente id_wijk"' in script
    messages = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', script))
    assert set(messages) == {
        "selects",
        "no-results",
        "query-too-short",
        "results-one",
        "results-other",
        "selected",
        "hint",
    }
    assert all(messages.values())
    assert "{count}" in messages["results-one"] and "{count}" in messages["results-other"]
    assert all(f"{{{key}}}" in messages["selected"] for key in ("option", "position", "count"))
    assert "accessible-autocomplete.min.js" in html


def test_publications_have_no_place_filter_and_no_combobox(client):
    assert "combobox" not in page(client, "/publicaties/")

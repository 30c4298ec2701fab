"""The national picture (/inzicht/) and a province's: figures counted by hand over a small
catalogue of two provinces, drafts never counted, ties named, the table sorted by any column
(and by nothing it does not know), the map's GeoJSON saying what the table says, and a fixed
number of queries whatever the size of the catalogue."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from catalogue.models import State
from initiatives.models import Initiative
from initiatives.overview import SYMBOL_MAX_RADIUS, initials
from tests.factories import InitiativeFactory, MunicipalityFactory, ProvinceFactory, ThemeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/gemeenten.geojson"
NOT_PUBLISHED = [{"draft": True}, {"review": True}, {"archived": True}]


def located(name, province, latitude=52.0, longitude=5.0, **fields):
    return MunicipalityFactory(
        name=name, province=province, latitude=latitude, longitude=longitude, **fields
    )


@pytest.fixture
def catalogue():
    """Two provinces, five municipalities, eleven published initiatives and some that are not.

    By hand, per municipality (count; bonding, bridging, linking; most made):
      Utrecht          4; 3, 2, 0; Bonding   (one through a sub-theme of bonding)
      Zeist            2; 1, 0, 1; Bonding and Linking equally often
      Baarn            0; only a draft: nothing to count, and no point on the map
      Leeuwarden       1; 0, 0, 0; no kind of connection named
      Schiermonnikoog  3; 0, 1, 3; Linking
    and one online initiative without a municipality (bonding).
    """
    bonding = ThemeFactory(name="Bonding", category=Theme.Category.CONNECTION, position=1)
    bridging = ThemeFactory(name="Bridging", category=Theme.Category.CONNECTION, position=2)
    linking = ThemeFactory(name="Linking", category=Theme.Category.CONNECTION, position=3)
    peers = ThemeFactory(name="Lotgenoten", category=Theme.Category.CONNECTION, parent=bonding)
    loneliness = ThemeFactory(name="Eenzaamheid", category=Theme.Category.ISSUE)
    utrecht_province = ProvinceFactory(name="Utrecht")
    friesland = ProvinceFactory(name="Fryslân")
    utrecht = located("Utrecht", utrecht_province, 52.09, 5.12)
    zeist = located("Zeist", utrecht_province, 52.09, 5.23)
    baarn = MunicipalityFactory(name="Baarn", province=utrecht_province)
    leeuwarden = located("Leeuwarden", friesland, 53.2, 5.8)
    schiermonnikoog = located("Schiermonnikoog", friesland, 53.48, 6.2)
    finished = Initiative.Status.FINISHED

    def initiative(municipality, *themes, **fields):
        return InitiativeFactory(municipality=municipality, themes=list(themes), **fields)

    initiative(utrecht, bonding, loneliness, vulnerable=True)
    initiative(utrecht, bonding, bridging)
    initiative(utrecht, peers, status=finished, vulnerable=True)
    initiative(utrecht, bridging)
    for state in NOT_PUBLISHED:
        initiative(utrecht, linking, **state)
        initiative(leeuwarden, bonding, **state)
    initiative(zeist, bonding)
    initiative(zeist, linking, vulnerable=True)
    baarn_draft = initiative(baarn, bonding, draft=True)
    initiative(leeuwarden, loneliness)
    initiative(schiermonnikoog, linking, status=finished)
    initiative(schiermonnikoog, linking, bridging, vulnerable=True)
    initiative(schiermonnikoog, linking)
    initiative(None, bonding, scope=Initiative.Scope.ONLINE)
    return {"baarn_draft": baarn_draft, "baarn": baarn, "utrecht": utrecht}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content.decode())


def text(element):
    return " ".join(element.text_content().split())


def table_rows(tree, heading_id):
    """Each body (and foot) row of the table in the section `heading_id` heads, as its cells'
    texts."""
    section = tree.xpath(f'//section[@aria-labelledby="{heading_id}"]')[0]
    return [[text(cell) for cell in row.xpath("th|td")] for row in section.xpath(".//tbody/tr")]


def municipality_rows(client, url="/inzicht/"):
    return table_rows(page(client, url), "municipalities-heading")


def names(rows):
    return [row[0] for row in rows]


# The figures


def test_every_municipality_is_counted_by_hand_drafts_never(client, catalogue):
    rows = municipality_rows(client)

    # Gemeente, provincie, initiatieven, bonding, bridging, linking, meest gemaakt
    assert rows == [
        ["Utrecht", "Utrecht", "4", "3", "2", "0", "Bo Bonding"],
        ["Schiermonnikoog", "Fryslân", "3", "0", "1", "3", "L Linking"],
        ["Zeist", "Utrecht", "2", "1", "0", "1", "= Even vaak: Bonding, Linking"],
        ["Leeuwarden", "Fryslân", "1", "0", "0", "0", "– Geen soort genoemd"],
        ["Baarn", "Utrecht", "0", "0", "0", "0", "– Geen initiatieven"],
    ]


def test_each_province_adds_up_its_municipalities_and_links_to_its_overview(client, catalogue):
    tree = page(client, "/inzicht/")
    rows = table_rows(tree, "provinces-heading")
    total = [
        text(cell)
        for cell in tree.xpath('//section[@aria-labelledby="provinces-heading"]//tfoot/tr/*')
    ]

    # Provincie, gemeenten met initiatieven, initiatieven, bonding, bridging, linking, actief,
    # ook voor kwetsbare bewoners, meest gemaakt
    assert rows == [
        ["Fryslân", "2 van de 2", "4", "0", "1", "3", "3", "25%", "L Linking"],
        ["Utrecht", "2 van de 3", "6", "4", "2", "1", "5", "50%", "Bo Bonding"],
    ]
    assert total == [
        "Alle provincies", "4 van de 5", "10", "4", "3", "4", "8", "40%",
        "= Even vaak: Bonding, Linking",
    ]  # fmt: skip
    links = tree.xpath('//section[@aria-labelledby="provinces-heading"]//tbody//a/@href')
    assert links == ["/inzicht/fryslan/", "/inzicht/utrecht/"]


def test_the_totals_count_the_whole_country_also_without_a_municipality(client, catalogue):
    tree = page(client, "/inzicht/")
    figures = {
        text(item.xpath("dt")[0]): text(item.xpath("dd")[0])
        for item in tree.xpath('//dl[@class="key-figures"]/div')
    }

    assert figures == {
        "Initiatieven": "11",
        "Gemeenten met initiatieven": "4 van de 5",
        "Actief": "9 (82%)",
        "Ook voor bewoners in een kwetsbare positie": "4 (36%)",
        "Bo Bonding": "5 (45%)",
        "Br Bridging": "3 (27%)",
        "L Linking": "4 (36%)",
    }
    note = text(tree.xpath('//p[@class="overview__note"][2]')[0])
    assert note.startswith("1 initiatief hoort bij geen enkele gemeente")


def test_a_change_to_the_catalogue_shows_at_once(client, catalogue):
    assert municipality_rows(client)[-1][:3] == ["Baarn", "Utrecht", "0"]
    draft = catalogue["baarn_draft"]
    draft.state = State.PUBLISHED
    draft.save()

    rows = {row[0]: row for row in municipality_rows(client)}
    assert rows["Baarn"] == ["Baarn", "Utrecht", "1", "1", "0", "0", "Bo Bonding"]


def test_a_province_shows_only_its_own_municipalities_and_totals(client, catalogue):
    tree = page(client, "/inzicht/fryslan/")

    assert text(tree.xpath("//h1")[0]) == "Inzicht: initiatieven in Fryslân"
    crumbs = [text(crumb) for crumb in tree.xpath('//nav[@class="breadcrumbs wrap"]//li')]
    assert crumbs == ["Home", "Inzicht", "Fryslân"]
    # No province column: all are in Fryslân.
    assert table_rows(tree, "municipalities-heading") == [
        ["Schiermonnikoog", "3", "0", "1", "3", "L Linking"],
        ["Leeuwarden", "1", "0", "0", "0", "– Geen soort genoemd"],
    ]
    figures = {
        text(item.xpath("dt")[0]): text(item.xpath("dd")[0])
        for item in tree.xpath('//dl[@class="key-figures"]/div')
    }
    assert figures["Initiatieven"] == "4"
    assert figures["Gemeenten met initiatieven"] == "2 van de 2"
    assert figures["L Linking"] == "3 (75%)"
    assert not tree.xpath('//section[@aria-labelledby="provinces-heading"]')
    assert tree.xpath("//*[@data-symbols]/@data-symbols") == [f"{GEOJSON}?provincie=fryslan"]


def test_an_unknown_province_is_our_not_found_page(client, catalogue):
    response = client.get("/inzicht/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_the_english_page_links_to_the_english_pages(client, catalogue):
    tree = page(client, "/en/inzicht/")
    assert text(tree.xpath("//h1")[0]) == "Insight: initiatives in the whole of the Netherlands"
    links = tree.xpath('//section[@aria-labelledby="municipalities-heading"]//tbody//a/@href')
    assert "/en/gemeenten/utrecht/" in links


def test_the_main_menu_leads_to_insight(client, catalogue):
    tree = page(client, "/inzicht/")
    current = tree.xpath('//nav[@class="site-nav"]//a[@aria-current="page"]')
    assert [(text(link), link.get("href")) for link in current] == [("Inzicht", "/inzicht/")]
    assert page(client, "/gemeenten/").xpath('//main//a[@href="/inzicht/"]')


# Sorting the table of municipalities


SORTED = {
    "naam": ["Baarn", "Leeuwarden", "Schiermonnikoog", "Utrecht", "Zeist"],
    "-naam": ["Zeist", "Utrecht", "Schiermonnikoog", "Leeuwarden", "Baarn"],
    # Within a province, by name, either way.
    "provincie": ["Leeuwarden", "Schiermonnikoog", "Baarn", "Utrecht", "Zeist"],
    "-provincie": ["Baarn", "Utrecht", "Zeist", "Leeuwarden", "Schiermonnikoog"],
    "-aantal": ["Utrecht", "Schiermonnikoog", "Zeist", "Leeuwarden", "Baarn"],
    "aantal": ["Baarn", "Leeuwarden", "Zeist", "Schiermonnikoog", "Utrecht"],
    # Equal numbers by name, either way.
    "-bonding": ["Utrecht", "Zeist", "Baarn", "Leeuwarden", "Schiermonnikoog"],
    "bonding": ["Baarn", "Leeuwarden", "Schiermonnikoog", "Zeist", "Utrecht"],
    "-bridging": ["Utrecht", "Schiermonnikoog", "Baarn", "Leeuwarden", "Zeist"],
    "bridging": ["Baarn", "Leeuwarden", "Zeist", "Schiermonnikoog", "Utrecht"],
    "-linking": ["Schiermonnikoog", "Zeist", "Baarn", "Leeuwarden", "Utrecht"],
    "linking": ["Baarn", "Leeuwarden", "Utrecht", "Zeist", "Schiermonnikoog"],
    # The kinds in their order, then ties, then none named, then nothing to count; the most
    # initiatives first within each.
    "meest": ["Utrecht", "Schiermonnikoog", "Zeist", "Leeuwarden", "Baarn"],
    "-meest": ["Baarn", "Leeuwarden", "Zeist", "Schiermonnikoog", "Utrecht"],
}
HEADINGS = {
    "naam": "Gemeente",
    "provincie": "Provincie",
    "aantal": "Initiatieven",
    "bonding": "Bonding",
    "bridging": "Bridging",
    "linking": "Linking",
    "meest": "Meest gemaakte verbinding",
}


@pytest.mark.parametrize("sort", SORTED)
def test_the_table_sorts_by_any_column_either_way(client, catalogue, sort):
    tree = page(client, f"/inzicht/?sorteer={sort}")

    assert names(table_rows(tree, "municipalities-heading")) == SORTED[sort]
    sorted_headers = tree.xpath('//section[@id="gemeenten"]//th[@aria-sort]')
    assert [text(header).rstrip("▲▼") for header in sorted_headers] == [
        HEADINGS[sort.removeprefix("-")]
    ]
    expected = "descending" if sort.startswith("-") else "ascending"
    assert sorted_headers[0].get("aria-sort") == expected
    # Its link turns the order round, and keeps the table in view.
    flipped = sort.removeprefix("-") if sort.startswith("-") else f"-{sort}"
    assert sorted_headers[0].xpath("a/@href") == [f"?sorteer={flipped}#gemeenten"]


def test_every_heading_links_to_its_order_numbers_most_first(client, catalogue):
    tree = page(client, "/inzicht/?sorteer=naam")
    links = {
        text(header).rstrip("▲▼"): header.xpath("a/@href")[0]
        for header in tree.xpath('//section[@id="gemeenten"]//thead//th')
    }
    assert links == {
        "Gemeente": "?sorteer=-naam#gemeenten",
        "Provincie": "?sorteer=provincie#gemeenten",
        "Initiatieven": "?sorteer=-aantal#gemeenten",
        "Bonding": "?sorteer=-bonding#gemeenten",
        "Bridging": "?sorteer=-bridging#gemeenten",
        "Linking": "?sorteer=-linking#gemeenten",
        "Meest gemaakte verbinding": "?sorteer=meest#gemeenten",
    }
    caption = text(tree.xpath('//section[@id="gemeenten"]//caption')[0])
    assert "Gesorteerd op gemeente, van A tot Z." in caption


@pytest.mark.parametrize(
    "sort", ["", "bestaat-niet", "--aantal", "-", "Aantal", "naam;", "x" * 5000, "provincie\u00e9"]
)
def test_an_unknown_order_gives_the_default_most_initiatives_first(client, catalogue, sort):
    tree = page(client, f"/inzicht/?sorteer={sort}")
    assert names(table_rows(tree, "municipalities-heading")) == SORTED["-aantal"]


def test_a_province_page_sorts_too_but_not_by_province(client, catalogue):
    tree = page(client, "/inzicht/utrecht/?sorteer=provincie")
    assert names(table_rows(tree, "municipalities-heading")) == ["Utrecht", "Zeist", "Baarn"]
    tree = page(client, "/inzicht/utrecht/?sorteer=naam")
    assert names(table_rows(tree, "municipalities-heading")) == ["Baarn", "Utrecht", "Zeist"]


# The map's GeoJSON


def test_the_geojson_says_what_the_table_says(client, catalogue):
    rows = municipality_rows(client)
    features = client.get(GEOJSON).json()["features"]

    on_the_map = {
        feature["properties"]["name"]: [
            feature["properties"]["name"],
            feature["properties"]["province"],
            str(feature["properties"]["count"]),
            *(str(n) for n in feature["properties"]["counts"].values()),
        ]
        for feature in features
    }
    # Every municipality with a point (Baarn has none), with the numbers of its row.
    assert on_the_map == {row[0]: row[:6] for row in rows if row[0] != "Baarn"}
    leads = {f["properties"]["name"]: f["properties"]["dominant"] for f in features}
    assert leads == {
        "Utrecht": "bonding",
        "Zeist": "gelijk",
        "Leeuwarden": "geen",
        "Schiermonnikoog": "linking",
    }
    zeist = next(f["properties"] for f in features if f["properties"]["name"] == "Zeist")
    assert zeist["leading"] == ["Bonding", "Linking"]
    assert zeist["letter"] == "="
    assert zeist["url"] == "/gemeenten/zeist/"
    assert [
        f["geometry"]["coordinates"] for f in features if f["properties"]["name"] == "Zeist"
    ] == [[5.23, 52.09]]


def test_the_circles_area_grows_with_the_number_of_initiatives(client, catalogue):
    features = client.get(GEOJSON).json()["features"]
    radius = {f["properties"]["name"]: f["properties"]["radius"] for f in features}

    assert radius["Utrecht"] == SYMBOL_MAX_RADIUS  # the most initiatives
    assert math.isclose((radius["Utrecht"] / radius["Zeist"]) ** 2, 4 / 2, rel_tol=0.01)
    assert math.isclose((radius["Schiermonnikoog"] / radius["Leeuwarden"]) ** 2, 3, rel_tol=0.01)
    legend = page(client, "/inzicht/").xpath('//ul[@class="symbol-sizes"]/li')
    assert [text(item) for item in legend] == ["4 initiatieven", "1 initiatief"]


def test_the_geojson_of_a_province_has_only_its_municipalities(client, catalogue):
    response = client.get(GEOJSON, {"provincie": "fryslan"})
    assert response["Content-Type"] == "application/geo+json"
    features = response.json()["features"]
    assert [f["properties"]["name"] for f in features] == ["Leeuwarden", "Schiermonnikoog"]
    # Sized within the province: its largest is the largest circle.
    assert features[1]["properties"]["radius"] == SYMBOL_MAX_RADIUS


def test_an_unknown_province_in_the_geojson_is_a_plain_400(client, catalogue):
    response = client.get(GEOJSON, {"provincie": "atlantis"})
    assert response.status_code == 400
    message = response.json()["errors"]["provincie"][0]
    assert message.startswith("Er is geen provincie atlantis. Gebruik een van deze: fryslan,")


def test_the_kinds_are_named_by_letters_no_two_alike():
    assert initials(["Bonding", "Bridging", "Linking"]) == ["Bo", "Br", "L"]


# Queries


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/inzicht/", "/inzicht/utrecht/", GEOJSON])
def test_the_number_of_queries_does_not_grow_with_the_catalogue(client, catalogue, url):
    from django.core.cache import cache

    cache.clear()
    small_cold, small_warm = queries_of(client, url), queries_of(client, url)
    province = catalogue["utrecht"].province
    for n in range(20):
        municipality = located(f"Gemeente {n}", province)
        InitiativeFactory.create_batch(
            3, municipality=municipality, themes=list(Theme.objects.all()[:2])
        )
    cache.clear()
    large_cold, large_warm = queries_of(client, url), queries_of(client, url)

    # Cold: the overview's counts and the wijkbeeld's; warm, the figures come from the cache:
    # only the catalogue version is asked (by each), and a province's page reads the province.
    assert small_cold == large_cold <= 12
    assert small_warm == large_warm <= (3 if "utrecht" in url else 2)


# Search engines


def test_sitemap_lists_the_overview_and_each_province_with_initiatives(client, catalogue):
    from tests.wijkplatform.test_findability import SERVER, sitemap_urls

    ProvinceFactory(name="Zeeland")  # nothing there
    provinces = sitemap_urls(client, "/sitemap-inzicht.xml", HTTP_ACCEPT_LANGUAGE="en")

    assert set(provinces) == {
        f"{SERVER}{prefix}/inzicht/{slug}/"
        for slug in ("utrecht", "fryslan")
        for prefix in ("", "/en")
    }
    assert f"{SERVER}/inzicht/" in sitemap_urls(client, "/sitemap-paginas.xml")


def test_a_province_without_initiatives_is_not_indexed(client, catalogue):
    ProvinceFactory(name="Zeeland")
    robots = page(client, "/inzicht/zeeland/").xpath('//meta[@name="robots"]/@content')
    assert robots == ["noindex,follow"]
    assert not page(client, "/inzicht/utrecht/").xpath('//meta[@name="robots"]')


def test_the_countrys_wijkbeeld_is_not_compared_with_itself(client, catalogue):
    """A walk read "(96 %; landelijk 96 %)" under a legend "Nederland | Heel Nederland"."""
    country = page(client, "/inzicht/")
    facts = [text(dd) for dd in country.xpath('//dl[@class="insight-facts"]//dd')]
    assert facts and not [fact for fact in facts if "landelijk" in fact]
    assert not country.xpath('//*[contains(@class, "chart__tick")]')
    assert "Heel Nederland" not in text(country.xpath('//div[@class="insight-charts"]')[0])
    # A province's still stands beside the country's.
    province = page(client, "/inzicht/fryslan/")
    facts = [text(dd) for dd in province.xpath('//dl[@class="insight-facts"]//dd')]
    assert [fact for fact in facts if "landelijk" in fact]
    assert province.xpath('//*[contains(@class, "chart__tick")]')

"""The wijkbeeld: a place's figures counted by hand, its white spots against the places it is
compared with, drafts that never count, the same figures on the page, in JSON and in CSV, and
a place page that runs the same number of queries however many initiatives there are.

The catalogue (made once for the module) and what it should give:

Aarstad (province Aland): five published initiatives, four of its districts.
    Noord  i1  bonding, eenzaamheid · ouderen · vulnerable · 2020 · vrijwilligers
           i2  bonding, bridging, armoede · jongeren · finished · 2021 · geld, ruimte
    Zuid   i3  linking, eenzaamheid · ouderen, mantelzorgers · vulnerable · 2021
    Oost   i4  bridging, gezondheid · ouderen · start year unknown
    West   i5  bonding, gezondheid · mantelzorgers · 2019
    Noord  a draft, an initiative in review and an archived one: linking, gezondheid,
           mantelzorgers, with every help wanted. None of them counts.
    Leeg   a district without initiatives: no wijkbeeld.
Thirteen other municipalities with 1 to 20 initiatives each (all "bridging"), and one
nationwide initiative without a municipality (linking · ouderen): 88 published in all.
"""

import csv
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.models import State
from initiatives import insight
from initiatives.models import Initiative
from places.models import Municipality, Province
from tests.factories import (
    DistrictFactory,
    InitiativeFactory,
    MunicipalityFactory,
    ProvinceFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from themes.models import Theme

pytestmark = pytest.mark.django_db

CONNECTION, ISSUE = Theme.Category.CONNECTION, Theme.Category.ISSUE
THIS_YEAR = timezone.localdate().year

# Name, number of published initiatives, (latitude, longitude), what some of them are for.
# Aarstad lies at (52.0, 5.0); its ten most similar in size are the first ten: 5, 6, 4, 7,
# 8, 3, 10, 12 initiatives, then two of the three with 2, the nearest two (Ldorp is far).
OTHERS = [
    ("Bstad", 5, (52.1, 5.1), {"nieuwkomers"}),
    ("Cstad", 6, (52.2, 5.2), {"nieuwkomers"}),
    ("Dstad", 4, (52.3, 5.3), {"nieuwkomers"}),
    ("Estad", 7, (52.4, 5.4), {"nieuwkomers"}),
    ("Fstad", 8, (51.5, 4.5), {"nieuwkomers"}),
    ("Gstad", 3, (51.6, 4.6), {"wonen"}),
    ("Hstad", 10, (51.7, 4.7), {"wonen"}),
    ("Istad", 12, (51.8, 4.8), {"wonen"}),
    ("Jdorp", 2, (52.0, 5.1), {"nieuwkomers"}),
    ("Kdorp", 2, (52.0, 5.2), {"wonen"}),
    ("Ldorp", 2, (53.4, 6.9), {"wonen"}),
    ("Mgehucht", 1, (52.0, 5.05), {"wonen"}),
    ("Nmetropool", 20, (52.05, 5.0), {"wonen"}),
]
SIMILAR = ["Bstad", "Cstad", "Dstad", "Estad", "Fstad", "Gstad", "Hstad", "Istad", "Jdorp", "Kdorp"]


@pytest.fixture(scope="module")
def land(module_db):
    """The catalogue of the module docstring, made once: these tests read it (a test that
    writes runs in a savepoint of its own, rolled back after it)."""
    themes = {
        slug: ThemeFactory(slug=slug, name=slug.capitalize(), category=category, position=n)
        for n, (slug, category) in enumerate(
            [
                ("bonding", CONNECTION),
                ("bridging", CONNECTION),
                ("linking", CONNECTION),
                ("eenzaamheid", ISSUE),
                ("armoede", ISSUE),
                ("gezondheid", ISSUE),
                ("wonen", ISSUE),
                ("sociale-cohesie", Theme.Category.PILLAR),
            ]
        )
    }
    themes["bonding"].explanation = "Mensen die iets gemeen hebben, zoeken elkaar op."
    themes["bonding"].save()
    groups = {
        slug: TargetGroupFactory(slug=slug, name=slug.capitalize(), position=n)
        for n, slug in enumerate(["ouderen", "jongeren", "mantelzorgers", "nieuwkomers"])
    }
    aland = ProvinceFactory(name="Aland")
    bland = ProvinceFactory(name="Bland")
    aarstad = MunicipalityFactory(name="Aarstad", province=aland, latitude=52.0, longitude=5.0)
    districts = {
        name: DistrictFactory(name=name, municipality=aarstad)
        for name in ["Noord", "Zuid", "Oost", "West", "Leeg"]
    }

    def initiative(district, theme_slugs, group_slugs, **fields):
        return InitiativeFactory(
            municipality=aarstad,
            district=districts[district],
            themes=[themes[slug] for slug in theme_slugs],
            target_groups=[groups[slug] for slug in group_slugs],
            **fields,
        )

    initiative("Noord", ["bonding", "eenzaamheid"], ["ouderen"], vulnerable=True,
               start_year=2020, help_wanted=["vrijwilligers"])  # fmt: skip
    initiative("Noord", ["bonding", "bridging", "armoede"], ["jongeren"], status="afgerond",
               start_year=2021, help_wanted=["geld", "ruimte"])  # fmt: skip
    initiative("Zuid", ["linking", "eenzaamheid"], ["ouderen", "mantelzorgers"], vulnerable=True,
               start_year=2021)  # fmt: skip
    initiative("Oost", ["bridging", "gezondheid"], ["ouderen"], start_year=None)
    initiative("West", ["bonding", "gezondheid"], ["mantelzorgers"], start_year=2019)
    for state in ({"draft": True}, {"review": True}, {"archived": True}):
        initiative("Noord", ["linking", "gezondheid"], ["mantelzorgers"], vulnerable=True,
                   start_year=2022, help_wanted=list(Initiative.Help.values), **state)  # fmt: skip

    for name, count, (latitude, longitude), special in OTHERS:
        place = MunicipalityFactory(
            name=name,
            province=aland if name in ("Bstad", "Cstad") else bland,
            latitude=latitude,
            longitude=longitude,
        )
        # The first of its initiatives is for the group or about the theme named.
        InitiativeFactory(
            municipality=place,
            themes=[themes["bridging"], *(themes[s] for s in special if s in themes)],
            target_groups=[groups[s] for s in special if s in groups],
            start_year=2015,
        )
        InitiativeFactory.create_batch(
            count - 1, municipality=place, themes=[themes["bridging"]], start_year=2015
        )
    InitiativeFactory(
        municipality=None,
        scope="landelijk",
        themes=[themes["linking"]],
        target_groups=[groups["ouderen"]],
        start_year=2000,
    )
    return {"aarstad": aarstad, "districts": districts, "themes": themes, "groups": groups}


def by_key(figures):
    return {f.key: (f.count, f.percent, f.national_count, f.national_percent) for f in figures}


# The figures


def test_a_municipality_counts_its_published_initiatives_beside_the_country(land):
    figures = insight.insight_for(land["aarstad"])

    assert (figures.total, figures.national_total) == (5, 88)
    assert by_key(figures.connection) == {
        # key: (here, % of the 5 here, nationwide, % of the 88 nationwide)
        "bonding": (3, 60, 3, 3),
        "bridging": (2, 40, 84, 95),
        "linking": (1, 20, 2, 2),
    }
    assert [f.key for f in figures.connection] == ["bonding", "bridging", "linking"]
    # Most first; on a tie the taxonomy's order. The pillar is no vraagstuk.
    assert [f.key for f in figures.issues] == ["eenzaamheid", "gezondheid", "armoede", "wonen"]
    assert by_key(figures.issues)["gezondheid"] == (2, 40, 2, 2)
    assert by_key(figures.issues)["wonen"] == (0, 0, 7, 8)
    assert by_key(figures.target_groups) == {
        "ouderen": (3, 60, 4, 5),
        "mantelzorgers": (2, 40, 2, 2),
        "jongeren": (1, 20, 1, 1),
        "nieuwkomers": (0, 0, 6, 7),
    }
    assert by_key(figures.help_wanted) == {
        "vrijwilligers": (1, 20, 1, 1),
        "ruimte": (1, 20, 1, 1),
        "geld": (1, 20, 1, 1),
        "expertise": (0, 0, 0, 0),
    }
    assert by_key(figures.status) == {"actief": (4, 80, 87, 99), "afgerond": (1, 20, 1, 1)}
    assert (figures.vulnerable.count, figures.vulnerable.percent) == (2, 40)
    assert figures.vulnerable.national_count == 2
    started = dict(figures.years)
    assert len(figures.years) == insight.YEARS_SHOWN and figures.years[-1][0] == THIS_YEAR
    assert (started[2019], started[2020], started[2021], started.get(2015)) == (1, 1, 2, 0)
    assert (figures.started_earlier, figures.start_unknown) == (0, 1)
    assert sum(started.values()) + figures.started_earlier + figures.start_unknown == 5


def test_each_figure_links_to_the_initiatives_it_counts(land, client):
    figures = insight.insight_for(land["aarstad"])
    code = land["aarstad"].code

    for figure in [*figures.connection, *figures.target_groups, *figures.help_wanted]:
        path, query = figure.url.split("?")
        assert path == "/initiatieven/" and f"gemeente={code}" in query
        assert client.get(f"/api/v1/initiatieven/?{query}").json()["count"] == figure.count


def test_a_district_counts_only_its_own_initiatives(land):
    figures = insight.insight_for(land["districts"]["Noord"])

    assert figures.total == 2
    assert by_key(figures.connection)["bonding"][:2] == (2, 100)
    assert by_key(figures.connection)["linking"][:2] == (0, 0)  # the unpublished ones have it
    assert by_key(figures.target_groups)["mantelzorgers"][:2] == (0, 0)
    assert by_key(figures.help_wanted)["expertise"][:2] == (0, 0)
    assert figures.vulnerable.count == 1
    assert by_key(figures.status)["afgerond"][:2] == (1, 50)


def test_a_province_and_the_country_add_up_their_municipalities(land):
    aland = Province.objects.get(name="Aland")

    province = insight.insight_for(aland)
    country = insight.insight_for(None)

    assert province.total == 5 + 5 + 6  # Aarstad, Bstad, Cstad
    assert by_key(province.target_groups)["nieuwkomers"][:2] == (2, 13)
    assert province.comparison.rule == "other_provinces"
    assert [p.name for p in province.comparison.places] == ["Bland"]
    assert country.total == country.national_total == 88
    assert country.comparison is None and country.white_spots == []


# White spots


def test_a_district_is_compared_with_the_other_districts_of_its_municipality(land):
    figures = insight.insight_for(land["districts"]["Noord"])

    # Leeg has no initiative, so it is not compared.
    assert figures.comparison.rule == "same_municipality"
    assert sorted(p.name for p in figures.comparison.places) == ["Oost", "West", "Zuid"]
    spots = {(s.kind, s.key): [p.name for p in s.having] for s in figures.white_spots}
    # Mantelzorgers in 2 of 3 (Zuid, West), gezondheid in 2 of 3 (Oost, West): white spots,
    # though Noord's draft, review and archived initiatives have both.
    assert spots == {
        ("target_group", "mantelzorgers"): ["West", "Zuid"],
        ("issue", "gezondheid"): ["Oost", "West"],
    }
    mantelzorgers = figures.white_spots[0]
    assert mantelzorgers.comparable == 3
    code = land["aarstad"].code
    assert mantelzorgers.nearby_url == f"/initiatieven/?gemeente={code}&doelgroep=mantelzorgers"
    assert mantelzorgers.propose_url == (
        f"/initiatieven/aanmelden/?gemeente={code}&doelgroep=mantelzorgers"
    )
    west = land["districts"]["West"].code
    assert mantelzorgers.having[0].url == f"/initiatieven/?wijk={west}&doelgroep=mantelzorgers"


def test_a_group_one_comparable_place_has_is_no_white_spot(land):
    """Jongeren: only Noord has them, so for Zuid (1 of 3) they are no white spot; and one
    place alone never makes one (MIN_HAVING), however few are compared."""
    figures = insight.insight_for(land["districts"]["Zuid"])

    assert "jongeren" not in [s.key for s in figures.white_spots]
    assert [s.key for s in figures.white_spots] == ["gezondheid"]  # Oost and West


def test_a_municipality_is_compared_with_the_ten_closest_in_number_of_initiatives(land):
    figures = insight.insight_for(land["aarstad"])

    assert figures.comparison.rule == "similar_size"
    assert sorted(p.name for p in figures.comparison.places) == SIMILAR
    assert (figures.comparison.fewest, figures.comparison.most) == (2, 12)
    # Nieuwkomers in 6 of the 10: a white spot. Wonen in 4 of the 10 (and in three places not
    # compared): none.
    assert [(s.kind, s.key) for s in figures.white_spots] == [("target_group", "nieuwkomers")]
    spot = figures.white_spots[0]
    assert [p.name for p in spot.having] == ["Bstad", "Cstad", "Dstad", "Estad", "Fstad", "Jdorp"]
    assert (len(spot.examples), spot.more, spot.comparable) == (5, 1, 10)
    assert spot.nearby_url == "/initiatieven/?doelgroep=nieuwkomers&bij=52.0%2C5.0&straal=25"
    with_a_draft = insight.insight_for(Municipality.objects.get(name="Bstad"))
    assert "Aarstad" in [p.name for p in with_a_draft.comparison.places]


def test_publishing_an_initiative_fills_the_white_spot_at_once(land):
    """The figures are cached under the catalogue version, which publishing steps."""
    noord = land["districts"]["Noord"]
    assert "mantelzorgers" in [s.key for s in insight.insight_for(noord).white_spots]

    draft = Initiative.objects.get(district=noord, state=State.DRAFT)
    draft.state = State.PUBLISHED
    draft.save()

    figures = insight.insight_for(noord)
    assert figures.total == 3
    assert [s.key for s in figures.white_spots] == []
    assert by_key(figures.target_groups)["mantelzorgers"][:2] == (1, 33)


# The page


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def tables(html):
    """{caption: [[cell, …] per row]} of every chart's table."""
    found = {}
    for caption, body in re.findall(
        r"<caption>(.*?)</caption>.*?<tbody>(.*?)</tbody>", html, flags=re.S
    ):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
            cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in
                     re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]  # fmt: skip
            rows.append(cells)
        found[unescape(caption)] = rows
    return found


def test_the_place_page_shows_the_wijkbeeld_with_its_white_spots(land, client):
    noord = land["districts"]["Noord"]
    html = unescape(page(client, noord.get_absolute_url()))

    assert '<h2 id="wijkbeeld-heading">Wijkbeeld van Noord</h2>' in html
    assert '<a href="#wijkbeeld">Het wijkbeeld van Noord: cijfers en witte vlekken</a>' in html
    finished = '<dt>Afgerond</dt><dd>1 <span class="insight-facts__share">(50\u00a0%; landelijk'
    assert f"{finished} 1\u00a0%)</span></dd>" in html
    assert "<h4>Geen initiatieven voor mantelzorgers in Noord</h4>" in html
    assert "<h4>Geen initiatieven over gezondheid in Noord</h4>" in html
    assert "We vergelijken Noord met de 3 andere wijken in Aarstad die initiatieven hebben." in html
    assert "In 2 van de 3 vergelijkbare plaatsen is er wel een:" in html
    assert "Ken je er een in Noord? Meld het aan" in html
    # What bonding means, in plain words, under the chart of connections.
    assert "<dt>Bonding</dt><dd>Mensen die iets gemeen hebben, zoeken elkaar op.</dd>" in html


def test_every_chart_is_an_image_with_a_name_and_a_table(land, client):
    html = page(client, land["aarstad"].get_absolute_url())

    charts = re.findall(r'<svg class="chart__svg"[^>]*>.*?</svg>.*?</details>', html, flags=re.S)
    assert len(charts) == 5  # connection, issues, target groups, help wanted, started per year
    for chart in charts:
        named = r'role="img" aria-labelledby="([\w-]+)" aria-describedby="([\w-]+)"'
        labelled = re.search(named, chart)
        assert labelled, chart[:200]
        assert f'<title id="{labelled[1]}">' in chart and f'<desc id="{labelled[2]}">' in chart
        assert "<summary>Toon als tabel</summary>" in chart and "<table>" in chart
    # The description says every bar in words, the national share with it.
    assert (
        "Bonding 60\u00a0% (landelijk 3\u00a0%); Bridging 40\u00a0% (landelijk 95\u00a0%)" in html
    )


def test_the_page_the_json_and_the_csv_give_the_same_figures(land, client):
    aarstad = land["aarstad"]
    html = page(client, aarstad.get_absolute_url())
    api = f"/api/v1/gemeenten/{aarstad.code}/inzicht/"
    data = client.get(api).json()
    text = client.get(api, {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))

    on_page = tables(html)
    caption = (
        "{}: het deel van de initiatieven in Aarstad (het aantal tussen haakjes) en in heel"
        " Nederland"
    )
    sections = {
        "connection": "Hoe mensen samenkomen",
        "issues": "Waar het over gaat",
        "target_groups": "Voor wie",
        "help_wanted": "Hulp gezocht",
    }
    for key, title in sections.items():
        expected = [
            [
                f["name"],
                f"{insight.percent(f['share'])}\u00a0% ({f['count']})",
                f"{insight.percent(f['national_share'])}\u00a0%",
            ]
            for f in data[key]
        ]
        assert on_page[caption.format(title)] == expected, key
    started = on_page["Initiatieven in Aarstad per jaar waarin ze begonnen"]
    assert [[str(y["year"]), str(y["count"])] for y in data["started_per_year"]] == started[:-1]
    assert started[-1] == ["Onbekend", str(data["start_year_unknown"])] == ["Onbekend", "1"]

    assert rows[0] == insight_columns()
    csv_figures = {(r[0], r[1]): r[2:] for r in rows[1:]}
    assert csv_figures[("initiatives", aarstad.code)] == ["Aarstad", "5", "", "88", ""]
    for section, key in [("connection", "connection"), ("issue", "issues"),
                         ("target_group", "target_groups"), ("help_wanted", "help_wanted"),
                         ("status", "status")]:  # fmt: skip
        for f in data[key]:
            assert csv_figures[(section, f["code"])] == [
                f["name"], str(f["count"]), str(f["share"]), str(f["national_count"]),
                str(f["national_share"]),
            ]  # fmt: skip
    spot = data["white_spots"][0]
    assert (spot["kind"], spot["code"], spot["comparable_places"]) == (
        "target_group",
        "nieuwkomers",
        10,
    )
    spot_row = csv_figures[("white_spot_target_group", "nieuwkomers")]
    assert spot_row == ["Nieuwkomers", "6", "0.6", "", ""]
    assert sorted(r[2] for r in rows if r[0] == "comparable_place") == SIMILAR
    assert data["comparable_places"]["description"] in unescape(html)


def insight_columns():
    from initiatives.insight_api import CSV_COLUMNS

    return CSV_COLUMNS


def test_the_district_api_gives_the_districts_figures(land, client):
    noord = land["districts"]["Noord"]
    response = client.get(
        f"/api/v1/gemeenten/{land['aarstad'].code.lower()}/wijken/{noord.code}/inzicht/"
    )

    assert response.status_code == 200
    data = response.json()
    assert data["place"]["code"] == noord.code
    assert data["municipality"]["name"] == "Aarstad"
    assert data["initiatives"] == 2
    assert [s["code"] for s in data["white_spots"]] == ["mantelzorgers", "gezondheid"]


def test_the_csv_is_a_file_for_a_spreadsheet(land, client):
    response = client.get(f"/api/v1/gemeenten/{land['aarstad'].code}/inzicht/?format=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        rf'attachment; filename="wijkbeeld-{land["aarstad"].code}-\d{{4}}-\d\d-\d\d\.csv"',
        response["Content-Disposition"],
    )
    assert response.content.startswith('\ufeff"section";"code"'.encode())


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/gemeenten/GM9999/inzicht/", 404, "code"),
        ("/api/v1/gemeenten/onzin/inzicht/", 404, "code"),
        ("/api/v1/gemeenten/{code}/wijken/WK999999/inzicht/", 404, "code"),
        ("/api/v1/gemeenten/{other}/wijken/{noord}/inzicht/", 404, "code"),  # not its district
        ("/api/v1/gemeenten/{code}/inzicht/?format=xml", 400, "format"),
    ],
)
def test_a_wrong_address_gets_an_error_in_the_apis_shape(land, client, url, status, field):
    other = Municipality.objects.get(name="Bstad").code
    noord = land["districts"]["Noord"].code
    response = client.get(url.format(code=land["aarstad"].code, other=other, noord=noord))

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == [field]


def test_a_place_without_initiatives_shows_no_wijkbeeld(land, client):
    html = page(client, land["districts"]["Leeg"].get_absolute_url())

    assert 'id="wijkbeeld"' not in html
    assert 'href="#wijkbeeld"' not in html


def test_the_english_page_says_which_words_are_dutch(land, client):
    html = page(client, "/en" + land["districts"]["Noord"].get_absolute_url())

    assert '<h2 id="wijkbeeld-heading">Picture of Noord</h2>' in html
    assert '<h4>No initiatives for <span lang="nl">mantelzorgers</span> in Noord</h4>' in html


# Speed


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_place_page_runs_as_many_queries_whatever_the_number_of_initiatives(land, client):
    from django.core.cache import cache

    aarstad, noord = land["aarstad"], land["districts"]["Noord"]
    urls = [aarstad.get_absolute_url(), noord.get_absolute_url()]
    cold = [queries_of(client, url) for url in urls]
    warm = [queries_of(client, url) for url in urls]
    InitiativeFactory.create_batch(
        30,
        municipality=aarstad,
        district=noord,
        themes=list(Theme.objects.all()),
        target_groups=list(land["groups"].values()),
        help_wanted=["geld", "expertise"],
    )
    cache.clear()

    assert [queries_of(client, url) for url in urls] == cold
    assert [queries_of(client, url) for url in urls] == warm
    # Once the catalogue version's counts are made, the wijkbeeld costs no query of its own:
    # the page reads the version once (the page cache reads it too) and the rest is cached.
    assert all(w < c for w, c in zip(warm, cold, strict=True))


def test_the_counts_of_all_municipalities_take_two_statements(land):
    with CaptureQueriesContext(connection) as captured:
        insight.national_counts()
    sql = [query["sql"] for query in captured]
    counting = [q for q in sql if "count(*) FILTER" in q or "GROUP BY 1, 2" in q]
    assert len(counting) == 2
    assert len(captured) == 6  # the version, themes, groups, the places; two statements

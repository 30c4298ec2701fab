"""Searching around a place: `bij`, `straal` and `sort=afstand` on every interface."""

import csv
import io
import random
from datetime import timedelta
from math import asin, cos, radians, sin, sqrt

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative
from places.models import Postcode
from tests.factories import InitiativeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

UTRECHT_DOM = (52.0907, 5.1214)


def haversine_km(lat1, lon1, lat2, lon2):
    """The reference: the haversine formula on a sphere with the mean earth radius."""
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * 6371.0088 * asin(sqrt(a))


def api(client, **params):
    response = client.get(reverse("api:initiatives"), params)
    return response.status_code, response.json()


def all_results(client, **params):
    """Every result of an API search, page after page."""
    results, page = [], 1
    while True:
        data = api(client, page=page, **params)[1]
        results += data["results"]
        if not data["next"]:
            return data["count"], results
        page += 1


@pytest.fixture
def scattered():
    """60 initiatives at random points up to about 30 km around the Dom in Utrecht."""
    rng = random.Random(4)
    municipality = MunicipalityFactory()
    return [
        InitiativeFactory(
            title=f"Point {n}",
            municipality=municipality,
            latitude=UTRECHT_DOM[0] + rng.uniform(-0.27, 0.27),
            longitude=UTRECHT_DOM[1] + rng.uniform(-0.44, 0.44),
        )
        for n in range(60)
    ]


def test_radius_and_order_match_the_haversine_distance(client, scattered):
    expected = sorted(
        (haversine_km(*UTRECHT_DOM, i.latitude, i.longitude), i.slug) for i in scattered
    )
    inside = [(distance, slug) for distance, slug in expected if distance <= 20]
    assert 5 < len(inside) < len(scattered)  # the radius really leaves points out

    count, results = all_results(client, bij="52.0907,5.1214", straal="20", sort="afstand")

    assert count == len(results) == len(inside)
    assert [r["slug"] for r in results] == [slug for _distance, slug in inside]
    for result, (distance, _slug) in zip(results, inside, strict=True):
        assert result["distance_km"] == pytest.approx(distance, rel=0.005, abs=0.01)


def test_every_page_of_distance_results_keeps_the_order(client, scattered):
    first = api(client, bij="52.0907,5.1214", straal="30")[1]
    second = api(client, bij="52.0907,5.1214", straal="30", page=2)[1]
    distances = [r["distance_km"] for r in first["results"] + second["results"]]
    assert distances == sorted(distances)
    assert len(distances) == 40


def test_a_place_sorts_by_distance_unless_another_order_is_chosen(client, scattered):
    by_default = api(client, bij="52.0907,5.1214", straal="30")[1]["results"]
    by_title = api(client, bij="52.0907,5.1214", straal="30", sort="titel")[1]["results"]
    assert [r["distance_km"] for r in by_default] == sorted(r["distance_km"] for r in by_default)
    assert [r["title"] for r in by_title] == sorted(r["title"] for r in by_title)


def test_without_a_place_there_is_no_distance(client, scattered):
    result = api(client)[1]["results"][0]
    assert "distance_km" not in result


def test_initiatives_without_a_fixed_place_are_shown_apart(client):
    near = InitiativeFactory(title="Buurtkamer", latitude=52.09, longitude=5.12)
    online = InitiativeFactory(
        title="Online lotgenoten", scope=Initiative.Scope.ONLINE, municipality=None
    )
    national = InitiativeFactory(
        title="Landelijk netwerk",
        scope=Initiative.Scope.NATIONAL,
        latitude=52.09,  # a head office: still not a place to go to
        longitude=5.12,
    )

    status, data = api(client, bij="52.0907,5.1214")
    assert [r["slug"] for r in data["results"]] == [near.slug]

    page = client.get(reverse("initiatives:list"), {"bij": "52.0907,5.1214"})
    elsewhere = page.context["elsewhere"]
    assert {i.slug for i in elsewhere} == {online.slug, national.slug}
    assert page.context["elsewhere_count"] == 2
    html = page.content.decode()
    assert html.index(near.title) < html.index('id="elsewhere-heading"') < html.index(online.title)


def test_elsewhere_shows_the_five_newest_and_says_how_many_there_are(client):
    MunicipalityFactory(name="Utrecht", latitude=52.09, longitude=5.12)
    for day in range(7):
        InitiativeFactory(
            title=f"Online {day}",
            scope="online",
            published_at=timezone.now() - timedelta(days=day),
        )
    page = client.get("/initiatieven/", {"bij": "Utrecht"})
    assert [i.title for i in page.context["elsewhere"]] == [f"Online {d}" for d in range(5)]
    html = page.content.decode()
    assert "7 initiatieven zonder vaste plek passen ook bij je zoekopdracht." in html
    assert "Dit zijn de 5 nieuwste." in html


def test_elsewhere_respects_the_other_filters(client):
    InitiativeFactory(title="Online koken", scope=Initiative.Scope.ONLINE, status="afgerond")
    InitiativeFactory(title="Online praten", scope=Initiative.Scope.ONLINE)
    page = client.get(reverse("initiatives:list"), {"bij": "52.09,5.12", "status": "actief"})
    assert [i.title for i in page.context["elsewhere"]] == ["Online praten"]


def test_a_result_shows_how_far_away_it_is(client):
    InitiativeFactory(title="Buurtkamer", latitude=52.1, longitude=5.1214)  # ~1.0 km north
    html = client.get(reverse("initiatives:list"), {"bij": "52.0907,5.1214"}).content.decode()
    assert "op 1 km" in html


def test_pc6_falls_back_to_its_pc4(client):
    Postcode.objects.create(postcode="3511", latitude=52.0907, longitude=5.1214)
    InitiativeFactory(title="Dichtbij", latitude=52.0907, longitude=5.1214)
    InitiativeFactory(title="Vijftien km", latitude=52.0907 + 0.135, longitude=5.1214)

    for bij in ("3511", "3511 AB", "3511ab"):
        status, data = api(client, bij=bij, straal="10")
        assert status == 200, bij
        assert [r["title"] for r in data["results"]] == ["Dichtbij"], bij
        assert data["results"][0]["distance_km"] == pytest.approx(0, abs=0.01)

    # Once the six-character postcode is known, it is used instead of its area's centre.
    Postcode.objects.create(postcode="3511AB", latitude=52.0907 + 0.09, longitude=5.1214)
    data = api(client, bij="3511 AB", straal="12")[1]
    assert [r["title"] for r in data["results"]] == ["Vijftien km", "Dichtbij"]


def test_a_municipality_name_is_a_place(client):
    MunicipalityFactory(name="’s-Hertogenbosch", latitude=51.69, longitude=5.30)
    InitiativeFactory(title="Bosch", latitude=51.69, longitude=5.30)
    data = api(client, bij="'s-hertogenbosch")[1]
    assert data == api(client, bij="’s-Hertogenbosch")[1]
    data = api(client, bij="’S-HERTOGENBOSCH")[1]
    assert [r["title"] for r in data["results"]] == ["Bosch"]


def test_a_municipality_is_found_by_the_name_people_use(client):
    """Residents type "Den Haag", not the official "'s-Gravenhage"."""
    MunicipalityFactory(code="GM0518", name="'s-Gravenhage", latitude=52.08, longitude=4.30)
    InitiativeFactory(title="Haags buurthuis", latitude=52.08, longitude=4.30)
    for typed in ("Den Haag", "den  haag", "DEN HAAG"):
        _status, data = api(client, bij=typed)
        assert [r["title"] for r in data["results"]] == ["Haags buurthuis"], typed


def test_the_municipality_filter_offers_the_name_people_use(client):
    place = MunicipalityFactory(code="GM0518", name="'s-Gravenhage")
    InitiativeFactory(title="Haags buurthuis", municipality=place)
    html = client.get("/initiatieven/").content.decode()
    assert '<option value="GM0518" data-also="Den Haag">' in html


BAD_PLACES = [
    ({"bij": "9999"}, "bij", "Postcode 9999 kennen we niet"),
    ({"bij": "garbage"}, "bij", "We kunnen “garbage” niet vinden"),
    ({"bij": "0123"}, "bij", "We kunnen “0123” niet vinden"),
    ({"bij": "48.85,2.35"}, "bij", "ligt buiten Nederland"),
    ({"bij": "91,5"}, "bij", "geen coördinaten op aarde"),
    ({"bij": "52.1,181"}, "bij", "geen coördinaten op aarde"),
    ({"bij": "x" * 5000}, "bij", "te lang"),
    ({"bij": "3511", "straal": "-2"}, "straal", "minstens 0,1 km"),
    ({"bij": "3511", "straal": "0"}, "straal", "minstens 0,1 km"),
    ({"bij": "3511", "straal": "100000"}, "straal", "hoogstens 100 km"),
    ({"bij": "3511", "straal": "vijf"}, "straal", "een aantal kilometers"),
    ({"bij": "3511", "straal": "1e400"}, "straal", "een aantal kilometers"),
    ({"bij": "3511", "straal": "NaN"}, "straal", "een aantal kilometers"),
    ({"straal": "5"}, "straal", "vul ook je postcode in"),
    ({"sort": "afstand"}, "sort", "om op afstand te sorteren"),
]


@pytest.fixture
def utrecht_postcode():
    Postcode.objects.create(postcode="3511", latitude=52.0907, longitude=5.1214)


@pytest.mark.parametrize(("params", "field", "message"), BAD_PLACES)
def test_a_bad_place_or_distance_is_a_400_in_the_api(
    client, utrecht_postcode, params, field, message
):
    status, data = api(client, **params)
    assert status == 400
    assert message in " ".join(data["errors"][field])


@pytest.mark.parametrize(("params", "field", "message"), BAD_PLACES)
def test_a_bad_place_or_distance_is_explained_on_the_page_and_kept(
    client, utrecht_postcode, params, field, message
):
    InitiativeFactory(title="Overal te vinden", latitude=52.0907, longitude=5.1214)
    response = client.get(reverse("initiatives:list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert "Overal te vinden" in html  # the results without the bad parameter
    if "bij" in params and len(params["bij"]) < 100:
        assert f'value="{params["bij"]}"' in html  # what was typed stays in the box


def test_a_comma_decimal_distance_works(client, utrecht_postcode):
    InitiativeFactory(title="Om de hoek", latitude=52.0907, longitude=5.13)  # ~0.6 km
    assert api(client, bij="3511", straal="0,5")[1]["count"] == 0
    assert api(client, bij="3511", straal="0,75")[1]["count"] == 1


def test_export_and_feed_keep_to_the_radius(client, utrecht_postcode):
    InitiativeFactory(title="Dichtbij", latitude=52.0907, longitude=5.1214)
    InitiativeFactory(title="Ver weg", latitude=53.2, longitude=6.56)

    response = client.get(reverse("initiatives:export"), {"bij": "3511"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [(row["title"], row["distance_km"]) for row in rows] == [("Dichtbij", "0.0")]

    feed = client.get(reverse("feeds:initiatives"), {"bij": "3511"}).content.decode()
    assert "Dichtbij" in feed and "Ver weg" not in feed
    assert "Binnen 5 km van 3511" in feed  # the feed's title says where it searches


def test_drafts_never_appear_around_a_place(client):
    InitiativeFactory(title="Concept", latitude=52.0907, longitude=5.1214, draft=True)
    assert api(client, bij="52.0907,5.1214")[1]["count"] == 0


def test_facet_counts_follow_the_radius(client):
    InitiativeFactory(title="Dichtbij", latitude=52.0907, longitude=5.1214, status="afgerond")
    InitiativeFactory(title="Ver weg", latitude=53.2, longitude=6.56, status="afgerond")
    page = client.get(reverse("initiatives:list"), {"bij": "52.0907,5.1214"})
    status = next(f for f in page.context["facets"] if f.param == "status")
    assert {o.value: o.count for o in status.options}["afgerond"] == 1


def test_detail_shows_nearby_initiatives_with_their_distance(client):
    here = InitiativeFactory(title="Hier", latitude=52.0907, longitude=5.1214)
    close = InitiativeFactory(title="Vlakbij", latitude=52.0917, longitude=5.1214)
    further = InitiativeFactory(title="Verder", latitude=52.1207, longitude=5.1214)
    InitiativeFactory(title="Te ver", latitude=53.2, longitude=6.56)
    InitiativeFactory(title="Concept", latitude=52.0908, longitude=5.1214, draft=True)
    InitiativeFactory(title="Online", scope=Initiative.Scope.ONLINE, latitude=52.09, longitude=5.12)

    response = client.get(here.get_absolute_url())

    nearby = list(response.context["nearby"])
    assert nearby == [close, further]
    assert nearby[0].distance_km == pytest.approx(0.11, abs=0.01)
    assert "op 3,3 km" in response.content.decode()


def test_an_initiative_without_a_place_has_no_nearby_list(client):
    online = InitiativeFactory(title="Online", scope=Initiative.Scope.ONLINE, municipality=None)
    InitiativeFactory(title="Ergens", latitude=52.09, longitude=5.12)
    assert list(client.get(online.get_absolute_url()).context["nearby"]) == []


def test_similar_initiatives_share_themes_groups_and_tags(client):
    from tests.factories import TargetGroupFactory, ThemeFactory

    loneliness, poverty, health = ThemeFactory.create_batch(3)
    elderly = TargetGroupFactory()
    here = InitiativeFactory(
        title="Koffie in de buurtkamer",
        themes=[loneliness, poverty],
        target_groups=[elderly],
        tags=["koffie"],
    )
    most = InitiativeFactory(
        title="Soep", themes=[loneliness, poverty], target_groups=[elderly], tags=["koffie"]
    )
    theme_and_group = InitiativeFactory(
        title="Wandelen", themes=[loneliness], target_groups=[elderly]
    )
    one_theme_same_title = InitiativeFactory(title="Koffie in de buurtkamer Oost", themes=[poverty])
    one_theme = InitiativeFactory(title="Zwemmen", themes=[loneliness])
    InitiativeFactory(title="Niets gedeeld", themes=[health])
    InitiativeFactory(title="Concept", themes=[loneliness, poverty], draft=True)

    similar = list(client.get(here.get_absolute_url()).context["similar"])

    assert similar == [most, theme_and_group, one_theme_same_title, one_theme]


def test_similar_list_is_at_most_five(client):
    from tests.factories import ThemeFactory

    theme = ThemeFactory()
    here = InitiativeFactory(themes=[theme])
    InitiativeFactory.create_batch(7, themes=[theme])
    assert len(client.get(here.get_absolute_url()).context["similar"]) == 5

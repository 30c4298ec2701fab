"""An initiative's page answers "can I go there?" first: how to reach the people, where, when,
for whom and at what cost, before its long text; and it measures "Nearby" from the place the
visitor searched around."""

import html
import re

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from places.models import Postcode
from tests.factories import InitiativeFactory, MunicipalityFactory, TargetGroupFactory
from tests.wijkplatform.test_findability import SERVER, head

pytestmark = pytest.mark.django_db

SECRET = "stichting-geheim@example.org"
DOM = (52.0907, 5.1214)  # Utrecht, postcode 3511
DAM = (52.3731, 4.8926)  # Amsterdam, postcode 1012


@pytest.fixture
def utrecht():
    return MunicipalityFactory(name="Utrecht")


@pytest.fixture
def buurtkamer(utrecht):
    return InitiativeFactory(
        title="Buurtkamer Oost",
        slug="buurtkamer-oost",
        description="<p>De buurtkamer zit in een oud winkelpand.</p>",
        municipality=utrecht,
        scope=Initiative.Scope.NEIGHBOURHOOD,
        address="Nachtegaalstraat 55",
        postcode="3581",
        latitude=52.0880,
        longitude=5.1330,
        email=SECRET,
        website="https://example.org/buurtkamer",
        schedule="Werkdagen van 10 tot 16 uur",
        cost="Koffie gratis; samen eten 4 euro",
        accessibility=[Initiative.Access.WHEELCHAIR],
        start_year=2015,
        vulnerable=True,
        target_groups=[TargetGroupFactory(name="Ouderen")],
    )


@pytest.fixture
def places():
    Postcode.objects.create(postcode="3511", latitude=DOM[0], longitude=DOM[1])
    Postcode.objects.create(postcode="1012", latitude=DAM[0], longitude=DAM[1])


def page(client, initiative, **params):
    response = client.get(initiative.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def text_of(content):
    """The page as a reader sees it: tags gone, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def test_contact_and_practical_facts_come_before_the_description(client, buurtkamer):
    InitiativeFactory(title="Buurman", latitude=52.0885, longitude=5.1330)
    content = page(client, buurtkamer)

    order = [
        'href="/initiatieven/buurtkamer-oost/contact/"',
        "Praktische informatie",
        "Werkdagen van 10 tot 16 uur",
        "Koffie gratis; samen eten 4 euro",
        "Rolstoeltoegankelijk",
        "De buurtkamer zit in een oud winkelpand.",
        'id="nearby-heading"',
    ]
    positions = [content.index(needle) for needle in order]
    assert positions == sorted(positions)


def test_when_for_whom_and_cost_in_plain_words(client, buurtkamer, utrecht):
    facts = text_of(page(client, buurtkamer))
    assert "Wanneer Werkdagen van 10 tot 16 uur Actief sinds 2015" in facts
    assert "Voor wie Ouderen Ook voor bewoners in een kwetsbare positie" in facts
    assert "Kosten Koffie gratis; samen eten 4 euro" in facts

    ended = InitiativeFactory(municipality=utrecht, status=Initiative.Status.FINISHED)
    facts = text_of(page(client, ended))
    assert "Wanneer Afgerond" in facts
    assert "Voor wie Iedereen" in facts  # no target group: it is for everyone
    assert "Kosten" not in facts  # unknown, so not claimed


def test_a_fixed_place_shows_its_visiting_address_with_a_map_link(client, buurtkamer):
    facts = text_of(page(client, buurtkamer))

    assert "Waar Nachtegaalstraat 55 3581 Utrecht Bekijk op de kaart (OpenStreetMap)" in facts
    link = 'href="https://www.openstreetmap.org/search?query=Nachtegaalstraat+55%2C+Utrecht"'
    assert link in page(client, buurtkamer)


@pytest.mark.parametrize("scope", Initiative.WITHOUT_FIXED_PLACE)
def test_an_initiative_without_a_fixed_place_shows_no_address(client, utrecht, scope):
    office = InitiativeFactory(municipality=utrecht, scope=scope, address="Kantoorweg 1")

    content = page(client, office)

    assert "Kantoorweg" not in content
    assert "openstreetmap.org/search" not in content
    assert f"Waar {office.get_scope_display()}" in text_of(content)


def test_a_place_without_address_names_its_municipality_and_district(client, utrecht):
    from tests.factories import DistrictFactory

    initiative = InitiativeFactory(
        municipality=utrecht, district=DistrictFactory(name="Oost", municipality=utrecht)
    )

    content = page(client, initiative)

    assert "Waar Utrecht, Oost Wanneer" in text_of(content)
    assert "openstreetmap.org/search" not in content


@pytest.mark.parametrize("params", [{}, {"bij": "3511"}])
def test_no_email_address_of_the_initiative_anywhere(client, buurtkamer, places, params):
    content = page(client, buurtkamer, **params)

    assert "stichting-geheim" not in content
    assert "mailto:" not in content


def test_nearby_is_measured_from_the_searched_place_and_says_so(client, buurtkamer, places):
    # Near the initiative but 40 km from the Dam, and near the Dam.
    InitiativeFactory(title="Om de hoek", latitude=52.0885, longitude=5.1330)
    at_the_dam = InitiativeFactory(title="Op de Dam", latitude=DAM[0] + 0.001, longitude=DAM[1])

    response = client.get(buurtkamer.get_absolute_url(), {"bij": "1012"})

    assert list(response.context["nearby"]) == [at_the_dam]
    facts = text_of(response.content.decode())
    assert "In de buurt Afstand vanaf 1012 Op de Dam" in facts
    assert "op 0,1 km" in facts
    # And the initiative's own distance from there, beside its address.
    assert "3581 Utrecht Op 36 km van 1012" in facts


def test_without_a_searched_place_nearby_is_measured_from_the_initiative(
    client, buurtkamer, places
):
    close = InitiativeFactory(title="Om de hoek", latitude=52.0885, longitude=5.1330)
    InitiativeFactory(title="Op de Dam", latitude=DAM[0], longitude=DAM[1])

    response = client.get(buurtkamer.get_absolute_url())

    assert list(response.context["nearby"]) == [close]
    assert "Afstand vanaf" not in response.content.decode()


@pytest.mark.parametrize(
    "bij",
    [
        "9999",  # a postcode nobody has
        "nergens te vinden",  # no place at all
        "52.09,200",  # no coordinates on earth
        "40.7,-74.0",  # outside the Netherlands
        "3511" * 100,  # too long
        "",
    ],
)
def test_a_bad_place_is_ignored_without_error(client, buurtkamer, places, bij):
    close = InitiativeFactory(title="Om de hoek", latitude=52.0885, longitude=5.1330)

    response = client.get(buurtkamer.get_absolute_url(), {"bij": bij})

    assert response.status_code == 200
    assert response.context["origin"] is None
    assert list(response.context["nearby"]) == [close]
    content = response.content.decode()
    assert "Afstand vanaf" not in content
    assert f'href="{close.get_absolute_url()}"' in content  # nothing carried along


def test_the_searched_place_leaves_the_canonical_address_plain(client, buurtkamer, places):
    found = head(client, "/initiatieven/buurtkamer-oost/?bij=3511")

    assert found.canonical == f"{SERVER}/initiatieven/buurtkamer-oost/"
    assert found.robots == []


def test_list_results_carry_the_searched_place_to_their_pages(client, buurtkamer, places):
    around = client.get(reverse("initiatives:list"), {"bij": " 3511 ab "}).content.decode()
    plain = client.get(reverse("initiatives:list")).content.decode()

    assert 'href="/initiatieven/buurtkamer-oost/?bij=3511+ab"' in around
    assert 'href="/initiatieven/buurtkamer-oost/"' in plain


def test_the_searched_place_travels_on_to_nearby_pages(client, buurtkamer, places):
    close = InitiativeFactory(title="Om de hoek", latitude=52.0885, longitude=5.1330)

    content = page(client, buurtkamer, bij="3511")

    assert f'href="{close.get_absolute_url()}?bij=3511"' in content

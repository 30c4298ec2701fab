"""An initiative's page answers "can I go there?" first: how to reach the people, where, when,
for whom and at what cost, before its long text."""

import html
import re

import pytest

from initiatives.models import Initiative
from tests.factories import InitiativeFactory, MunicipalityFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db

SECRET = "stichting-geheim@example.org"


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


def test_no_email_address_of_the_initiative_anywhere(client, buurtkamer):
    content = page(client, buurtkamer)

    assert "stichting-geheim" not in content
    assert "mailto:" not in content

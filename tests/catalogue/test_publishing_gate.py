"""Draft, review and archived items never reach the public: not in lists, pages, API or counts."""

import pytest

from catalogue.models import State
from tests.factories import (
    CaseFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN = ["draft", "review", "archived"]


@pytest.fixture
def theme():
    return ThemeFactory(name="Bonding", slug="bonding")


@pytest.fixture(params=HIDDEN)
def hidden(request, theme):
    """One unpublished initiative, case and publication in the given state, linked together."""
    trait = {request.param: True}
    municipality = MunicipalityFactory(code="GM0344", name="Utrecht")
    initiative = InitiativeFactory(
        title="Verborgen initiatief", themes=[theme], municipality=municipality, **trait
    )
    publication = PublicationFactory(title="Verborgen publicatie", themes=[theme], **trait)
    case = CaseFactory(
        title="Verborgen casus",
        themes=[theme],
        initiatives=[initiative],
        publication=publication,
        municipality=municipality,
        **trait,
    )
    assert {initiative.state, case.state, publication.state} == {State(request.param)}
    return {"initiative": initiative, "case": case, "publication": publication}


def test_unpublished_detail_pages_are_not_found(client, hidden):
    for item in hidden.values():
        assert client.get(item.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/initiatieven/",
        "/initiatieven/?thema=bonding",
        "/casussen/",
        "/publicaties/",
        "/themas/bonding/",
        "/api/v1/initiatieven/",
        "/api/v1/casussen/",
        "/en/initiatieven/",
    ],
)
def test_unpublished_items_appear_in_no_list(client, hidden, url):
    content = client.get(url).content.decode()
    assert "Verborgen" not in content


def test_unpublished_items_are_in_no_facet_count(client, hidden):
    for url in ("/initiatieven/", "/casussen/", "/publicaties/"):
        response = client.get(url)
        counts = [option.count for facet in response.context["facets"] for option in facet.options]
        assert not any(counts), url
        assert response.context["page_obj"].paginator.count == 0


def test_published_pages_do_not_link_to_unpublished_neighbours(client, hidden, theme):
    published_case = CaseFactory(
        title="Zichtbare casus",
        themes=[theme],
        initiatives=[hidden["initiative"]],
        publication=hidden["publication"],
    )
    html = client.get(published_case.get_absolute_url()).content.decode()
    assert "Zichtbare casus" in html
    assert "Verborgen" not in html
    published_initiative = InitiativeFactory(title="Zichtbaar initiatief", themes=[theme])
    hidden["case"].initiatives.add(published_initiative)
    html = client.get(published_initiative.get_absolute_url()).content.decode()
    assert "Verborgen" not in html
    assert client.get("/themas/bonding/").context["initiative_count"] == 1

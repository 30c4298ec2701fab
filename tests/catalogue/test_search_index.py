"""The search index's link arrays: each item's own copy of its theme, target group and tag ids,
which the filters and facet counts read instead of the link tables."""

import pytest
from django.db import connection
from taggit.models import Tag

from catalogue.links import LINK_ARRAYS
from tests.factories import (
    CaseFactory,
    InitiativeFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def assert_arrays_match_links(*items):
    for item in items:
        item.refresh_from_db()
        for relation, column in LINK_ARRAYS.items():
            linked = sorted(getattr(item, relation).values_list("pk", flat=True))
            assert getattr(item, column) == linked, f"{item}: {column}"


def listed(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return {item.title for item in response.context["results"]}


def test_link_arrays_follow_every_way_a_link_changes(client):
    walking, cooking = ThemeFactory(slug="wandelen"), ThemeFactory(slug="koken")
    elderly = TargetGroupFactory(slug="ouderen")
    item = InitiativeFactory(title="Wandelclub", themes=[walking], tags=["buiten"])
    other = InitiativeFactory(title="Kookclub")
    case = CaseFactory(title="Casus", themes=[walking])
    publication = PublicationFactory(title="Handreiking")
    assert_arrays_match_links(item, other, case, publication)

    item.themes.add(cooking)  # from the item's side
    cooking.initiatives.add(other)  # from the theme's side
    elderly.cases.add(case)
    item.tags.add("Natuur")
    item.tags.remove("buiten")
    publication.themes.set([walking, cooking])
    publication.tags.add("Natuur")
    assert_arrays_match_links(item, other, case, publication)
    assert listed(client, "/initiatieven/", thema="koken") == {"Wandelclub", "Kookclub"}
    assert listed(client, "/casussen/", doelgroep="ouderen") == {"Casus"}

    item.themes.clear()
    Tag.objects.get(name="Natuur").delete()  # its links go without a signal of their own
    walking.delete()
    assert_arrays_match_links(item, other, case, publication)
    assert listed(client, "/initiatieven/", tag="natuur") == set()
    assert listed(client, "/publicaties/", thema="koken") == {"Handreiking"}


def test_facet_counts_come_from_the_link_arrays(client):
    theme = ThemeFactory(slug="wandelen", name="Wandelen")
    for n in range(3):
        InitiativeFactory(title=f"Club {n}", themes=[theme], tags=["buiten"])
    InitiativeFactory(title="Zonder thema")
    response = client.get("/initiatieven/")
    options = {
        option.value: option.count
        for facet in response.context["facets"]
        for option in facet.options
        if facet.param in ("thema", "tag")
    }
    assert options["wandelen"] == 3
    assert options["buiten"] == 3


def test_search_vectors_are_kept_in_the_row():
    """Stored apart (TOAST), every ranked or rechecked row costs an extra lookup: searches
    were several times slower. A later ALTER COLUMN TYPE would quietly undo this."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attstorage FROM pg_attribute "
            "WHERE attname = 'search_vector' AND attrelid = ANY(%s::regclass[])",
            [["initiatives_initiative", "cases_case", "cases_publication"]],
        )
        storage = dict(cursor.fetchall())
    assert storage == {
        "initiatives_initiative": "m",
        "cases_case": "m",
        "cases_publication": "m",
    }

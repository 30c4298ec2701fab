"""Every list page runs the same number of SQL queries whatever its page size."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.lexicon import Lexicon
from initiatives.models import Initiative
from places.models import Postcode
from tests.factories import (
    AuthorFactory,
    CaseFactory,
    DistrictFactory,
    InitiativeFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from themes.models import Theme

pytestmark = pytest.mark.django_db

# The budget per page (cold cache): all facet counts and the total are one statement; the
# rest is the page of results (its keys, then its rows with their prefetches), labels for the
# facets and form validation.
MAX_QUERIES = {
    "/": 14,
    "/initiatieven/": 11,
    "/initiatieven/?gemeente={code}&thema=bonding&doelgroep=ouderen&tag=moestuin&page=1": 15,
    "/casussen/": 11,
    "/publicaties/": 10,
    "/themas/bonding/": 11,
    # Around a place, the page adds the matches without a fixed place (page, prefetches, count).
    "/initiatieven/?bij=52.09,5.12&straal=10&thema=bonding": 17,
    "/api/v1/initiatieven/": 6,
    "/api/v1/initiatieven/?bij=52.09,5.12&sort=afstand": 6,
    "/api/v1/casussen/": 6,
    # Every point of the filter, not a page: the counts and the points are two statements.
    "/api/v1/initiatieven.geojson?gemeente={code}&thema=bonding&doelgroep=ouderen&tag=moestuin": 5,
    # From a publication's page: its initiatives and its cases (the publication is one query).
    "/initiatieven/?publicatie=wij-in-de-wijk": 10,
    "/casussen/?publicatie=wij-in-de-wijk": 10,
    "/api/v1/initiatieven/?publicatie=wij-in-de-wijk": 7,
    "/api/v1/initiatieven.geojson?publicatie=wij-in-de-wijk": 3,
}


@pytest.fixture(scope="module")
def catalogue(module_db):
    """Sixty of each kind, made once for the module: these tests only read."""
    themes = [
        ThemeFactory(slug="bonding", name="Bonding", category=Theme.Category.CONNECTION),
        ThemeFactory(slug="eenzaamheid", name="Eenzaamheid"),
    ]
    groups = [TargetGroupFactory(slug="ouderen", name="Ouderen"), TargetGroupFactory()]
    district = DistrictFactory()
    municipality = district.municipality
    authors = [AuthorFactory(), AuthorFactory()]
    publication = PublicationFactory(authors=authors, themes=themes, slug="wij-in-de-wijk")
    for n in range(60):
        initiative = InitiativeFactory(
            themes=themes,
            target_groups=groups,
            tags=["moestuin", f"tag{n}"],
            municipality=municipality,
            district=district,
            latitude=52.09 + n * 0.0005,
            longitude=5.12,
            # Every fifth one works online: around a place, those are listed apart.
            scope=Initiative.Scope.ONLINE if n % 5 == 0 else Initiative.Scope.NEIGHBOURHOOD,
        )
        CaseFactory(
            themes=themes,
            target_groups=groups,
            tags=["moestuin"],
            initiatives=[initiative],
            municipality=municipality,
            publication=publication,
        )
        PublicationFactory(authors=authors, themes=themes, target_groups=groups)
    return municipality


def count_queries(client, url):
    cache.clear()  # measure the page as its first visitor meets it
    Lexicon.forget()  # the lexicon too, as a fresh process reads it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", MAX_QUERIES)
def test_queries_do_not_grow_with_the_page_size(client, settings, catalogue, url):
    url = url.format(code=catalogue.code)
    settings.LIST_PAGE_SIZE = settings.API_PAGE_SIZE = 1
    small = count_queries(client, url)
    settings.LIST_PAGE_SIZE = settings.API_PAGE_SIZE = 50
    large = count_queries(client, url)
    print(f"{url}: {large} queries")
    assert small == large
    assert large <= MAX_QUERIES[url.replace(catalogue.code, "{code}")]


def test_detail_pages_have_a_fixed_number_of_queries(client, catalogue):
    from cases.models import Case, Publication

    # An initiative's page adds its nearby and its similar initiatives: one query each; a
    # case's names the authors of its publication (schema.org `author`, its citation): one
    # query; a publication's lists its cases (with their themes: two queries) and the
    # initiatives they describe (one, and one to count them when there are more than it lists).
    for model, budget in ((Initiative, 8), (Case, 8), (Publication, 9)):
        item = model.objects.published().last()
        if model is Publication:  # the one with sixty cases and initiatives
            item = model.objects.get(slug="wij-in-de-wijk")
        queries = count_queries(client, item.get_absolute_url())
        print(f"{model.__name__} detail: {queries} queries")
        assert queries <= budget


def test_an_initiative_reached_from_a_place_search_adds_only_the_place(client, catalogue):
    """Its postcode is one query; the distances from it ride on the queries already made."""
    Postcode.objects.create(postcode="3511", latitude=52.09, longitude=5.12)
    url = Initiative.objects.published().with_fixed_place().last().get_absolute_url()
    assert client.get(url, {"bij": "3511"}).context["origin"] is not None

    plain = count_queries(client, url)

    assert count_queries(client, f"{url}?bij=3511") == plain + 1
    assert count_queries(client, f"{url}?bij=52.09,5.12") == plain


# Place pages list a fixed number of items, whatever the catalogue holds
# (tests/places/test_pages.py also grows the catalogue under them). Their wijkbeeld reads the
# catalogue version, and on the first visit after a change makes the counts of every
# municipality (the taxonomy, the places, one statement) and, for a district, of its
# municipality's districts (the districts, one statement): tests/initiatives/test_insight.py.
PLACE_PAGE_QUERIES = {
    "/gemeenten/": 1,
    "/gemeenten/{municipality}/": 12,
    "/gemeenten/{municipality}/{district}/": 12,
}


@pytest.mark.parametrize("url", PLACE_PAGE_QUERIES)
def test_place_pages_have_a_fixed_number_of_queries(client, catalogue, url):
    district = catalogue.districts.get()
    queries = count_queries(client, url.format(municipality=catalogue.slug, district=district.slug))
    print(f"{url}: {queries} queries")
    assert queries <= PLACE_PAGE_QUERIES[url]

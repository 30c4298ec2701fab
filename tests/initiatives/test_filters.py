"""Filter logic and facet counts of the initiatives list, as a visitor meets them."""

import re

import pytest

from initiatives.models import Initiative
from tests.factories import InitiativeFactory, MunicipalityFactory, TargetGroupFactory, ThemeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    bonding = ThemeFactory(name="Bonding", slug="bonding", category=Theme.Category.CONNECTION)
    lonely = ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
    poverty = ThemeFactory(name="Armoede", slug="armoede")
    elderly = TargetGroupFactory(name="Ouderen", slug="ouderen")
    young = TargetGroupFactory(name="Jongeren", slug="jongeren")
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht")
    zwolle = MunicipalityFactory(code="GM0193", name="Zwolle")
    items = {
        "a": InitiativeFactory(
            title="Alpha",
            themes=[bonding, lonely],
            target_groups=[elderly],
            municipality=utrecht,
            vulnerable=True,
            help_wanted=["vrijwilligers"],
            tags=["Moestuin"],
        ),
        "b": InitiativeFactory(
            title="Bravo",
            themes=[bonding, poverty],
            target_groups=[young],
            municipality=zwolle,
            status=Initiative.Status.FINISHED,
        ),
        "c": InitiativeFactory(
            title="Charlie",
            themes=[lonely],
            target_groups=[elderly, young],
            municipality=utrecht,
            help_wanted=["geld"],
        ),
        "draft": InitiativeFactory(
            draft=True,
            title="Delta",
            themes=[bonding, lonely],
            target_groups=[elderly],
            municipality=utrecht,
            tags=["Moestuin"],
        ),
    }
    return items


def titles(client, query):
    response = client.get(f"/initiatieven/?{query}")
    assert response.status_code == 200
    return sorted(item.title for item in response.context["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alpha", "Bravo", "Charlie"]),
        ("thema=eenzaamheid&thema=armoede", ["Alpha", "Bravo", "Charlie"]),  # OR in a category
        ("thema=bonding&thema=eenzaamheid", ["Alpha"]),  # AND across categories
        ("doelgroep=ouderen&doelgroep=jongeren", ["Alpha", "Bravo", "Charlie"]),  # once each
        ("doelgroep=ouderen&thema=armoede", []),
        ("gemeente=GM0344", ["Alpha", "Charlie"]),
        ("tag=moestuin", ["Alpha"]),
        ("tag=Moestuin", ["Alpha"]),
        ("status=afgerond", ["Bravo"]),
        ("kwetsbaar=1", ["Alpha"]),
        ("hulp=vrijwilligers&hulp=geld", ["Alpha", "Charlie"]),
        ("hulp=ruimte", []),
    ],
)
def test_filters_combine_or_within_and_across_facets(client, catalogue, query, expected):
    assert titles(client, query) == expected


def test_sort_by_title_and_by_newest(client, catalogue):
    response = client.get("/initiatieven/?sort=titel")
    assert [i.title for i in response.context["results"]] == ["Alpha", "Bravo", "Charlie"]
    response = client.get("/initiatieven/")
    assert [i.title for i in response.context["results"]] == ["Charlie", "Bravo", "Alpha"]


def facet_counts(response, param, term=None):
    """The counts of a facet; of themes, those of the category named `term`."""
    return {
        option.value: option.count
        for facet in response.context["facets"]
        if facet.param == param and (term is None or str(facet.term) == term)
        for option in facet.options
    }


def test_a_facets_counts_ignore_its_own_selection_but_respect_the_others(client, catalogue):
    response = client.get("/initiatieven/?thema=bonding&doelgroep=ouderen")
    assert facet_counts(response, "thema", "Verbinding") == {"bonding": 1}
    assert facet_counts(response, "doelgroep") == {"ouderen": 1, "jongeren": 1}
    vraagstuk = facet_counts(response, "thema", "Vraagstuk")
    assert vraagstuk == {"eenzaamheid": 1, "armoede": 0}


def test_facet_counts_never_include_unpublished_items(client, catalogue):
    response = client.get("/initiatieven/")
    assert facet_counts(response, "thema", "Verbinding") == {"bonding": 2}
    assert facet_counts(response, "gemeente") == {"GM0344": 2, "GM0193": 1}
    assert facet_counts(response, "tag") == {"moestuin": 1}
    assert facet_counts(response, "status") == {"actief": 2, "afgerond": 1}


def test_counts_are_shown_beside_each_option(client, catalogue):
    html = client.get("/initiatieven/").content.decode()
    assert 'value="bonding"' in html
    assert 'Bonding <span class="count">(2' in html


def test_options_show_what_is_chosen_and_names_as_plain_text(client, catalogue):
    utrecht = catalogue["a"].municipality
    bonding = Theme.objects.get(slug="bonding")
    InitiativeFactory(themes=[bonding], municipality=utrecht, tags=['Oud & "nieuw" <b>'])
    html = client.get("/initiatieven/?thema=bonding&gemeente=GM0344").content.decode()
    checkbox = '<input type="checkbox" name="thema" value="bonding" id="f-thema-bonding" checked>'
    assert checkbox in html
    assert re.search(r'<option value="GM0344" selected>Utrecht \(2\)</option>', html)
    assert re.search(r'<option value="GM0193">Zwolle \(1\)</option>', html)
    assert 'Oud &amp; &quot;nieuw&quot; &lt;b&gt; <span class="count">(1' in html
    # A screen reader hears "(1 resultaat)", "(2 resultaten)".
    assert '(1<span class="visually-hidden"> resultaat</span>)' in html
    assert '(2<span class="visually-hidden"> resultaten</span>)' in html
    assert "<b>" not in html


def test_active_filters_are_chips_that_remove_just_themselves(client, catalogue):
    response = client.get("/initiatieven/?thema=bonding&doelgroep=ouderen&page=1")
    chips = {chip["label"]: chip["url"] for chip in response.context["chips"]}
    assert chips == {"Bonding": "?doelgroep=ouderen", "Ouderen": "?thema=bonding"}
    assert 'href="?doelgroep=ouderen"' in response.content.decode()


def test_an_unknown_value_is_named_and_the_other_filters_still_apply(client, catalogue):
    response = client.get("/initiatieven/?thema=bestaat-niet&gemeente=GM0344")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert "bestaat-niet" in html
    assert sorted(i.title for i in response.context["results"]) == ["Alpha", "Charlie"]


def test_pagination_keeps_the_query(client, catalogue, settings):
    settings.LIST_PAGE_SIZE = 1
    html = client.get("/initiatieven/?gemeente=GM0344").content.decode()
    assert 'href="?gemeente=GM0344&amp;page=2"' in html


def test_a_bad_page_number_shows_the_nearest_page(client, catalogue, settings):
    settings.LIST_PAGE_SIZE = 2
    assert client.get("/initiatieven/?page=abc").context["page_obj"].number == 1
    response = client.get("/initiatieven/?page=999999999999")
    assert response.context["page_obj"].number == 2
    # And says so, rather than showing another page as if it were the one asked for.
    html = response.content.decode()
    assert "Er is geen pagina “999999999999”. Je ziet pagina 2." in html
    assert "Er is geen pagina" not in client.get("/initiatieven/?page=2").content.decode()
    assert "Er is geen pagina" not in client.get("/initiatieven/").content.decode()


def test_counts_follow_a_change_at_once_although_they_are_cached(client, catalogue):
    assert client.get("/initiatieven/").context["page_obj"].paginator.count == 3
    assert client.get("/initiatieven/").context["page_obj"].paginator.count == 3  # cached
    catalogue["draft"].state = "published"
    catalogue["draft"].save()
    response = client.get("/initiatieven/")
    assert response.context["page_obj"].paginator.count == 4
    assert facet_counts(response, "thema", "Verbinding") == {"bonding": 3}
    catalogue["a"].delete()
    assert client.get("/initiatieven/").context["page_obj"].paginator.count == 3


def all_counts(response):
    return {
        (facet.html_id, option.value): option.count
        for facet in response.context["facets"]
        for option in facet.options
    }


def test_pages_that_share_counts_from_the_cache_show_their_own(client, catalogue):
    """Each count is cached apart, so pages share what they have in common (the theme counts
    of the whole catalogue, say); what a page gets from the cache must still be its own."""
    from django.core.cache import cache

    pages = ["thema=bonding", "thema=eenzaamheid", "thema=eenzaamheid&gemeente=GM0344"]
    pages += ["doelgroep=jongeren&thema=bonding", "", "tag=moestuin&thema=eenzaamheid"]
    fresh = {}
    for page in pages:
        cache.clear()
        fresh[page] = all_counts(client.get(f"/initiatieven/?{page}"))
    cache.clear()
    for page in pages + pages[::-1]:
        assert all_counts(client.get(f"/initiatieven/?{page}")) == fresh[page], page

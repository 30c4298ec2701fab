"""Search that understands Dutch: inflections, compounds, accents, typos, syntax, ranking."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.lexicon import Lexicon
from tests.factories import CaseFactory, InitiativeFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the vocabulary refreshes on commit


@pytest.fixture
def catalogue():
    loneliness = ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
    cooking = ThemeFactory(name="Gezondheid", slug="gezondheid")
    items = {
        "buurthuis": InitiativeFactory(
            title="Buurthuis De Linde",
            summary="Een ontmoetingsplek voor ouderen in de wijk.",
            description="<p>Elke maand een reünie van oud-bewoners.</p>",
        ),
        "wandel": InitiativeFactory(
            title="Wandelgroep Vitaal",
            summary="Samen wandelen tegen eenzaamheid.",
            description="<p>Wij wandelen door het park.</p>",
            themes=[loneliness],
        ),
        "kook": InitiativeFactory(
            title="Kookclub De Pan",
            summary="Samen koken en eten met buren.",
            description="<p>Tegen eenzaamheid, eenzaamheid en nog eens eenzaamheid.</p>",
            themes=[loneliness, cooking],
        ),
        "title": InitiativeFactory(
            title="Eenzaamheid te lijf",
            summary="Een telefooncirkel.",
            themes=[cooking],
        ),
        "draft": InitiativeFactory(
            draft=True, title="Geheim plan", summary="Een xylofoonorkest in de kelder."
        ),
    }
    return items


def titles(client, query, url="/initiatieven/"):
    response = client.get(url, {"q": query} if isinstance(query, str) else query)
    assert response.status_code == 200
    return [item.title for item in response.context["results"]]


def test_inflections_find_each_other(client, catalogue):
    assert titles(client, "oudere") == ["Buurthuis De Linde"]
    assert titles(client, "wandeling") == ["Wandelgroep Vitaal"]


def test_a_word_finds_the_compounds_built_on_it(client, catalogue):
    assert titles(client, "buurt") == ["Buurthuis De Linde"]
    assert titles(client, "wandel") == ["Wandelgroep Vitaal"]


def test_accents_never_matter(client, catalogue):
    assert titles(client, "reunie") == ["Buurthuis De Linde"]
    assert titles(client, "REÜNIE") == ["Buurthuis De Linde"]


def test_a_typo_is_corrected_and_the_page_says_so(client, catalogue):
    response = client.get("/initiatieven/", {"q": "wandelgoep"})
    assert [i.title for i in response.context["results"]] == ["Wandelgroep Vitaal"]
    html = response.content.decode()
    assert "Resultaten voor <strong>wandelgroep</strong>" in html
    assert "letterlijk=1" in html
    assert titles(client, {"q": "wandelgoep", "letterlijk": "1"}) == []


def test_words_that_only_occur_in_drafts_are_never_suggested(client, catalogue):
    assert titles(client, "xylofoonorkest") == []
    response = client.get("/initiatieven/", {"q": "xylofoonorkst"})
    assert "xylofoonorkest" not in response.content.decode()
    assert response.context["search"].corrections == []


def test_a_phrase_matches_the_words_together(client, catalogue):
    assert titles(client, '"samen koken"') == ["Kookclub De Pan"]


def test_a_minus_leaves_out_and_or_widens(client, catalogue):
    assert titles(client, "samen -koken") == ["Wandelgroep Vitaal"]
    assert sorted(titles(client, "wandelen or koken")) == ["Kookclub De Pan", "Wandelgroep Vitaal"]
    assert sorted(titles(client, "wandelen OF koken")) == ["Kookclub De Pan", "Wandelgroep Vitaal"]


def test_title_matches_rank_before_body_matches(client, catalogue):
    ranked = titles(client, "eenzaamheid")
    assert ranked[0] == "Eenzaamheid te lijf"
    # a summary match (B) before a body match (C), however often the body repeats the word
    assert ranked.index("Wandelgroep Vitaal") < ranked.index("Kookclub De Pan")
    assert set(ranked) == {"Eenzaamheid te lijf", "Wandelgroep Vitaal", "Kookclub De Pan"}
    assert titles(client, {"q": "eenzaamheid", "sort": "titel"})[0] == "Eenzaamheid te lijf"


def test_snippets_mark_the_words_and_escape_the_text(client, catalogue):
    item = catalogue["kook"]
    item.summary = 'Samen koken: 5 < 6 & "eten" \x02'
    item.description = '<p>Koken <a href="https://example.org">hier</a></p>'
    item.save()
    html = client.get("/initiatieven/", {"q": "koken"}).content.decode()
    assert "<mark>koken</mark>" in html  # from the summary: one field at a time
    assert "5 &lt; 6 &amp; &quot;eten&quot;" in html
    assert html.count("<mark>") == html.count("</mark>")
    assert 'href="https://example.org"' not in html  # markup of the body is not carried over


def test_search_combines_with_filters_and_facet_counts_follow_it(client, catalogue):
    response = client.get("/initiatieven/", {"q": "samen", "thema": "gezondheid"})
    assert [i.title for i in response.context["results"]] == ["Kookclub De Pan"]
    counts = {
        option.value: option.count
        for facet in response.context["facets"]
        if facet.param == "thema"
        for option in facet.options
    }
    # Both themes are in one category (one facet), so its counts ignore its own selection:
    # of the results for "samen", two are about eenzaamheid and one about gezondheid.
    assert (counts["eenzaamheid"], counts["gezondheid"]) == (2, 1)
    response = client.get("/initiatieven/", {"q": "telefooncirkel", "thema": "gezondheid"})
    counts = {
        o.value: o.count
        for f in response.context["facets"]
        for o in f.options
        if f.param == "thema"
    }
    assert (counts["eenzaamheid"], counts["gezondheid"]) == (0, 1)


def test_only_stop_words_get_a_helpful_message(client, catalogue):
    response = client.get("/initiatieven/", {"q": "de het een"})
    assert "te gewoon" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 4  # the list, unfiltered


def test_the_api_searches_too(client, catalogue):
    data = client.get("/api/v1/initiatieven/", {"q": "wandelen"}).json()
    assert [r["title"] for r in data["results"]] == ["Wandelgroep Vitaal"]


def test_site_search_groups_results_by_kind(client, catalogue):
    CaseFactory(title="Wandelen in Zwolle", summary="Een casus over wandelen.")
    PublicationFactory(title="Handreiking wandelen", publication_date="2024-01-01")
    response = client.get("/zoeken/", {"q": "wandelen"})
    counts = {str(group["label"]): group["count"] for group in response.context["groups"]}
    assert counts == {"Initiatieven": 1, "Casussen": 1, "Publicaties": 1}
    urls = [group["url"] for group in response.context["groups"]]
    assert urls == [
        "/initiatieven/?q=wandelen",
        "/casussen/?q=wandelen",
        "/publicaties/?q=wandelen",
    ]


def test_site_search_counts_more_results_than_it_shows_and_follows_changes(client, catalogue):
    for n in range(6):
        InitiativeFactory(title=f"Wandelroute {n}")
    InitiativeFactory(draft=True, title="Wandelroute in voorbereiding")

    def shown_and_counted():
        group = client.get("/zoeken/", {"q": "wandelroute"}).context["groups"][0]
        return len(group["results"]), group["count"]

    assert shown_and_counted() == (5, 6)
    assert shown_and_counted() == (5, 6)  # the count from the cache
    InitiativeFactory(title="Wandelroute 7")
    assert shown_and_counted() == (5, 7)


@pytest.mark.parametrize(
    "query",
    [
        '"""',
        "-",
        "- - -",
        "or",
        "!!! & | :* ()",
        "a:* & !b | <->",
        "'); DROP TABLE x; --",
        "\\",
        "x" * 5000,
        "é" * 3000,
        '"open quote',
        '-""',
        "OR OR OR koken",
    ],
)
def test_no_query_gives_a_server_error(client, catalogue, query):
    for url in (
        "/initiatieven/",
        "/casussen/",
        "/publicaties/",
        "/zoeken/",
        "/api/v1/initiatieven/",
        "/api/v1/casussen/",
    ):
        assert client.get(url, {"q": query}).status_code < 500, (url, query[:20])


def test_broken_unicode_in_the_query_is_harmless(client, catalogue):
    for url in ("/initiatieven/", "/zoeken/", "/api/v1/initiatieven/"):
        assert client.get(f"{url}?q=%ed%a0%80%ff%fe").status_code < 500


def test_an_overlong_query_is_cut_with_a_notice(client, catalogue):
    html = client.get("/initiatieven/", {"q": "koken " + "x" * 5000}).content.decode()
    assert "eerste 200 tekens" in html


def test_vectors_follow_edits_of_titles_tags_and_theme_names(client, catalogue):
    item = catalogue["title"]
    item.title = "Belcirkel Noord"
    item.save()
    assert titles(client, "belcirkel") == ["Belcirkel Noord"]
    item.tags.add("Duofiets")
    assert titles(client, "duofiets") == ["Belcirkel Noord"]
    theme = item.themes.get()
    theme.name = "Vitaliteit"
    theme.save()
    assert "Belcirkel Noord" in titles(client, "vitaliteit")


def test_search_pages_run_a_fixed_number_of_queries(client, settings, catalogue):
    for n in range(30):
        InitiativeFactory(title=f"Samen wandelen {n}", themes=[ThemeFactory()], tags=["t"])
    client.get("/initiatieven/")  # transactional tests flush the version row: recreate it first
    counts = []
    for size in (1, 50):
        settings.LIST_PAGE_SIZE = size
        cache.clear()
        Lexicon.forget()  # the lexicon too, as a fresh process reads it
        with CaptureQueriesContext(connection) as queries:
            client.get("/initiatieven/", {"q": "wandelen", "thema": "eenzaamheid"})
        counts.append(len(queries))
    assert counts[0] == counts[1]
    print(f"/initiatieven/?q=…&thema=…: {counts[1]} queries")


def test_words_of_an_unpublished_item_are_no_longer_suggested(client, catalogue):
    from catalogue.models import State

    item = catalogue["wandel"]
    item.state = State.ARCHIVED
    item.save()  # its words stay in the vocabulary until the next full rebuild …
    response = client.get("/initiatieven/", {"q": "wandelgoep"})
    assert response.context["search"].corrections == []  # … but are never offered


def test_an_item_found_by_its_theme_shows_its_whole_summary(client, catalogue):
    response = client.get("/initiatieven/", {"q": "gezondheid"})
    item = next(i for i in response.context["results"] if i.title == "Eenzaamheid te lijf")
    assert item.snippet is None
    assert "<p>Een telefooncirkel.</p>" in response.content.decode()

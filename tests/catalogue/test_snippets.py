"""Snippets on result cards: whole sentences of one field around the words searched for, the
words in <mark>, the rest escaped, "…" where text is left out (catalogue/search.py)."""

import pytest

from catalogue.models import SearchTerm
from tests.factories import InitiativeFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the vocabulary refreshes on commit


@pytest.fixture(autouse=True)
def empty_lexicon(transactional_db):
    """No starter set: a worker's first transactional test would still see the migration's."""
    SearchTerm.objects.all().delete()


def search(client, query, url="/initiatieven/"):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response


def snippet(client, query):
    """The snippet of the one item found."""
    (item,) = search(client, query).context["results"]
    return item.snippet


def test_a_snippet_is_the_matching_sentence_with_dots_where_text_is_left_out(client):
    InitiativeFactory(
        summary="Een plek om te lezen.",
        description=(
            "<p>Wij zijn een groep bewoners. Elke week is er voorlezen in de bibliotheek. "
            "Iedereen is welkom. Na afloop drinken we koffie.</p>"
        ),
    )
    assert snippet(client, "bibliotheek") == (
        "… Elke week is er voorlezen in de <mark>bibliotheek</mark>. …"
    )


def test_a_snippet_takes_whole_sentences_from_one_field_only(client):
    InitiativeFactory(
        summary="Voorlezen in de bibliotheek. Voor kinderen van vier tot acht.",
        description="<p>De bibliotheek staat aan het plein.</p>",
    )
    assert snippet(client, "bibliotheek") == "Voorlezen in de <mark>bibliotheek</mark>. …"


def test_two_matching_sentences_apart_are_joined_by_dots(client):
    InitiativeFactory(
        summary="Een plek om te lezen.",
        description=(
            "<p>Elke dinsdag is de bibliotheek open. Er is koffie en thee.</p>"
            "<p>Ook op zaterdag is de bibliotheek open. Kom gerust langs!</p>"
        ),
    )
    assert snippet(client, "bibliotheek") == (
        "Elke dinsdag is de <mark>bibliotheek</mark> open. … "
        "Ook op zaterdag is de <mark>bibliotheek</mark> open. …"
    )


def test_inflections_and_compounds_are_marked_too(client):
    InitiativeFactory(
        summary="Een plek om te lezen.",
        description="<p>Twee bibliotheken en een bibliotheekbus rijden rond.</p>",
    )
    assert snippet(client, "bibliotheek") == (
        "Twee <mark>bibliotheken</mark> en een <mark>bibliotheekbus</mark> rijden rond."
    )


def test_the_text_of_a_snippet_is_escaped(client):
    InitiativeFactory(
        summary="Een plek om te lezen.",
        description="<p>Typ nooit &lt;script&gt;alert(1)&lt;/script&gt; in de bibliotheek.</p>",
    )
    response = search(client, "bibliotheek")
    (item,) = response.context["results"]
    assert item.snippet == (
        "Typ nooit &lt;script&gt;alert(1)&lt;/script&gt; in de <mark>bibliotheek</mark>."
    )
    assert "<script>alert(1)" not in response.content.decode()


def test_markup_in_a_plain_summary_is_never_rendered(client):
    InitiativeFactory(
        summary='Lezen <script>alert(1)</script> in de <b onclick="x">bibliotheek</b>.'
    )
    html = search(client, "bibliotheek").content.decode()
    assert "<script>alert(1)" not in html
    assert 'onclick="x"' not in html
    assert "<mark>bibliotheek</mark>" in html


def test_a_long_sentence_is_cut_around_the_match(client):
    before = "Op maandag, dinsdag, woensdag, donderdag en vrijdag " * 4
    after = "met koffie, thee, koekjes en veel gezelligheid " * 4
    InitiativeFactory(
        summary="Een plek om te lezen.",
        description=f"<p>{before}lezen we voor in de bibliotheek {after}voor iedereen.</p>",
    )
    text = snippet(client, "bibliotheek")
    assert text.startswith("… ")
    assert text.endswith(" …")
    assert "lezen we voor in de <mark>bibliotheek</mark> met koffie" in text
    assert len(text.replace("<mark>", "").replace("</mark>", "")) <= 250


def test_an_item_found_by_its_theme_name_shows_its_summary(client):
    theme = ThemeFactory(name="Tuinieren", slug="tuinieren")
    InitiativeFactory(title="Buurtmoestuin", summary="Wij zaaien bonen.", themes=[theme])
    response = search(client, "tuinieren")
    (item,) = response.context["results"]
    assert item.snippet is None
    assert "<p>Wij zaaien bonen.</p>" in response.content.decode()


def test_a_word_found_through_a_synonym_is_marked(client):
    SearchTerm.objects.create(kind=SearchTerm.Kind.SYNONYMS, words=["fiets", "rijwiel"])
    InitiativeFactory(summary="Een rijwiel lenen voor een dag. Gratis.")
    assert snippet(client, "fiets") == "Een <mark>rijwiel</mark> lenen voor een dag. …"


def test_the_site_search_shows_snippets_too(client):
    InitiativeFactory(
        summary="Een plek om te lezen.",
        description="<p>Wij zijn met velen. Elke week voorlezen in de bibliotheek.</p>",
    )
    response = search(client, "bibliotheek", url="/zoeken/")
    (item,) = response.context["groups"][0]["results"]
    assert item.snippet == "… Elke week voorlezen in de <mark>bibliotheek</mark>."
    assert "Elke week voorlezen in de <mark>bibliotheek</mark>." in response.content.decode()

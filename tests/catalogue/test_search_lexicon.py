"""The search lexicon as a visitor meets it: protected words, synonyms, English words, and
the index following the editors' changes (catalogue/lexicon.py, catalogue/search.py)."""

import pytest

from catalogue import background
from catalogue.models import PendingReindex, SearchTerm
from tests.factories import InitiativeFactory, TargetGroupFactory, ThemeFactory

# The vocabulary refreshes on commit, and a lexicon change re-indexes on commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_lexicon(transactional_db):
    """Each test makes the entries it needs. Transactional tests empty the tables after
    themselves, so only a worker's first test would still see the migration's starter set."""
    SearchTerm.objects.all().delete()  # its signal brings the protected forms along


ADD_URL = "/admin/catalogue/searchterm/add/"


def protect(*words, english=()):
    return SearchTerm.objects.create(
        kind=SearchTerm.Kind.PROTECTED, words=list(words), english=list(english)
    )


def synonyms(*words, english=()):
    return SearchTerm.objects.create(
        kind=SearchTerm.Kind.SYNONYMS, words=list(words), english=list(english)
    )


def titles(client, query, url="/initiatieven/"):
    """The titles found, sorted (ranked(): in the order shown)."""
    return sorted(ranked(client, query, url))


def ranked(client, query, url="/initiatieven/"):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return [item.title for item in response.context["results"]]


@pytest.fixture
def members():
    """The stemmer gives "leden" (members) and "leed" (sorrow) one stem; "lid" has its own."""
    InitiativeFactory(title="Sportclub", summary="Elk lid betaalt contributie.")
    InitiativeFactory(title="Inloopavond", summary="Voor de leden van de vereniging.")
    InitiativeFactory(title="Rouwgroep", summary="Praten over verdriet en leed.")


# 1. Protected words ----------------------------------------------------------------------------


def test_a_protected_word_does_not_find_a_word_that_only_shares_its_stem(client):
    protect("jongeren", "jongere")
    InitiativeFactory(title="Huiswerkklas", summary="Voor jongeren uit de buurt.")
    InitiativeFactory(title="Peuterspeelzaal", summary="Voor kinderen jonger dan vier.")
    assert titles(client, "jongeren") == ["Huiswerkklas"]
    assert titles(client, "jonger") == ["Peuterspeelzaal"]


def test_the_listed_forms_of_a_protected_word_find_each_other(client, members):
    protect("leden", "lid")
    assert titles(client, "lid") == ["Inloopavond", "Sportclub"]
    assert titles(client, "leden") == ["Inloopavond", "Sportclub"]
    assert titles(client, "leed") == ["Rouwgroep"]


def test_a_compound_of_a_long_protected_form_belongs_to_the_protected_word(client):
    protect("jongeren", "jongere")
    InitiativeFactory(title="Buurtteam", summary="Het jongerenwerk organiseert een toernooi.")
    InitiativeFactory(title="Peuterspeelzaal", summary="Voor kinderen jonger dan vier.")
    assert titles(client, "jongeren") == ["Buurtteam"]
    assert titles(client, "jongere") == ["Buurtteam"]
    assert titles(client, "jonger") == ["Peuterspeelzaal"]


# 2. Taxonomy names are protected without an entry ----------------------------------------------


def test_a_one_word_target_group_name_is_protected_without_an_entry(client):
    TargetGroupFactory(name="Jongeren")
    InitiativeFactory(title="Huiswerkklas", summary="Voor jongeren uit de buurt.")
    InitiativeFactory(title="Peuterspeelzaal", summary="Voor kinderen jonger dan vier.")
    assert not SearchTerm.objects.exists()
    assert titles(client, "jongeren") == ["Huiswerkklas"]
    assert titles(client, "jonger") == ["Peuterspeelzaal"]


def test_a_one_word_theme_name_is_protected_and_items_follow_when_it_comes(client):
    InitiativeFactory(title="Starterswoningen", summary="Betaalbaar wonen voor starters.")
    InitiativeFactory(title="Voetbalteam", summary="Ons team won de eerste prijs.")
    assert titles(client, "wonen") == ["Starterswoningen", "Voetbalteam"]  # stem "won"
    ThemeFactory(name="Wonen", slug="wonen")  # the items already indexed are written anew
    assert titles(client, "wonen") == ["Starterswoningen"]
    assert titles(client, "won") == ["Voetbalteam"]


# 3. Editing an entry re-indexes ----------------------------------------------------------------


def test_adding_changing_and_deleting_an_entry_in_the_admin_changes_the_results(
    client, admin_client, members
):
    assert titles(client, "leden") == ["Inloopavond", "Rouwgroep"]  # the stemmer alone

    response = admin_client.post(ADD_URL, {"kind": "beschermd", "words": "leden, lid"})
    assert response.status_code == 302
    assert titles(client, "leden") == ["Inloopavond", "Sportclub"]
    assert titles(client, "leed") == ["Rouwgroep"]

    entry = SearchTerm.objects.get()
    change_url = f"/admin/catalogue/searchterm/{entry.pk}/change/"
    response = admin_client.post(change_url, {"kind": "beschermd", "words": "leden"})
    assert response.status_code == 302
    assert titles(client, "lid") == ["Sportclub"]
    assert titles(client, "leden") == ["Inloopavond"]

    delete_url = f"/admin/catalogue/searchterm/{entry.pk}/delete/"
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert titles(client, "leden") == ["Inloopavond", "Rouwgroep"]
    assert not PendingReindex.objects.exists()


def test_an_entry_saved_in_code_reindexes_on_commit(client, members):
    entry = protect("leden", "lid")
    assert titles(client, "lid") == ["Inloopavond", "Sportclub"]
    entry.words = ["leed"]  # now "leed" is kept apart, and "lid" and "leden" part again
    entry.save()
    assert titles(client, "leed") == ["Rouwgroep"]
    assert titles(client, "leden") == ["Inloopavond"]
    assert titles(client, "lid") == ["Sportclub"]


def test_the_background_thread_reindexes_and_crosses_the_work_off(client, settings, members):
    settings.WIJK_BACKGROUND_INLINE = False
    protect("leden", "lid")
    background.wait()
    assert titles(client, "lid") == ["Inloopavond", "Sportclub"]
    assert titles(client, "leed") == ["Rouwgroep"]
    assert not PendingReindex.objects.exists()


# 4. Synonyms -----------------------------------------------------------------------------------


@pytest.fixture
def bikes():
    synonyms("fiets", "rijwiel")
    InitiativeFactory(title="Reparatiecafé", summary="Wij maken je fiets, elke zaterdag.")
    InitiativeFactory(title="Uitleenpunt", summary="Een rijwiel lenen, elke zaterdag.")
    InitiativeFactory(title="Breiclub", summary="Samen breien, elke zaterdag.")


def test_synonyms_find_each_other_both_ways(client, bikes):
    assert titles(client, "fiets") == ["Reparatiecafé", "Uitleenpunt"]
    assert titles(client, "rijwiel") == ["Reparatiecafé", "Uitleenpunt"]


def test_an_inflection_of_a_synonym_finds_the_other_synonyms(client, bikes):
    # "rijwielen" finds "rijwiel" (same stem): it should find "fiets" as "rijwiel" does.
    assert titles(client, "rijwielen") == ["Reparatiecafé", "Uitleenpunt"]


def test_leaving_out_a_word_leaves_out_its_synonyms_too(client, bikes):
    assert titles(client, "zaterdag -fiets") == ["Breiclub"]
    assert titles(client, "zaterdag -rijwiel") == ["Breiclub"]


def test_a_synonym_of_more_words_is_searched_as_a_phrase(client):
    synonyms("eettafel", "samen eten")
    InitiativeFactory(title="Buurtdiner", summary="Op dinsdag samen eten in het buurthuis.")
    InitiativeFactory(title="Kookclub", summary="Een eettafel voor de buurt.")
    InitiativeFactory(title="Sportavond", summary="Samen sporten en daarna eten.")
    assert titles(client, "eettafel") == ["Buurtdiner", "Kookclub"]
    assert titles(client, '"samen eten"') == ["Buurtdiner", "Kookclub"]


# 5. Compounds across a stem change, and ranking ------------------------------------------------


def test_a_word_finds_the_compounds_it_begins_though_its_stem_differs(client):
    # The stemmer writes "straat" as "strat" and "school" as "schol"; compounds keep the word.
    InitiativeFactory(title="Zomerfeest", summary="Een straatfeest in juni.")
    InitiativeFactory(title="Groene speelplek", summary="Het schoolplein wordt een tuin.")
    assert titles(client, "straat") == ["Zomerfeest"]
    assert titles(client, "school") == ["Groene speelplek"]


def test_a_whole_word_ranks_above_a_compound_in_the_same_field(client):
    # Made first: on equal rank the newest would come first.
    InitiativeFactory(title="Opzoomeren", summary="Een feest in onze straat.")
    InitiativeFactory(title="Zomerfeest", summary="Een straatfeest voor iedereen.")
    assert ranked(client, "straat") == ["Opzoomeren", "Zomerfeest"]


# 7. English ------------------------------------------------------------------------------------


def test_an_english_word_searches_the_dutch_word_and_the_page_says_so(client):
    protect("eenzaamheid", "eenzaam", english=["loneliness"])
    InitiativeFactory(title="Koffieochtend", summary="Samen iets doen tegen eenzaamheid.")
    InitiativeFactory(title="Breiclub", summary="Wij breien truien.")
    response = client.get("/en/initiatieven/", {"q": "loneliness"})
    assert [item.title for item in response.context["results"]] == ["Koffieochtend"]
    html = response.content.decode()
    assert "The catalogue is written in Dutch." in html
    assert '<strong lang="nl">eenzaamheid</strong> (loneliness)' in html
    # The Dutch site searches an English word no Dutch text uses as its Dutch one too.
    dutch = client.get("/initiatieven/", {"q": "loneliness"})
    assert [item.title for item in dutch.context["results"]] == ["Koffieochtend"]
    assert "We zochten met de Nederlandse woorden" in dutch.content.decode()


def test_an_english_pages_map_feed_and_api_find_what_the_page_found(client):
    """They have no /en/ in their address (and the alerts' worker no visitor's language):
    the English word must not depend on it."""
    protect("eenzaamheid", "eenzaam", english=["loneliness"])
    InitiativeFactory(
        title="Koffieochtend",
        summary="Samen iets doen tegen eenzaamheid.",
        latitude=52.09,
        longitude=5.12,
    )
    InitiativeFactory(title="Breiclub", summary="Wij breien truien.", latitude=52.1, longitude=5.1)
    assert client.get("/api/v1/initiatieven/", {"q": "loneliness"}).json()["count"] == 1
    points = client.get("/api/v1/initiatieven.geojson", {"q": "loneliness"}).json()
    assert [f["properties"]["title"] for f in points["features"]] == ["Koffieochtend"]
    feed = client.get("/feeds/initiatieven/", {"q": "loneliness"}).content.decode()
    assert "Koffieochtend" in feed and "Breiclub" not in feed


def test_off_the_english_site_an_english_word_dutch_text_uses_stays_as_typed(client):
    protect("verbinden", english=["bonding"])
    InitiativeFactory(title="Bonding-avond", summary="Bonding in de buurt.")
    InitiativeFactory(title="Burenkring", summary="Wij verbinden buren.")
    assert titles(client, "bonding") == ["Bonding-avond"]
    english = client.get("/en/initiatieven/", {"q": "bonding"})
    assert [item.title for item in english.context["results"]] == ["Burenkring"]


def test_an_english_word_without_an_entry_gets_a_hint(client):
    protect("eenzaamheid", "eenzaam", english=["loneliness"])
    InitiativeFactory(title="Fietsenmaker", summary="Wij repareren fietsen.")
    response = client.get("/en/initiatieven/", {"q": "bicycle"})
    assert list(response.context["results"]) == []
    html = response.content.decode()
    assert "The catalogue is written in Dutch." in html
    assert "Search with Dutch words, or with English words we know" in html
    assert '<strong lang="nl">' not in html  # no Dutch word was searched instead


def test_english_words_are_found_on_the_english_site_search(client):
    synonyms("fiets", "rijwiel", english=["bicycle", "bike"])
    InitiativeFactory(title="Uitleenpunt", summary="Een rijwiel lenen.")
    InitiativeFactory(title="Breiclub", summary="Wij breien truien.")
    response = client.get("/en/zoeken/", {"q": "bike"})
    assert [item.title for item in response.context["groups"][0]["results"]] == ["Uitleenpunt"]
    assert '<strong lang="nl">fiets</strong> (bike)' in response.content.decode()


# 8. Drafts never leak --------------------------------------------------------------------------


@pytest.fixture
def secret():
    """A word that only a draft holds, and a word a draft shares with a published item."""
    InitiativeFactory(
        draft=True, title="Geheim plan", summary="Het xylofoonorkest repeteert op zaterdag."
    )
    InitiativeFactory(title="Breiclub", summary="Wij breien op zaterdag.")


def test_a_word_only_a_draft_holds_is_never_suggested(client, secret):
    response = client.get("/initiatieven/", {"q": "xylofoonorkst"})
    assert response.context["search"].corrections == []
    assert "xylofoonorkest" not in response.content.decode()
    assert "xylofoonorkest" not in client.get("/zoeken/", {"q": "xylofoonorkst"}).content.decode()


def test_a_synonym_of_a_word_only_a_draft_holds_finds_nothing(client, secret):
    synonyms("muziekgroep", "xylofoonorkest")
    assert titles(client, "muziekgroep") == []
    response = client.get("/zoeken/", {"q": "muziekgroep"})
    assert "Geheim plan" not in response.content.decode()
    data = client.get("/api/v1/initiatieven/", {"q": "muziekgroep"}).json()
    assert data["results"] == []


def test_a_draft_never_shows_in_results_or_snippets(client, secret):
    for url in ("/initiatieven/", "/zoeken/"):
        response = client.get(url, {"q": "zaterdag"})
        html = response.content.decode()
        assert "Breiclub" in html
        assert "Geheim plan" not in html
        assert "xylofoonorkest" not in html
    data = client.get("/api/v1/initiatieven/", {"q": "zaterdag"}).json()
    assert [r["title"] for r in data["results"]] == ["Breiclub"]


# 9. The admin form -----------------------------------------------------------------------------


def test_the_admin_refuses_a_protected_word_of_two_words_and_keeps_the_input(admin_client):
    typed = {"kind": "beschermd", "words": "samen eten, samenzijn", "english": "eating together"}
    response = admin_client.post(ADD_URL, typed)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["words"]
    assert errors == ["“samen eten” is meer dan één woord. Een beschermd woord is één woord."]
    html = response.content.decode()
    assert errors[0] in html
    assert 'value="samen eten, samenzijn"' in html
    assert 'value="eating together"' in html
    assert not SearchTerm.objects.exists()


def test_the_admin_refuses_a_form_another_protected_word_already_has(admin_client):
    protect("leden", "lid")
    typed = {"kind": "beschermd", "words": "lidmaatschap, lid"}
    response = admin_client.post(ADD_URL, typed)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["words"]
    assert errors == ["“lid” is al een vorm van het beschermde woord “leden, lid”."]
    html = response.content.decode()
    assert errors[0] in html
    assert 'value="lidmaatschap, lid"' in html
    assert SearchTerm.objects.count() == 1
    # The same words as synonyms are fine: only protected forms must be unique.
    typed["kind"] = "synoniemen"
    assert admin_client.post(ADD_URL, typed).status_code == 302

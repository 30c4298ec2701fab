"""The admin's change lists search through the site's search index (catalogue/admin.py,
IndexSearchMixin): stems and compounds, drafts too, ranked, the slug and the number, a broad
search bounded and said so; and they stay as fast at any size (indexes, no date hierarchy)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.lexicon import Lexicon
from tests.factories import CaseFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

INITIATIVES = "/admin/initiatives/initiative/"


def titles(response):
    assert response.status_code == 200
    return [item.title for item in response.context["cl"].result_list]


def test_a_word_finds_its_inflections_and_compounds_in_every_state(admin_client):
    InitiativeFactory(title="Wandelgroep De Stap")
    InitiativeFactory(draft=True, title="Samen wandelen in Noord")
    InitiativeFactory(title="Kookclub", summary="Wij wandelden vroeger ook.")
    InitiativeFactory(title="Repaircafé")
    found = titles(admin_client.get(INITIATIVES, {"q": "wandelen"}))
    assert sorted(found) == ["Kookclub", "Samen wandelen in Noord", "Wandelgroep De Stap"]
    # The best match first: the word itself, in the title.
    assert found[0] == "Samen wandelen in Noord"


def test_the_best_match_comes_first_whatever_its_date(admin_client):
    """Published items list newest first; a search lists the best match first."""
    now = timezone.now()
    InitiativeFactory(title="Ouderen op de fiets", published_at=now - timedelta(days=400))
    InitiativeFactory(title="Kookclub", summary="Ook voor ouderen.", published_at=now)
    InitiativeFactory(title="Taalcafé", summary="Ouderen welkom.", published_at=now)
    found = titles(admin_client.get(INITIATIVES, {"q": "ouderen"}))
    assert found[0] == "Ouderen op de fiets"
    assert sorted(found) == ["Kookclub", "Ouderen op de fiets", "Taalcafé"]


def test_a_column_chosen_to_sort_by_wins_over_relevance(admin_client):
    InitiativeFactory(title="B wandelen", summary="wandelen wandelen")
    InitiativeFactory(title="A wandelen")
    found = titles(admin_client.get(INITIATIVES, {"q": "wandelen", "o": "1"}))
    assert found == ["A wandelen", "B wandelen"]


def test_the_slug_or_the_number_finds_just_that_item(admin_client):
    item = InitiativeFactory(title="Buurtmoestuin", slug="moestuin-aan-de-gracht")
    InitiativeFactory(title="Iets anders")
    assert titles(admin_client.get(INITIATIVES, {"q": "moestuin-aan-de-gracht"})) == [
        "Buurtmoestuin"
    ]
    assert titles(admin_client.get(INITIATIVES, {"q": str(item.pk)})) == ["Buurtmoestuin"]
    # A number too long for an id is no error: it finds nothing.
    assert titles(admin_client.get(INITIATIVES, {"q": "9" * 40})) == []


def test_words_too_common_to_search_find_nothing_rather_than_everything(admin_client):
    InitiativeFactory(title="De buurt")
    assert titles(admin_client.get(INITIATIVES, {"q": "de het een"})) == []


def test_a_broad_search_shows_its_newest_matches_and_says_so(admin_client, settings):
    settings.WIJK_SEARCH_BROAD = 2
    for n in range(4):
        InitiativeFactory(title=f"Taalcafé {n}")
    response = admin_client.get(INITIATIVES, {"q": "taalcafé"})
    assert sorted(titles(response)) == ["Taalcafé 2", "Taalcafé 3"]
    notes = [str(message) for message in response.context["messages"]]
    assert notes == [
        "Meer dan 2 items passen bij je zoekopdracht. Je ziet de 2 nieuwste, de beste "
        "eerst. Voeg een woord of een filter toe om er minder te vinden."
    ]


def test_a_broad_search_in_a_picker_leaves_no_message_for_the_next_page(admin_client, settings):
    settings.WIJK_SEARCH_BROAD = 2
    for n in range(4):
        InitiativeFactory(title=f"Taalcafé {n}")
    picked = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "taalcafé",
            "app_label": "cases",
            "model_name": "case",
            "field_name": "initiatives",
        },
    )
    assert len(picked.json()["results"]) == 2
    response = admin_client.get(INITIATIVES)
    assert list(response.context["messages"]) == []


def test_cases_are_searched_through_the_index_as_well(admin_client):
    CaseFactory(title="Ontmoeten in de Schilderswijk", summary="Buurtmoeders ontmoeten elkaar.")
    CaseFactory(title="Iets anders", summary="Over geld.")
    response = admin_client.get("/admin/cases/case/", {"q": "buurtmoeder"})
    assert titles(response) == ["Ontmoeten in de Schilderswijk"]


@pytest.mark.django_db(transaction=True)  # the vocabulary of typo corrections follows a commit
def test_a_typo_finds_the_word_it_meant_and_a_word_only_drafts_hold_is_found_as_typed(
    admin_client,
):
    InitiativeFactory(title="Wandelgroep")
    InitiativeFactory(draft=True, title="Wandelgeop")  # only a draft holds this word
    assert titles(admin_client.get(INITIATIVES, {"q": "wandelgoep"})) == ["Wandelgroep"]
    assert "Wandelgeop" in titles(admin_client.get(INITIATIVES, {"q": "wandelgeop"}))


def test_the_list_runs_a_fixed_number_of_queries_whatever_it_holds(admin_client):
    def queries(params):
        cache.clear()
        Lexicon.forget()
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(INITIATIVES, params).status_code == 200
        return len(captured)

    InitiativeFactory(title="Wandelen 0")
    before = [queries({}), queries({"q": "wandelen"})]
    for n in range(1, 30):
        InitiativeFactory(title=f"Wandelen {n}")
    assert [queries({}), queries({"q": "wandelen"})] == before


def test_the_list_filters_by_publication_date_without_reading_every_date(admin_client):
    InitiativeFactory(title="Nieuw")
    response = admin_client.get(INITIATIVES)
    page = response.content.decode()
    assert "Afgelopen zeven dagen" in page  # Django's date filter: fixed choices, no query
    assert response.context["cl"].date_hierarchy is None

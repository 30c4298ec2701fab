"""A broad search (more matches than WIJK_SEARCH_BROAD) ranks, shows and counts only its newest
matches, and says so; a narrower one is exact."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import InitiativeFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the vocabulary refreshes on commit


@pytest.fixture
def gardens(settings):
    settings.WIJK_SEARCH_BROAD = 3
    theme = ThemeFactory(name="Groen", slug="groen")
    now = timezone.now()
    items = {}
    for age, title, summary in [
        (5, "Moestuin De Oude Hof", "De oudste tuin."),  # a title match, but the oldest
        (4, "Buurtkamer Noord", "Met een moestuin achter het huis."),
        (3, "Koffieochtend", "Koffie, en daarna naar de moestuin."),
        (2, "Moestuin Zuid", "Samen tuinieren."),
        (1, "Leesclub", "Boeken lezen; in de zomer in de moestuin."),
    ]:
        item = InitiativeFactory(
            title=title, summary=summary, themes=[theme] if age in (1, 2, 5) else []
        )
        type(item).objects.filter(pk=item.pk).update(published_at=now - timedelta(days=age))
        items[title] = item
    return items


def test_a_broad_search_ranks_its_newest_matches_and_says_there_are_more(client, gardens):
    response = client.get("/initiatieven/", {"q": "moestuin"})
    titles = [item.title for item in response.context["results"]]
    # the three newest, the title match first; the oldest title match is past the newest three
    assert titles == ["Moestuin Zuid", "Leesclub", "Koffieochtend"]
    html = response.content.decode()
    assert "Meer dan 3 resultaten" in html
    assert response.context["filter"].broad


def test_its_facet_counts_cover_the_matches_it_shows(client, gardens):
    response = client.get("/initiatieven/", {"q": "moestuin"})
    counts = {
        option.value: option.count
        for facet in response.context["facets"]
        for option in facet.options
        if facet.param == "thema"
    }
    assert counts["groen"] == 2  # of the three shown; the oldest match carries it too


def test_a_narrower_search_is_exact(client, gardens):
    response = client.get("/initiatieven/", {"q": "moestuin", "thema": "groen"})
    assert [item.title for item in response.context["results"]] == [
        "Moestuin Zuid",
        "Moestuin De Oude Hof",  # a title match: ranked among all three matches
        "Leesclub",
    ]
    assert not response.context["filter"].broad
    assert "3 resultaten" in response.content.decode()


def test_another_order_reads_every_match(client, gardens):
    response = client.get("/initiatieven/", {"q": "moestuin", "sort": "titel"})
    assert len(response.context["results"]) == 5
    assert not response.context["filter"].broad


def test_the_api_says_when_its_count_is_not_exact(client, gardens):
    broad = client.get("/api/v1/initiatieven/", {"q": "moestuin"}).json()
    assert (broad["count"], broad["exact_count"]) == (3, False)
    narrow = client.get("/api/v1/initiatieven/", {"q": "tuinieren"}).json()
    assert (narrow["count"], narrow["exact_count"]) == (1, True)


def test_site_search_says_more_than(client, gardens):
    html = client.get("/zoeken/", {"q": "moestuin"}).content.decode()
    assert "meer dan 3" in html

"""The worker warms the shared cache after a change, so the first visitors find the counts
done (wijkplatform/warming.py)."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import InitiativeFactory, TargetGroupFactory, ThemeFactory
from wijkplatform import warming

pytestmark = pytest.mark.django_db

FACET_STATEMENT = "WITH b0"


@pytest.fixture
def catalogue():
    theme, group = ThemeFactory(slug="buurtmaaltijd"), TargetGroupFactory(slug="mantelzorgers")
    InitiativeFactory(title="Samen aan tafel", themes=[theme], target_groups=[group])
    InitiativeFactory(title="Koffie op dinsdag", themes=[theme])
    return theme, group


def facet_statements(client, address):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return [q["sql"] for q in captured if FACET_STATEMENT in q["sql"]]


def test_every_page_it_warms_answers(catalogue):
    addresses = list(warming.pages())
    assert "/initiatieven/?thema=buurtmaaltijd" in addresses
    assert "/initiatieven/?doelgroep=mantelzorgers" in addresses
    assert warming.warm(addresses) == len(addresses)


def test_after_warming_a_visitor_waits_for_no_counts(client, catalogue):
    """The counts are cached apart from the pages: a visitor with another browser (another
    page-cache entry) still finds them."""
    assert facet_statements(client, "/initiatieven/?thema=buurtmaaltijd")  # cold: counted
    InitiativeFactory(title="Nog een maaltijd", themes=[catalogue[0]])  # a change: cold again
    warming.warm()
    assert not facet_statements(client, "/initiatieven/?thema=buurtmaaltijd")
    assert not facet_statements(client, "/initiatieven/?doelgroep=mantelzorgers")
    assert not facet_statements(client, "/initiatieven/")


def test_the_worker_warms_once_per_change(settings, catalogue):
    settings.REDIS_URL = "redis://cache.example:6379/0"  # the task's sign of a shared cache
    with CaptureQueriesContext(connection) as first:
        warming.warm_caches(timestamp=0)
    assert len(first) > 10  # the pages were rendered
    with CaptureQueriesContext(connection) as again:
        warming.warm_caches(timestamp=15)
    assert len(again) == 1  # only the catalogue version was read: nothing changed
    InitiativeFactory(title="Taalmaatje")
    with CaptureQueriesContext(connection) as after_change:
        warming.warm_caches(timestamp=30)
    assert len(after_change) > 10


def test_the_worker_warms_again_when_the_counts_it_made_expire(settings, catalogue):
    settings.REDIS_URL = "redis://cache.example:6379/0"
    settings.FACET_CACHE_SECONDS = 1
    warming.warm_caches(timestamp=0)
    time.sleep(1.2)  # the counts are gone: nothing changed, but they are needed again
    with CaptureQueriesContext(connection) as later:
        warming.warm_caches(timestamp=15)
    assert [q for q in later if FACET_STATEMENT in q["sql"]]


def test_without_a_shared_cache_the_worker_leaves_it(settings, catalogue):
    settings.REDIS_URL = ""
    with CaptureQueriesContext(connection) as captured:
        warming.warm_caches(timestamp=0)
    assert len(captured) == 0

"""The open-loop load of `make bench --rate` (devtools/openloop.py): the issue's mix at the
rate asked, and every request sent to a real server and timed from when it was due."""

import pytest

from devtools import openloop
from tests.factories import CaseFactory, InitiativeFactory, MunicipalityFactory, ThemeFactory

SAMPLES = {
    "initiatives": ["a", "b"],
    "cases": ["c"],
    "themes": ["eenzaamheid"],
    "target_groups": ["ouderen"],
    "municipalities": ["GM0344"],
    "places": ["utrecht"],
    "postcodes": ["3511"],
    "queries": ["buurt", "koken"],
}


def test_the_plan_offers_the_rate_asked_with_three_in_ten_popular_addresses():
    plan = openloop.schedule(SAMPLES, rate=60, seconds=100)
    assert 5600 < len(plan) < 6400  # Poisson arrivals: about 6,000
    assert all(0 <= due < 100 for due, _family, _path in plan)
    assert [due for due, *_ in plan] == sorted(due for due, *_ in plan)
    popular = {"home", "plain list", "theme page", "municipality index"}
    share = sum(1 for _due, family, _path in plan if family in popular) / len(plan)
    assert 0.27 < share < 0.33
    searches = [path for _due, family, path in plan if family == "search"]
    assert searches and all("q=" in path for path in searches)


@pytest.mark.django_db(transaction=True)
def test_every_request_reaches_the_server_and_is_timed_from_when_it_was_due(live_server):
    place = MunicipalityFactory(name="Utrecht", code="GM0344")
    initiative = InitiativeFactory(title="Buurtkeuken", municipality=place)
    case = CaseFactory(title="Koken in de buurt")
    theme = ThemeFactory()
    samples = {
        **SAMPLES,
        "initiatives": [initiative.slug],
        "cases": [case.slug],
        "themes": [theme.slug],
        "places": [place.slug],
    }
    plan = openloop.schedule(samples, rate=40, seconds=1)
    port = int(live_server.url.rsplit(":", 1)[1])
    results = openloop.drive([port], plan)
    assert len(results) == len(plan) > 20
    assert {result.status for result in results} == {200}
    assert all(result.milliseconds > 0 for result in results)

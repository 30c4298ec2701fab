"""Generated requests to every public list, API, export and feed endpoint, to the wijkbeeld's
figures, to the page that follows a list's search by e-mail and to the proposal form (which
a link may fill in ahead): never a 5xx.

Hypothesis combines every public parameter (and unknown ones) with values of every kind:
real slugs and codes, numbers at the edges, postcodes and coordinates, and arbitrary text.
The Hypothesis profile sets the number of requests per endpoint: 1,000 in `full` (the
default), 50 in `smoke` (`--hypothesis-profile=smoke`; both in tests/conftest.py).
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    CaseFactory,
    DistrictFactory,
    InitiativeFactory,
    MunicipalityFactory,
    ProvinceFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/initiatieven/",
    "/casussen/",
    "/publicaties/",
    "/zoeken/",
    "/api/v1/initiatieven/",
    "/api/v1/casussen/",
    "/api/v1/initiatieven.geojson",
    "/initiatieven/export.csv",
    "/casussen/export.csv",
    "/feeds/initiatieven/",
    "/feeds/casussen/",
    "/feeds/publicaties/",
    "/meldingen/initiatieven/",
    "/themas/bonding/",
    "/api/v1/gemeenten/GM0344/inzicht/",
    "/api/v1/gemeenten/GM0344/wijken/WK034401/inzicht/",
    "/initiatieven/aanmelden/",
    "/inzicht/",
    "/inzicht/utrecht/",
    "/api/v1/gemeenten.geojson",
]
PARAMETERS = [
    "q",
    "letterlijk",
    "thema",
    "doelgroep",
    "tag",
    "gemeente",
    "wijk",
    "status",
    "kwetsbaar",
    "hulp",
    "bij",
    "straal",
    "sort",
    "page",
    "type",
    "publicatie",
    "format",
    "sorteer",
    "provincie",
]
KNOWN_VALUES = [
    "bonding",
    "ouderen",
    "GM0344",
    "WK034401",
    "actief",
    "afgerond",
    "1",
    "vrijwilligers",
    "relevantie",
    "nieuw",
    "afstand",
    "titel",
    "3511",
    "3511 AB",
    "52.09,5.12",
    "Utrecht",
    "2,5",
    "boek",
    "wij-in-de-wijk-3",
    "concept",
    "csv",
    "json",
    "naam",
    "-aantal",
    "meest",
    "-bonding",
    "utrecht",
]

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
coordinates = st.tuples(
    st.floats(min_value=-200, max_value=200), st.floats(min_value=-200, max_value=200)
).map(lambda point: f"{point[0]},{point[1]}")
values = st.one_of(
    st.sampled_from(KNOWN_VALUES),
    numbers,
    coordinates,
    st.from_regex(r"\A[0-9]{4} ?[A-Za-z]{0,2}\Z"),
    st.text(max_size=300),
    st.text(alphabet="\"-*&|!():<>\\'%", max_size=30),  # search operators and quoting
)
names = st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=20))
queries = st.lists(st.tuples(names, values), max_size=6)


@pytest.fixture
def catalogue(db):
    """A small catalogue with everything the parameters can point at.

    Made inside the test's transaction, so nothing outlives the test.
    """
    theme = ThemeFactory(slug="bonding", name="Bonding")
    group = TargetGroupFactory(slug="ouderen", name="Ouderen")
    utrecht = MunicipalityFactory(
        code="GM0344", name="Utrecht", province=ProvinceFactory(name="Utrecht")
    )
    district = DistrictFactory(code="WK034401", municipality=utrecht)
    initiative = InitiativeFactory(
        themes=[theme],
        target_groups=[group],
        municipality=utrecht,
        district=district,
        latitude=52.09,
        longitude=5.12,
        help_wanted=["vrijwilligers"],
    )
    publication = PublicationFactory(themes=[theme], slug="wij-in-de-wijk-3")
    PublicationFactory(themes=[theme], slug="concept", draft=True)
    CaseFactory(
        themes=[theme], municipality=utrecht, initiatives=[initiative], publication=publication
    )


def query_string(pairs, raw):
    """Form-encoded as browsers do, or percent-encoded byte for byte as a hand-typed URL."""
    if raw:
        return "&".join(f"{quote(name, safe='')}={quote(value, safe=',')}" for name, value in pairs)
    return urlencode(pairs)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_generated_request_gets_a_server_error(client, catalogue, endpoint):
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(pairs=queries, raw=st.booleans())
    def request(pairs, raw):
        url = f"{endpoint}?{query_string(pairs, raw)}"
        response = client.get(url)
        assert response.status_code < 500, url
        if endpoint.startswith("/api/") and response.status_code == 400:
            assert response.json()["errors"], url

    request()

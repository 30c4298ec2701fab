"""One search for what and where: the home page and /zoeken/ send words (`q`) and a place
(`bij`, `straal`) together. Initiatives are searched around the place, nearest first; cases in
the municipality it lies in; publications, which have no place, everywhere. A place alone opens
the initiatives around it. These are plain GET forms: what is tested here is all a browser
without JavaScript does."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.lexicon import Lexicon
from initiatives.models import Initiative
from places.models import Postcode
from tests.factories import (
    CaseFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db

DOM = (52.0907, 5.1214)


@pytest.fixture(scope="module")
def catalogue(module_db):
    """Older people's initiatives in and around Utrecht and in Groningen; made once, read only."""
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht", latitude=DOM[0], longitude=DOM[1])
    zeist = MunicipalityFactory(code="GM0355", name="Zeist", latitude=52.089, longitude=5.233)
    groningen = MunicipalityFactory(
        code="GM0014", name="Groningen", latitude=53.2194, longitude=6.5665
    )
    Postcode.objects.create(postcode="3511", latitude=DOM[0], longitude=DOM[1])
    InitiativeFactory(
        title="Koffie voor ouderen Oost", municipality=utrecht, latitude=52.0953, longitude=5.14
    )
    InitiativeFactory(
        title="Ouderen wandelen bij de Dom", municipality=utrecht, latitude=DOM[0], longitude=DOM[1]
    )
    InitiativeFactory(title="Moestuin Lombok", municipality=utrecht, latitude=52.09, longitude=5.1)
    InitiativeFactory(
        title="Ouderen fietsen in Zeist", municipality=zeist, latitude=52.089, longitude=5.233
    )
    InitiativeFactory(
        title="Ouderen eten samen", municipality=groningen, latitude=53.2194, longitude=6.5665
    )
    InitiativeFactory(
        title="Ouderen bellen elkaar", municipality=utrecht, scope=Initiative.Scope.ONLINE
    )
    CaseFactory(title="Ouderen in Utrecht", municipality=utrecht)
    CaseFactory(title="Ouderen in Groningen", municipality=groningen)
    PublicationFactory(title="Handreiking voor ouderenwerk")
    return {"utrecht": utrecht, "groningen": groningen}


def search(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    return response


def groups(response):
    """{kind label: (titles, where it was narrowed to, link to the whole list)}."""
    return {
        str(group["label"]): (
            [item.title for item in group["results"]],
            group["place_label"] or ("nergens" if group["placeless"] else None),
            group["url"],
        )
        for group in response.context["groups"]
    }


def test_words_and_a_postcode_find_what_is_near_and_in_its_municipality(client, catalogue):
    found = groups(search(client, q="ouderen", bij="3511 ", straal=""))
    assert found == {
        "Initiatieven": (
            ["Ouderen wandelen bij de Dom", "Koffie voor ouderen Oost"],  # nearest first
            "Binnen 5 km van 3511",
            "/initiatieven/?q=ouderen&bij=3511&sort=afstand",
        ),
        "Casussen": (
            ["Ouderen in Utrecht"],
            "In de gemeente Utrecht",
            "/casussen/?q=ouderen&gemeente=GM0344",
        ),
        "Publicaties": (["Handreiking voor ouderenwerk"], "nergens", "/publicaties/?q=ouderen"),
    }


def test_the_page_says_where_it_searched_and_how_far_each_result_is(client, catalogue):
    html = search(client, q="ouderen", bij="3511").content.decode()
    assert "Binnen 5 km van 3511" in html
    assert "In de gemeente Utrecht" in html
    assert "Deze horen niet bij één plaats." in html
    assert "op 1,4 km" in html  # Koffie voor ouderen Oost
    # The form keeps what was searched for.
    assert 'name="q" id="id_q" value="ouderen"' in html
    assert 'name="bij" id="id_bij" value="3511"' in html


def test_a_link_to_a_list_shows_the_same_search_there(client, catalogue):
    for n in range(5):  # more than /zoeken/ shows, so it links to the whole list
        InitiativeFactory(title=f"Ouderen zingen {n}", latitude=52.09, longitude=5.12 + n / 1000)
    group = search(client, q="ouderen", bij="3511").context["groups"][0]
    assert group["count"] == 7
    listed = client.get(group["url"]).context
    assert listed["page_obj"].paginator.count == 7
    assert [i.title for i in listed["results"]][:5] == [i.title for i in group["results"]]


def test_a_larger_distance_reaches_further(client, catalogue):
    titles = groups(search(client, q="ouderen", bij="3511", straal="10"))["Initiatieven"][0]
    assert titles == [
        "Ouderen wandelen bij de Dom",
        "Koffie voor ouderen Oost",
        "Ouderen fietsen in Zeist",
    ]


def test_a_municipality_name_is_a_place(client, catalogue):
    found = groups(search(client, q="ouderen", bij="groningen"))
    assert found["Initiatieven"][:2] == (["Ouderen eten samen"], "Binnen 5 km van Groningen")
    assert found["Casussen"][:2] == (["Ouderen in Groningen"], "In de gemeente Groningen")


def test_without_a_place_everything_is_searched_as_before(client, catalogue):
    found = groups(search(client, q="ouderen"))
    assert len(found["Initiatieven"][0]) == 5
    assert found["Casussen"] == (
        ["Ouderen in Groningen", "Ouderen in Utrecht"],
        None,
        "/casussen/?q=ouderen",
    )


def test_a_place_alone_opens_the_initiatives_around_it(client, catalogue):
    response = client.get("/zoeken/", {"q": "", "bij": "3511", "straal": "10"})
    assert response.status_code == 302
    assert response["Location"] == "/initiatieven/?bij=3511&straal=10&sort=afstand"
    titles = [i.title for i in client.get(response["Location"]).context["results"]]
    assert titles == [
        "Ouderen wandelen bij de Dom",
        "Koffie voor ouderen Oost",
        "Moestuin Lombok",
        "Ouderen fietsen in Zeist",
    ]


BAD_PLACES = [
    ("9999", "Postcode 9999 kennen we niet."),
    ("Nergenshuizen", "We kunnen “Nergenshuizen” niet vinden."),
    ("48.85,2.35", "Deze plek ligt buiten Nederland."),
    ("91,5", "Dit zijn geen coördinaten op aarde."),
    ("x" * 300, "Deze plaats is te lang."),
]


@pytest.mark.parametrize(("place", "message"), BAD_PLACES)
def test_an_unknown_place_is_explained_kept_and_the_words_searched_everywhere(
    client, catalogue, place, message
):
    response = search(client, q="ouderen", bij=place)
    html = response.content.decode()
    assert message in html
    assert f'value="{place}"' in html  # what was typed stays in the box
    assert re.search(r'id="id_bij"[^>]*aria-describedby="bij-hint bij-error"', html)
    assert re.search(r'id="id_bij"[^>]*aria-invalid="true"', html)
    assert "We tonen de resultaten van alle plaatsen." in html
    assert len(groups(response)["Initiatieven"][0]) == 5  # the results from everywhere


@pytest.mark.parametrize(("place", "message"), BAD_PLACES)
def test_an_unknown_place_alone_stays_on_the_search_page(client, catalogue, place, message):
    response = search(client, bij=place)
    html = response.content.decode()
    assert message in html
    assert f'value="{place}"' in html
    assert response.context["groups"] == []


@pytest.mark.parametrize(
    ("straal", "message"),
    [("vijf", "een aantal kilometers"), ("0", "minstens 0,1 km"), ("500", "hoogstens 100 km")],
)
def test_a_bad_distance_is_named_and_the_default_distance_used(client, catalogue, straal, message):
    response = search(client, q="ouderen", bij="3511", straal=straal)
    html = response.content.decode()
    assert message in html
    assert re.search(r'id="id_straal"[^>]*aria-invalid="true"', html)
    assert groups(response)["Initiatieven"][1] == "Binnen 5 km van 3511"


def test_a_distance_without_a_place_is_left_alone(client, catalogue):
    response = search(client, q="ouderen", straal="10")
    assert len(groups(response)["Initiatieven"][0]) == 5
    assert "aria-invalid" not in response.content.decode()


def test_odd_input_never_breaks_the_page(client, catalogue):
    for params in (
        {"q": "ouderen", "bij": "35\x0011"},
        {"bij": "3511", "straal": "NaN"},
        {"bij": "52.09,5.12", "straal": "1e400"},
        {"q": '"""', "bij": "Utrecht"},
    ):
        assert client.get("/zoeken/", params).status_code < 500, params
    assert client.get("/zoeken/?q=ouderen&bij=%ed%a0%80%ff").status_code < 500


class Forms(HTMLParser):
    """The forms of a page: action, method and the names of their fields; and the options of
    every select, by id."""

    def __init__(self, html):
        super().__init__()
        self.forms, self.options, self._select = [], {}, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "method": attrs.get("method")})
            self.forms[-1]["fields"] = []
        elif tag in ("input", "select") and self.forms and attrs.get("name"):
            self.forms[-1]["fields"].append(attrs["name"])
        if tag == "select":
            self._select = attrs.get("id")
            self.options[self._select] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(attrs.get("value"))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.mark.parametrize("path", ["/", "/zoeken/?q=ouderen"])
def test_one_plain_form_sends_what_and_where_to_the_search(client, catalogue, path):
    page = Forms(client.get(path).content.decode())
    searches = [form for form in page.forms if form["action"] == "/zoeken/"]
    assert searches == [{"action": "/zoeken/", "method": "get", "fields": ["q", "bij", "straal"]}]


def test_home_and_list_offer_the_same_distances(client, catalogue):
    home = Forms(client.get("/").content.decode()).options["id_straal"]
    listed = Forms(client.get("/initiatieven/?bij=3511").content.decode()).options["id_straal"]
    assert home == listed == ["1", "2", "", "10", "25", "50"]  # "": the default, 5 km
    html = client.get("/").content.decode()
    assert '<option value="50">50 km</option>' in html
    assert '<option value="" selected>5 km</option>' in html


def test_search_with_a_place_runs_a_fixed_number_of_queries(client, catalogue):
    def queries():
        cache.clear()
        Lexicon.forget()  # the lexicon too, as a fresh process reads it
        with CaptureQueriesContext(connection) as captured:
            search(client, q="ouderen", bij="3511")
        return len(captured)

    def add(start, stop):
        for n in range(start, stop):
            InitiativeFactory(title=f"Ouderen dansen {n}", latitude=52.09, longitude=5.12)
            CaseFactory(title=f"Ouderen dansen {n}", municipality=catalogue["utrecht"])
            PublicationFactory(title=f"Ouderen dansen {n}")

    add(0, 5)  # more of each kind than the page shows: each is counted
    before = queries()
    add(5, 25)
    assert queries() == before
    # Three more than without a place: the postcode (read by the page and by the initiatives'
    # filters), the municipality it lies in, and that municipality for the cases' filters.
    assert before <= 21  # a fresh process: the lexicon read, and the version it is read at

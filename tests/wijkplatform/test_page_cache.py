"""Anonymous visitors get cached pages, and a change to the catalogue shows at once."""

import pytest
from django.contrib.auth import get_user_model

from catalogue.models import State
from tests.factories import InitiativeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def initiative():
    return InitiativeFactory(title="Buurtmoestuin De Pluk", themes=[ThemeFactory()])


def test_a_repeated_page_comes_from_the_cache_with_one_query(
    client, initiative, django_assert_num_queries
):
    first = client.get("/initiatieven/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the catalogue version
        second = client.get("/initiatieven/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second


def test_a_detail_page_comes_from_the_cache(client, initiative):
    # The view reads request.user (editors may preview drafts): for a visitor without
    # cookies that is the same anonymous user every time.
    assert client.get(initiative.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(initiative.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_page_read_with_someone_s_cookies_is_not_shared(client, initiative):
    client.cookies["csrftoken"] = "x" * 32
    client.get(initiative.get_absolute_url())
    client.cookies.clear()
    assert client.get(initiative.get_absolute_url())["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("path", ["/", "/initiatieven/", "/themas/"])
def test_an_edit_shows_up_at_once(client, initiative, path):
    client.get(path)
    client.get(initiative.get_absolute_url())
    initiative.title = "Buurtmoestuin De Oogst"
    initiative.save()
    assert "De Oogst" in client.get(initiative.get_absolute_url()).content.decode()
    if path != "/themas/":
        assert "De Oogst" in client.get(path).content.decode()


def test_unpublishing_removes_the_page_at_once(client, initiative):
    assert client.get(initiative.get_absolute_url()).status_code == 200
    initiative.state = State.ARCHIVED
    initiative.save()
    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert "De Pluk" not in client.get("/initiatieven/").content.decode()


def test_publishing_shows_the_new_item_at_once(client, initiative):
    client.get("/initiatieven/")
    InitiativeFactory(title="Repair Café Noord", themes=[ThemeFactory()])
    assert "Repair Café Noord" in client.get("/initiatieven/").content.decode()


def test_visitors_with_a_session_are_never_served_from_the_cache(client, initiative):
    user = get_user_model().objects.create_user("redacteur", password="x", is_staff=True)
    client.get("/initiatieven/")
    client.force_login(user)
    response = client.get("/initiatieven/")
    assert "X-Page-Cache" not in response


def test_the_list_part_and_the_whole_page_are_kept_apart(client, initiative):
    whole = client.get("/initiatieven/?thema=x").content
    part = client.get("/initiatieven/?thema=x", headers={"HX-Request": "true"}).content
    assert b"<html" in whole
    assert b"<html" not in part
    assert b"<html" in client.get("/initiatieven/?thema=x").content


def test_a_head_request_does_not_empty_the_page_for_get(client, initiative):
    client.head("/initiatieven/")
    assert b"De Pluk" in client.get("/initiatieven/").content


def test_errors_and_machine_endpoints_are_not_cached(client):
    assert "X-Page-Cache" not in client.get("/initiatieven/bestaat-niet/")
    assert "X-Page-Cache" not in client.get("/healthz")


def test_gzipped_answers_only_go_to_those_who_accept_them(client):
    InitiativeFactory.create_batch(5, latitude=52.09, longitude=5.12)  # worth compressing
    gzipped = client.get("/api/v1/initiatieven.geojson", headers={"Accept-Encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip"
    plain = client.get("/api/v1/initiatieven.geojson")
    assert "Content-Encoding" not in plain
    assert plain.json()["type"] == "FeatureCollection"


def test_each_host_gets_its_own_absolute_addresses(client, settings):
    settings.ALLOWED_HOSTS = ["wijkplatform.nl", "www.wijkplatform.nl"]
    client.get("/robots.txt", headers={"Host": "wijkplatform.nl"})
    robots = client.get("/robots.txt", headers={"Host": "www.wijkplatform.nl"})
    assert b"http://www.wijkplatform.nl/sitemap.xml" in robots.content

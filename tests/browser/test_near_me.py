"""What is near me, from the home page: the "waar?" box of its one search, which with a place
alone leads to the initiatives around that place, and "use my location" as an enhancement that
only a browser with JavaScript and geolocation offers. Looking up a place writes nothing: these
tests share one load of the demo catalogue."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

DOM_TOWER = {"latitude": 52.0907, "longitude": 5.1214}
LOCATE = "Gebruik mijn locatie"
LIST = re.compile(r"/initiatieven/\?")
WHERE = "Waar?"


def query_of(url):
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


@pytest.fixture
def page_with(browser):
    """A page in a context of its own, with the browser permissions or settings a test needs."""
    contexts = []

    def new_page(**options):
        contexts.append(browser.new_context(locale="nl-NL", **options))
        return contexts[-1].new_page()

    yield new_page
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_a_postcode_shows_what_is_near(shared_demo_site, page, page_problems):
    page.goto(shared_demo_site + "/")
    page.get_by_label(WHERE).fill("3511")
    page.get_by_role("button", name="Zoeken", exact=True).click()

    page.wait_for_url(LIST)
    assert query_of(page.url) == ("/initiatieven/", {"bij": ["3511"], "sort": ["afstand"]})
    expect(page.locator("#results .card").first).to_contain_text(re.compile(r"\d km"))
    assert not page_problems, page_problems


@pytest.mark.browser
def test_my_location_fills_the_box_and_sends_it(shared_demo_site, page_with):
    page = page_with(permissions=["geolocation"], geolocation=DOM_TOWER)
    page.goto(shared_demo_site + "/")
    page.get_by_role("button", name=LOCATE).click()

    page.wait_for_url(LIST)
    assert query_of(page.url) == (
        "/initiatieven/",
        {"bij": ["52.0907,5.1214"], "sort": ["afstand"]},
    )


@pytest.mark.browser
def test_while_the_browser_looks_the_page_says_so(shared_demo_site, page_with):
    page = page_with()
    # A position that never comes: the moment between asking and knowing, held still.
    page.add_init_script("Geolocation.prototype.getCurrentPosition = function () {};")
    page.goto(shared_demo_site + "/")
    button = page.get_by_role("button", name=LOCATE)
    button.click()

    expect(page.get_by_role("status")).to_have_text("We zoeken je locatie…")
    expect(button).to_have_attribute("aria-disabled", "true")
    expect(button).to_be_focused()


@pytest.mark.browser
def test_a_refused_location_says_so_and_sends_nothing(shared_demo_site, page_with):
    page = page_with()  # no permission granted: the browser refuses
    page.goto(shared_demo_site + "/")
    navigations = []
    page.on("request", lambda r: navigations.append(r.url) if r.is_navigation_request() else None)
    button = page.get_by_role("button", name=LOCATE)
    button.focus()
    page.keyboard.press("Enter")

    status = page.get_by_role("status")
    expect(status).to_contain_text("geen toestemming")
    expect(status).to_contain_text("postcode")
    expect(button).to_be_focused()
    expect(button).not_to_have_attribute("aria-disabled", "true")
    assert page.get_by_label(WHERE).input_value() == ""
    assert urlsplit(page.url).path == "/" and navigations == []


@pytest.mark.browser
def test_the_locate_button_fits_a_phone_and_shows_focus(shared_demo_site, page_with):
    page = page_with(viewport={"width": 360, "height": 740})
    page.goto(shared_demo_site + "/")
    page.get_by_label(WHERE).focus()
    page.keyboard.press("Tab")

    button = page.get_by_role("button", name=LOCATE)
    expect(button).to_be_focused()
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    assert box["x"] + box["width"] <= 360, box
    outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


@pytest.mark.browser
def test_without_javascript_the_box_works_and_offers_no_locate_button(shared_demo_site, page_with):
    page = page_with(java_script_enabled=False)
    page.goto(shared_demo_site + "/")
    expect(page.get_by_role("button", name=LOCATE)).to_have_count(0)

    page.get_by_label(WHERE).fill("3511")
    page.locator("select[name=straal]").select_option("10")
    page.get_by_role("button", name="Zoeken", exact=True).click()

    page.wait_for_url(LIST)
    assert query_of(page.url) == (
        "/initiatieven/",
        {"bij": ["3511"], "straal": ["10"], "sort": ["afstand"]},
    )


@pytest.mark.browser
def test_words_and_a_place_search_both_together(shared_demo_site, page, page_problems):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(shared_demo_site + "/")
    page.get_by_label("Wat zoek je?").fill("ouderen")
    page.get_by_label(WHERE).fill("3511")
    page.get_by_role("button", name="Zoeken", exact=True).click()

    page.wait_for_url(re.compile(r"/zoeken/\?"))
    assert query_of(page.url) == ("/zoeken/", {"q": ["ouderen"], "bij": ["3511"]})
    initiatives = page.get_by_role("region", name=re.compile("^Initiatieven"))
    expect(initiatives).to_contain_text("Binnen 5 km van 3511")
    expect(initiatives.locator(".card").first).to_contain_text(re.compile(r"op \d"))
    expect(page.get_by_label("Wat zoek je?")).to_have_value("ouderen")
    expect(page.get_by_label(WHERE)).to_have_value("3511")
    assert not page_problems, page_problems


@pytest.mark.browser
def test_an_unknown_place_in_the_search_is_explained_and_kept(shared_demo_site, page):
    page.goto(shared_demo_site + "/zoeken/?q=ouderen")
    box = page.get_by_label(WHERE)
    box.fill("9999")
    box.press("Enter")

    page.wait_for_url(re.compile(r"bij=9999"))
    expect(box).to_have_value("9999")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(re.compile("Postcode 9999 kennen we niet"))
    expect(page.locator(".card").first).to_be_visible()  # the words, searched everywhere


@pytest.mark.browser
def test_on_the_list_my_location_updates_the_results_in_place(shared_demo_site, page_with):
    page = page_with(permissions=["geolocation"], geolocation=DOM_TOWER)
    page.goto(shared_demo_site + "/initiatieven/")
    page.get_by_role("button", name=LOCATE).click()

    expect(page.get_by_label("Postcode of plaats")).to_have_value("52.0907,5.1214")
    expect(page.locator("#results .card").first).to_contain_text(re.compile(r"op \d"))
    expect(page.get_by_role("heading", name="Ook online en landelijk")).to_be_visible()
    assert query_of(page.url)[1]["bij"] == ["52.0907,5.1214"]


@pytest.mark.browser
def test_a_bad_postcode_on_the_list_is_explained_and_kept(shared_demo_site, page):
    page.goto(shared_demo_site + "/initiatieven/")
    box = page.get_by_label("Postcode of plaats")
    box.fill("9999")
    box.press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("Postcode 9999 kennen we niet")
    expect(box).to_have_value("9999")
    expect(box).to_have_attribute("aria-invalid", "true")

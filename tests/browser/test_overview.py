"""The national picture (/inzicht/) in Chromium: the map draws a circle per municipality with
initiatives, sized and named as the table says; a keyboard skips the map, opens a circle and
sorts the table; and the page passes axe with the map drawn, on a phone and a desktop.

These tests only look, all on one load of the demo catalogue (no map tiles)."""

import re

import pytest
from playwright.sync_api import expect

from initiatives.overview import SYMBOL_MAX_RADIUS
from tests.browser.test_accessibility import describe_violations, run_axe

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
OVERVIEW = "/inzicht/"
GEOJSON = "/api/v1/gemeenten.geojson"
SYMBOL = ".map__symbol"


def municipalities(page, site, query=""):
    response = page.request.get(f"{site}{GEOJSON}{query}")
    assert response.ok, response.status
    return [f["properties"] for f in response.json()["features"] if f["properties"]["count"]]


def open_map(page, url, viewport=DESKTOP):
    """The page with its map drawn (it draws once it comes into view)."""
    page.set_viewport_size(viewport)
    page.emulate_media(reduced_motion="reduce")
    page.goto(url)
    page.locator(".map__canvas").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const map = document.querySelector('[data-map]');"
        " return map.querySelector('.leaflet-container') && !map.hasAttribute('aria-busy')"
        " && map.querySelector('.map__status').textContent; }",
        timeout=10_000,
    )


@pytest.mark.browser
def test_the_map_draws_a_circle_per_municipality_sized_and_named(
    shared_demo_site, page, page_problems
):
    drawn = municipalities(page, shared_demo_site)
    open_map(page, shared_demo_site + OVERVIEW)

    circles = page.locator(SYMBOL)
    expect(circles).to_have_count(len(drawn))
    expect(page.locator(".map__status")).to_have_text(
        f"{len(drawn)} gemeenten met initiatieven staan op de kaart."
    )
    # Utrecht has the most: the largest circle, in bonding's colour with its letter, named in
    # words for whoever does not see the colour.
    utrecht = page.locator(f'{SYMBOL}[aria-label^="Utrecht:"]')
    expect(utrecht).to_have_attribute(
        "aria-label", "Utrecht: 10 initiatieven, meest gemaakt: Bonding"
    )
    expect(utrecht).to_have_attribute("role", "button")
    expect(utrecht).to_have_class(re.compile(r"\bsymbol--kind-1\b"))
    expect(utrecht).to_have_attribute("data-letter", "Bo")
    letter = utrecht.evaluate("el => getComputedStyle(el, '::before').content")
    assert letter.startswith('"Bo"'), letter  # drawn, with no text of its own to read
    assert round(utrecht.bounding_box()["width"]) == 2 * SYMBOL_MAX_RADIUS
    groningen = page.locator(f'{SYMBOL}[aria-label^="Groningen:"]')
    expect(groningen).to_have_attribute(
        "aria-label", "Groningen: 3 initiatieven, even vaak: Bonding, Bridging"
    )
    # Area in proportion: 3 initiatives against Utrecht's 10.
    ratio = (groningen.bounding_box()["width"] / utrecht.bounding_box()["width"]) ** 2
    assert ratio == pytest.approx(3 / 10, rel=0.1)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_a_province_map_has_only_its_municipalities(shared_demo_site, page, page_problems):
    drawn = municipalities(page, shared_demo_site, "?provincie=groningen")
    open_map(page, shared_demo_site + "/inzicht/groningen/")

    labels = page.locator(SYMBOL).evaluate_all(
        "els => els.map(el => el.getAttribute('aria-label'))"
    )
    assert sorted(label.split(":")[0] for label in labels) == sorted(m["name"] for m in drawn)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_a_circle_opens_its_figures_and_a_link_from_the_keyboard(shared_demo_site, page):
    open_map(page, shared_demo_site + OVERVIEW)
    circle = page.locator(f'{SYMBOL}[aria-label^="Rotterdam:"]')

    circle.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    link = popup.locator(".map__popup-title a")
    expect(link).to_be_focused()
    expect(link).to_have_text("Rotterdam")
    expect(link).to_have_attribute("href", "/gemeenten/rotterdam/")
    lines = popup.locator(".map__popup-place").all_inner_texts()
    assert lines == [
        "4 initiatieven",
        "Bonding: 1",
        "Bridging: 2",
        "Linking: 1",
        "meest gemaakt: Bridging",
    ]
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    violations = run_axe(page)
    assert not violations, describe_violations(violations)

    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(circle).to_be_focused()


@pytest.mark.browser
def test_the_keyboard_skips_the_map_and_sorts_the_table(shared_demo_site, page):
    open_map(page, shared_demo_site + OVERVIEW)
    page.locator("#provinces-heading").scroll_into_view_if_needed()
    # The last link before the map: the last province in its table.
    page.locator('section[aria-labelledby="provinces-heading"] tbody a').last.focus()
    page.keyboard.press("Tab")
    skip = page.locator(".map__skip")
    expect(skip).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.locator("#map-after")).to_be_focused()
    page.keyboard.press("Tab")  # the table's region, which scrolls on a phone
    expect(page.locator("#gemeenten .table-scroll")).to_be_focused()
    page.keyboard.press("Tab")
    heading = page.locator("#gemeenten thead a").first
    expect(heading).to_be_focused()
    expect(heading).to_have_text("Gemeente")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/inzicht/\?sorteer=naam#gemeenten$"))
    expect(page.locator("#gemeenten th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    names = page.locator("#gemeenten tbody th").all_inner_texts()
    assert names[:3] == ["Almere", "Amsterdam", "Arnhem"]
    assert names == sorted(names, key=lambda name: name.lstrip("'").lower())
    # The table is in view, not the top of the page.
    assert page.evaluate("document.querySelector('#gemeenten').getBoundingClientRect().top") < 100

    # From the table on: its region, then Gemeente, Provincie, Initiatieven.
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Initiatieven")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sorteer=-aantal#gemeenten$"))
    assert page.locator("#gemeenten tbody th").first.inner_text() == "Utrecht"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_page_with_its_map_drawn_passes_axe_and_fits(
    shared_demo_site, page, page_problems, viewport
):
    open_map(page, shared_demo_site + OVERVIEW, viewport)

    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    widths = page.evaluate("[innerWidth, document.documentElement.scrollWidth]")
    assert widths[1] <= widths[0], widths
    if viewport is PHONE:  # the table scrolls sideways in its own region, named by its caption
        region = page.locator("#gemeenten .table-scroll")
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_accessible_name(re.compile(r"^Initiatieven per gemeente"))
        assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_without_javascript_the_table_says_it_all(shared_demo_site, browser):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(shared_demo_site + OVERVIEW)
        expect(page.locator(".overview-map")).to_be_hidden()
        page.locator("#gemeenten thead a", has_text="Linking").click()
        expect(page).to_have_url(re.compile(r"sorteer=-linking#gemeenten$"))
        first = page.locator("#gemeenten tbody tr").first.locator("th, td").all_inner_texts()
        # Four municipalities have one linking initiative, the most: by name among them.
        assert first[0] == "Amsterdam" and first[5] == "1"
    finally:
        context.close()

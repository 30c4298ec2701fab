"""Maps: what the list shows is on the map, the map follows the filters, and it never stands in
the way (keyboard, phones, no JavaScript). Tests draw no tiles (MAP_TILE_URL is empty).

These tests only look, all on one load of the demo catalogue; editors placing the pin in the
admin: test_maps.py."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.sweep import failures_over, report
from tests.browser.test_accessibility import describe_violations, run_axe
from tests.browser.test_live_results import HTMX_IDLE, same_node, tag_node

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
LIST = "/initiatieven/"
DETAIL = "/initiatieven/vrouwengroep-de-zonnebloem/"
GEOJSON = "/api/v1/initiatieven.geojson"
# The line above a list's map, a button that folds it on phones (plain text on a desktop).
MAP_TOGGLE = "[data-map] .fold__toggle"

# What the map draws: single markers plus the initiatives inside the clusters (their names
# say how many: "12 initiatieven"), once no GeoJSON request is in flight.
ON_THE_MAP = """() => {
  const map = document.querySelector('[data-map]');
  if (!map || map.hasAttribute('aria-busy')) return null;
  if (!map.querySelector('.leaflet-container')) return null;
  const clusters = [...map.querySelectorAll('.map__cluster')]
    .map((el) => parseInt(el.getAttribute('aria-label').replace(/\\D/g, ''), 10));
  const markers = map.querySelectorAll('img.leaflet-marker-icon').length;
  return markers + clusters.reduce((a, b) => a + b, 0);
}"""


def points(page, site, query=""):
    response = page.request.get(f"{site}{GEOJSON}?{query}")
    assert response.ok, response.status
    return response.json()


def wait_for_map(page, count):
    """Until the map shows `count` initiatives (markers and cluster members together)."""
    page.wait_for_function(f"() => ({ON_THE_MAP})() === {count}", timeout=10_000)


def numbers(text):
    return [int(n) for n in re.findall(r"\d+", text.replace(".", ""))]


def open_list(page, url, viewport=DESKTOP):
    page.set_viewport_size(viewport)
    page.goto(url)
    page.wait_for_function(HTMX_IDLE, timeout=5000)


@pytest.mark.browser
def test_the_list_map_shows_every_result_with_a_place(shared_demo_site, page, page_problems):
    data = points(page, shared_demo_site)
    shown = len(data["features"])
    assert 0 < shown < data["count"], "the demo has initiatives with and without a place"
    open_list(page, shared_demo_site + LIST)

    wait_for_map(page, shown)
    clusters = page.locator(".map__cluster")
    assert clusters.count() > 0, "the Netherlands at a glance: nearby initiatives are clustered"
    expect(clusters.first).to_have_attribute("role", "button")
    expect(clusters.first).to_have_attribute("aria-label", re.compile(r"^\d+ initiatieven$"))
    status = page.locator(".map__status")
    assert numbers(status.inner_text()) == [shown, data["count"]], status.inner_text()
    expect(page.locator(".map__canvas")).to_have_attribute("role", "region")
    expect(page.locator(".map__canvas")).to_have_attribute("aria-label", "Kaart van de resultaten")
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_the_map_follows_the_filters(shared_demo_site, page, page_problems):
    everything = len(points(page, shared_demo_site)["features"])
    filtered = points(page, shared_demo_site, "thema=bonding")
    assert 0 < len(filtered["features"]) < everything
    open_list(page, shared_demo_site + LIST)
    wait_for_map(page, everything)
    tag_node(page, ".map__canvas", "__map")
    asked = []
    page.on("request", lambda r: GEOJSON in r.url and asked.append(r.url))

    page.locator("#f-thema-bonding").check()

    expect(page).to_have_url(shared_demo_site + LIST + "?thema=bonding")
    wait_for_map(page, len(filtered["features"]))
    assert asked == [shared_demo_site + GEOJSON + "?thema=bonding"], asked
    assert same_node(page, ".map__canvas", "__map"), "the map was thrown away and drawn anew"
    status = page.locator(".map__status").inner_text()
    assert numbers(status) == [len(filtered["features"]), filtered["count"]], status

    # Back to the whole list: htmx puts back its copy of the page; the map is drawn again.
    page.go_back()
    expect(page).to_have_url(shared_demo_site + LIST)
    wait_for_map(page, everything)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_a_refused_parameter_is_left_out_as_the_list_does(shared_demo_site, page, page_problems):
    everything = len(points(page, shared_demo_site)["features"])
    open_list(page, shared_demo_site + LIST + "?thema=bestaat-niet")
    expect(page.locator(".error-summary")).to_be_visible()
    wait_for_map(page, everything)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_a_marker_opens_a_link_to_its_initiative_from_the_keyboard(shared_demo_site, page):
    open_list(page, shared_demo_site + LIST + "?q=zonnebloem")
    wait_for_map(page, 1)
    marker = page.locator("img.leaflet-marker-icon")
    expect(marker).to_have_attribute("alt", "Vrouwengroep De Zonnebloem")
    expect(marker).to_have_attribute("role", "button")

    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup .map__popup-title a")
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", DETAIL)
    expect(page.locator(".leaflet-popup-close-button")).to_have_attribute("aria-label", "Sluiten")
    # Leaflet fades the popup in: measure contrast once it is fully there, as a visitor reads it.
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    violations = run_axe(page)
    assert not violations, describe_violations(violations)

    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()


@pytest.mark.browser
def test_the_skip_link_moves_the_focus_past_the_map(shared_demo_site, page):
    open_list(page, shared_demo_site + LIST)
    wait_for_map(page, len(points(page, shared_demo_site)["features"]))
    page.get_by_role("button", name="Zoeken", exact=True).focus()  # the last stop before the map
    page.keyboard.press("Tab")
    skip = page.locator(".map__skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Sla de kaart over")
    assert skip.bounding_box()["height"] >= 44

    page.keyboard.press("Enter")
    expect(page.locator("#map-after")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('[data-map]')"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 120)"
    )


@pytest.mark.browser
def test_the_detail_page_shows_its_place(shared_demo_site, page, page_problems):
    page.set_viewport_size(DESKTOP)
    page.goto(shared_demo_site + DETAIL)
    facts = page.locator("aside.facts")
    canvas = facts.locator(".map__canvas")
    expect(canvas).to_have_attribute("aria-label", "Vrouwengroep De Zonnebloem op de kaart")
    canvas.scroll_into_view_if_needed()
    marker = canvas.locator("img.leaflet-marker-icon")
    expect(marker).to_have_attribute("alt", "Vrouwengroep De Zonnebloem")
    expect(marker).to_be_visible()
    # Nothing to open: a picture, not a button in the tab order.
    assert marker.get_attribute("role") is None and marker.get_attribute("tabindex") is None
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_an_initiative_without_a_place_has_no_map(shared_demo_site, page):
    page.goto(shared_demo_site + "/initiatieven/netwerk-van-buurtkamers/")
    expect(page.locator("h1")).to_have_text("Netwerk van buurtkamers")
    expect(page.locator("[data-map]")).to_have_count(0)


@pytest.mark.browser
def test_leaflet_loads_only_when_a_map_is_in_view(shared_demo_site, page):
    loaded = []
    page.on("request", lambda r: "leaflet" in r.url and loaded.append(r.url))
    page.set_viewport_size(PHONE)
    page.goto(shared_demo_site + "/")
    page.goto(shared_demo_site + LIST)  # on a phone the map is folded away
    page.wait_for_function(HTMX_IDLE, timeout=5000)
    expect(page.locator(MAP_TOGGLE)).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".map__canvas")).to_be_hidden()
    page.wait_for_timeout(300)
    assert loaded == []

    page.locator(MAP_TOGGLE).click()
    wait_for_map(page, len(points(page, shared_demo_site)["features"]))
    assert any(url.endswith("leaflet.js") for url in loaded), loaded


@pytest.mark.browser
@pytest.mark.parametrize("path", [LIST, DETAIL])
def test_without_javascript_there_is_no_empty_map_box(shared_demo_site, browser, path):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(shared_demo_site + path)
        expect(page.locator("[data-map]")).to_have_count(1)
        expect(page.locator("[data-map]")).to_be_hidden()
        expect(page.locator(".map__skip")).to_be_hidden()
        if path == LIST:  # and the list and its filters work as before
            # A plain form: no button to open a panel that only a script could open.
            expect(page.locator(".filters__toggle")).to_be_hidden()
            before = page.locator(".result-count").inner_text()
            page.locator("#f-thema-bonding").check()
            with page.expect_navigation():
                page.get_by_role("button", name="Toon resultaten").click()
            assert "thema=bonding" in page.url
            expect(page.locator(".result-count")).not_to_have_text(before)
            expect(page.locator("[data-map]")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.browser
def test_pages_with_a_drawn_map_pass_axe(shared_demo_site, fresh_page, screenshot_dir):
    def check(_name, viewport):
        size = f"{viewport['width']}x{viewport['height']}"
        with fresh_page() as (page, _problems):
            # No animation caught halfway in a screenshot.
            page.emulate_media(reduced_motion="reduce")
            open_list(page, shared_demo_site + LIST, viewport)
            if page.locator(MAP_TOGGLE).is_visible():  # folded on a phone
                page.locator(MAP_TOGGLE).click()
            wait_for_map(page, len(points(page, shared_demo_site)["features"]))
            page.screenshot(path=screenshot_dir / f"map-list-{size}.png", full_page=True)
            violations = run_axe(page)

            page.goto(shared_demo_site + DETAIL)
            page.locator(".map__canvas").scroll_into_view_if_needed()
            expect(page.locator(".map__canvas img.leaflet-marker-icon")).to_be_visible()
            page.screenshot(path=screenshot_dir / f"map-detail-{size}.png", full_page=True)
            violations += run_axe(page)
        assert not violations, describe_violations(violations)

    failures = failures_over(VIEWPORTS, check)
    assert not failures, report(failures, VIEWPORTS)


@pytest.mark.browser
def test_on_a_phone_the_map_is_folded_and_its_controls_are_big_enough(shared_demo_site, page):
    open_list(page, shared_demo_site + LIST, PHONE)
    toggle = page.locator(MAP_TOGGLE)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_accessible_name("Kaart van de resultaten")
    expect(page.locator(".map__canvas")).to_be_hidden()
    line = toggle.bounding_box()
    results = page.locator("#results").bounding_box()
    assert results["y"] - (line["y"] + line["height"]) < 200, "the list starts soon after"
    assert line["height"] >= 44

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    wait_for_map(page, len(points(page, shared_demo_site)["features"]))
    for control in page.locator(".leaflet-control-zoom a").all():
        box = control.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    canvas = page.locator(".map__canvas").bounding_box()
    assert canvas["height"] <= 300, "a modest map: the list stays near"

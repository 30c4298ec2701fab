"""Maps: what the list shows is on the map, the map follows the filters, and it never stands in
the way (keyboard, phones, no JavaScript). Tests draw no tiles (MAP_TILE_URL is empty)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe_violations, run_axe
from tests.browser.test_live_results import HTMX_IDLE, same_node, tag_node

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
LIST = "/initiatieven/"
DETAIL = "/initiatieven/vrouwengroep-de-zonnebloem/"
GEOJSON = "/api/v1/initiatieven.geojson"

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


def points(page, demo_site, query=""):
    response = page.request.get(f"{demo_site}{GEOJSON}?{query}")
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
def test_the_list_map_shows_every_result_with_a_place(demo_site, page, page_problems):
    data = points(page, demo_site)
    shown = len(data["features"])
    assert 0 < shown < data["count"], "the demo has initiatives with and without a place"
    open_list(page, demo_site + LIST)

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
def test_the_map_follows_the_filters(demo_site, page, page_problems):
    everything = len(points(page, demo_site)["features"])
    filtered = points(page, demo_site, "thema=bonding")
    assert 0 < len(filtered["features"]) < everything
    open_list(page, demo_site + LIST)
    wait_for_map(page, everything)
    tag_node(page, ".map__canvas", "__map")
    asked = []
    page.on("request", lambda r: GEOJSON in r.url and asked.append(r.url))

    page.locator("#f-thema-bonding").check()

    expect(page).to_have_url(demo_site + LIST + "?thema=bonding")
    wait_for_map(page, len(filtered["features"]))
    assert asked == [demo_site + GEOJSON + "?thema=bonding"], asked
    assert same_node(page, ".map__canvas", "__map"), "the map was thrown away and drawn anew"
    status = page.locator(".map__status").inner_text()
    assert numbers(status) == [len(filtered["features"]), filtered["count"]], status

    # Back to the whole list: htmx puts back its copy of the page; the map is drawn again.
    page.go_back()
    expect(page).to_have_url(demo_site + LIST)
    wait_for_map(page, everything)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_a_refused_parameter_is_left_out_as_the_list_does(demo_site, page, page_problems):
    everything = len(points(page, demo_site)["features"])
    open_list(page, demo_site + LIST + "?thema=bestaat-niet")
    expect(page.locator(".error-summary")).to_be_visible()
    wait_for_map(page, everything)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_a_marker_opens_a_link_to_its_initiative_from_the_keyboard(demo_site, page):
    open_list(page, demo_site + LIST + "?q=zonnebloem")
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
def test_the_skip_link_moves_the_focus_past_the_map(demo_site, page):
    open_list(page, demo_site + LIST)
    wait_for_map(page, len(points(page, demo_site)["features"]))
    page.locator(".map__summary").focus()
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
def test_the_detail_page_shows_its_place(demo_site, page, page_problems):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site + DETAIL)
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
def test_an_initiative_without_a_place_has_no_map(demo_site, page):
    page.goto(demo_site + "/initiatieven/netwerk-van-buurtkamers/")
    expect(page.locator("h1")).to_have_text("Netwerk van buurtkamers")
    expect(page.locator("[data-map]")).to_have_count(0)


@pytest.mark.browser
def test_leaflet_loads_only_when_a_map_is_in_view(demo_site, page):
    loaded = []
    page.on("request", lambda r: "leaflet" in r.url and loaded.append(r.url))
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/")
    page.goto(demo_site + LIST)  # on a phone the map is folded away
    page.wait_for_function(HTMX_IDLE, timeout=5000)
    expect(page.locator(".map__panel")).to_have_js_property("open", False)
    page.wait_for_timeout(300)
    assert loaded == []

    page.locator(".map__summary").click()
    wait_for_map(page, len(points(page, demo_site)["features"]))
    assert any(url.endswith("leaflet.js") for url in loaded), loaded


@pytest.mark.browser
@pytest.mark.parametrize("path", [LIST, DETAIL])
def test_without_javascript_there_is_no_empty_map_box(demo_site, browser, path):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(demo_site + path)
        expect(page.locator("[data-map]")).to_have_count(1)
        expect(page.locator("[data-map]")).to_be_hidden()
        expect(page.locator(".map__skip")).to_be_hidden()
        if path == LIST:  # and the list and its filters work as before
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
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_with_a_drawn_map_pass_axe(demo_site, page, screenshot_dir, viewport):
    size = f"{viewport['width']}x{viewport['height']}"
    page.emulate_media(reduced_motion="reduce")  # no animation caught halfway in a screenshot
    open_list(page, demo_site + LIST, viewport)
    page.locator(".map__panel").evaluate("panel => { panel.open = true; }")
    wait_for_map(page, len(points(page, demo_site)["features"]))
    page.screenshot(path=screenshot_dir / f"map-list-{size}.png", full_page=True)
    failures = run_axe(page)

    page.goto(demo_site + DETAIL)
    page.locator(".map__canvas").scroll_into_view_if_needed()
    expect(page.locator(".map__canvas img.leaflet-marker-icon")).to_be_visible()
    page.screenshot(path=screenshot_dir / f"map-detail-{size}.png", full_page=True)
    failures += run_axe(page)
    assert not failures, describe_violations(failures)


@pytest.mark.browser
def test_on_a_phone_the_map_is_folded_and_its_controls_are_big_enough(demo_site, page):
    open_list(page, demo_site + LIST, PHONE)
    panel = page.locator(".map__panel")
    expect(panel).to_have_js_property("open", False)
    summary = page.locator(".map__summary").bounding_box()
    results = page.locator("#results").bounding_box()
    assert results["y"] - (summary["y"] + summary["height"]) < 200, "the list starts soon after"
    assert summary["height"] >= 44

    page.locator(".map__summary").click()
    wait_for_map(page, len(points(page, demo_site)["features"]))
    for control in page.locator(".leaflet-control-zoom a").all():
        box = control.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    canvas = page.locator(".map__canvas").bounding_box()
    assert canvas["height"] <= 300, "a modest map: the list stays near"


@pytest.mark.browser
def test_editors_place_the_pin_on_a_map(
    demo_site, page, page_problems, screenshot_dir, django_user_model
):
    from initiatives.models import Initiative

    django_user_model.objects.create_superuser("kaart", "kaart@example.org", "kaart-wachtwoord")
    initiative = Initiative.objects.get(slug="vrouwengroep-de-zonnebloem")
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", "kaart")
    page.fill("#id_password", "kaart-wachtwoord")
    page.locator("input[type=submit]").click()
    page.goto(f"{demo_site}/admin/initiatives/initiative/{initiative.pk}/change/")
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    canvas = page.locator(".pin-map [role=region]")
    pin = canvas.locator("img.leaflet-marker-icon")
    expect(pin).to_be_visible()
    canvas.scroll_into_view_if_needed()

    def where():
        return float(latitude.input_value()), float(longitude.input_value())

    def pin_at():
        box = pin.bounding_box()
        return round(box["x"]), round(box["y"])

    # A click puts the pin there: south-west of the centre is lower and more to the west.
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    lat, lon = where()
    assert lat < initiative.latitude and lon < initiative.longitude, (lat, lon)

    # Typing moves the pin (and the map pans to it).
    before = pin_at()
    latitude.fill(str(round(lat + 0.002, 6)))
    page.wait_for_function(
        "([x, y]) => { const box = document.querySelector('.pin-map img.leaflet-marker-icon')"
        ".getBoundingClientRect(); return Math.round(box.x) !== x || Math.round(box.y) !== y; }",
        arg=list(before),
    )
    page.wait_for_timeout(400)  # the pan animation

    # Dragging moves both fields along.
    lat, lon = where()
    x, y = pin_at()
    page.mouse.move(x + 12, y + 30)
    page.mouse.down()
    page.mouse.move(x + 72, y + 30, steps=6)
    page.mouse.up()
    dragged = where()
    assert dragged[1] > lon and abs(dragged[0] - lat) < 0.01, (lat, lon, dragged)

    # "Remove the pin" empties both fields; emptying a field takes the pin away too.
    page.locator(".pin-map button").click()
    expect(latitude).to_have_value("")
    expect(longitude).to_have_value("")
    expect(pin).to_have_count(0)
    latitude.fill("52.1")
    longitude.fill("5.1")
    expect(pin).to_have_count(1)
    latitude.fill("")
    expect(pin).to_have_count(0)
    latitude.fill("52.1")
    expect(pin).to_have_count(1)
    page.locator(".pin-map").screenshot(path=screenshot_dir / "map-admin-pin.png")

    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_be_visible()
    initiative.refresh_from_db()
    assert (initiative.latitude, initiative.longitude) == (52.1, 5.1)
    assert not page_problems, "\n".join(page_problems)

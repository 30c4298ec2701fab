"""Maps in the admin: an editor places an initiative's pin by clicking, typing and dragging, and
it is saved. The public maps, which only look: test_maps_public.py; this test logs in and
saves, so it has the demo catalogue to itself. Tests draw no tiles (MAP_TILE_URL is empty)."""

import pytest
from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 800}


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

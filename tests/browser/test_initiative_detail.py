"""An initiative's page on a 360 × 800 phone answers "can I go there?" first: the contact button
on the first screen, the practical facts before the long text; reached from a search around a
place, it measures its distances from there. Only looks: the shared demo catalogue."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe_violations, run_axe

PHONE = {"width": 360, "height": 800}
CONTACT = "Stuur de initiatiefnemer een bericht"


def top_of(locator):
    """Where an element starts on the page, in CSS pixels from the top (the page unscrolled)."""
    return locator.bounding_box()["y"]


def assert_axe_clean(page):
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


@pytest.mark.browser
def test_on_a_phone_contact_and_practical_facts_come_before_the_story(
    shared_demo_site, page, page_problems, screenshot_dir
):
    page.set_viewport_size(PHONE)
    page.goto(shared_demo_site + "/initiatieven/buurtkamer-oost/")

    contact = page.get_by_role("link", name=CONTACT)
    order = [
        contact,
        page.get_by_role("heading", name="Praktische informatie"),
        page.get_by_text("Nachtegaalstraat 55"),
        page.get_by_text("De buurtkamer zit in een oud winkelpand."),
        page.get_by_role("heading", name="In de buurt"),
        page.get_by_role("heading", name="Vergelijkbare initiatieven"),
    ]
    tops = [top_of(locator) for locator in order]
    page.screenshot(path=screenshot_dir / "initiative-detail-360x800.png", full_page=True)
    assert tops == sorted(tops), tops
    bottom = tops[0] + contact.bounding_box()["height"]
    assert bottom <= 1.5 * PHONE["height"], f"the contact button ends at {bottom}px"
    expect(page.get_by_role("link", name="Bekijk op de kaart (OpenStreetMap)")).to_have_attribute(
        "href", "https://www.openstreetmap.org/search?query=Nachtegaalstraat+55%2C+Utrecht"
    )
    assert_axe_clean(page)
    assert not page_problems, page_problems


@pytest.mark.browser
def test_from_a_search_around_a_postcode_distances_are_measured_from_there(
    shared_demo_site, page, page_problems, screenshot_dir
):
    page.set_viewport_size(PHONE)
    page.goto(shared_demo_site + "/initiatieven/?bij=3511")
    page.locator("#results .card__title a").first.click()

    page.wait_for_url("**/initiatieven/*/?bij=3511")
    path, query = urlsplit(page.url).path, parse_qs(urlsplit(page.url).query)
    assert query == {"bij": ["3511"]}
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical == shared_demo_site + path  # the address to index has no place in it
    expect(page.get_by_text("Afstand vanaf 3511")).to_be_visible()
    expect(page.locator(".practical__distance")).to_contain_text("van 3511")
    page.screenshot(path=screenshot_dir / "initiative-detail-from-3511-360x800.png", full_page=True)
    assert_axe_clean(page)
    assert not page_problems, page_problems

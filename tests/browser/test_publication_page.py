"""The publication page on a 360 px phone: it passes axe, its map shows the initiatives of its
case studies, and its citation is copied by keyboard alone (and announced); without
JavaScript there is no copy button, and the citation is plain selectable text. Only looks:
the shared demo catalogue."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe_violations, run_axe
from tests.browser.test_live_results import HTMX_IDLE

PHONE = {"width": 360, "height": 740}
PUBLICATION = "/publicaties/casusbundel-wij-in-de-wijk-3/"
CASE = "/casussen/wijkvaders-in-rotterdam-zuid/"
ACTIVE = "() => document.activeElement && document.activeElement.textContent.trim()"


def tab_to(page, name, most=200):
    """Press Tab until the element named `name` has the focus, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE) == name:
            return
    raise AssertionError(f"Tab never reached “{name}”")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "heading"),
    [(PUBLICATION, "Citeer deze publicatie"), (CASE, "Citeer deze casus")],
    ids=["publication", "case"],
)
def test_the_citation_is_copied_by_keyboard_and_said_so(
    shared_demo_site, browser, screenshot_dir, path, heading
):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, bypass_csp=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=shared_demo_site)
    page = context.new_page()
    try:
        page.goto(shared_demo_site + path)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        citation = page.locator("#citation-text")
        expected = " ".join(citation.inner_text().split())
        assert "(2021)" in expected and "Movisie" in expected

        tab_to(page, "Kopieer de bronvermelding")
        page.keyboard.press("Enter")
        expect(page.get_by_role("status").filter(has_text="Gekopieerd")).to_have_text(
            "Gekopieerd: de bronvermelding staat op het klembord."
        )
        assert page.evaluate("navigator.clipboard.readText()") == expected
        page.screenshot(
            path=screenshot_dir / f"citation-{path.split('/')[1]}-360.png", full_page=True
        )

        fits = page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        assert fits, "the page scrolls sideways at 360 px"
        violations = run_axe(page)
        assert not violations, describe_violations(violations)
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_citation_is_text_and_there_is_no_copy_button(
    shared_demo_site, browser
):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(shared_demo_site + PUBLICATION)
        expect(page.locator("#citation-text")).to_contain_text("van de Kamp J.")
        expect(page.locator("#citation-text i")).to_have_text("Casusbundel Wij in de Wijk 3")
        expect(page.get_by_role("button", name="Kopieer de bronvermelding")).to_be_hidden()
        expect(page.get_by_role("link", name="Download voor BibTeX (.bib)")).to_be_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_from_the_map_to_the_list_of_the_publications_initiatives(
    shared_demo_site, page, page_problems
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(shared_demo_site + PUBLICATION)
    status = page.locator("#map .map__status")
    status.scroll_into_view_if_needed()  # a map loads once it comes into view
    # One of them works online: it has no place on the map.
    expect(status).to_have_text(
        "13 van 14 initiatieven staan op de kaart; de rest heeft geen vaste plek.", timeout=10_000
    )
    link = page.get_by_role("link", name="Bekijk alle 14 initiatieven uit deze publicatie")
    link.click()
    page.wait_for_url("**/initiatieven/?publicatie=casusbundel-wij-in-de-wijk-3")
    expect(page.locator(".result-count")).to_have_text("14 resultaten")
    expect(page.locator(".chip")).to_contain_text("Casusbundel Wij in de Wijk 3")

    # Another filter narrows the publication's initiatives; it does not drop the publication.
    page.wait_for_function(HTMX_IDLE, timeout=5000)
    page.locator("#f-thema-bonding").check()
    expect(page).to_have_url(
        shared_demo_site + "/initiatieven/?publicatie=casusbundel-wij-in-de-wijk-3&thema=bonding"
    )
    expect(page.locator(".chip")).to_have_count(2)
    expect(page.locator(".result-count")).not_to_have_text("14 resultaten")
    assert not page_problems, page_problems

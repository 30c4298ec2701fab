"""The wijkbeeld on a place page, as a visitor meets it in Chromium: its charts with every
table opened pass axe on a phone and on a desktop and fit the phone's width; "Toon als tabel"
opens by keyboard and its table's links are the next stops; the white spots lead to the list
and the proposal form. These tests only look: they share one load of the demo catalogue.

Overvecht (demo): 2 initiatives; the 8 other districts of Utrecht have 1 each, 4 of them one
for ouderen and 4 one about gezondheid, which Overvecht has not: its two white spots.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import (
    DESKTOP,
    HORIZONTAL_FIT,
    PHONE,
    describe_violations,
    run_axe,
)

OVERVECHT = "/gemeenten/utrecht/overvecht/"
AMSTERDAM = "/gemeenten/amsterdam/"


@pytest.mark.browser
@pytest.mark.parametrize("path", [OVERVECHT, AMSTERDAM])
def test_the_wijkbeeld_with_its_tables_open_passes_axe_and_fits_a_phone(
    shared_demo_site, fresh_page, screenshot_dir, path
):
    with fresh_page(viewport=PHONE) as (page, problems):
        page.goto(shared_demo_site + path)
        wijkbeeld = page.locator("#wijkbeeld")
        expect(wijkbeeld.get_by_role("heading", level=2)).to_have_text(
            f"Wijkbeeld van {'Overvecht' if path == OVERVECHT else 'Amsterdam'}"
        )
        for summary in wijkbeeld.locator("summary").all():
            summary.click()
        tables = wijkbeeld.locator("table")
        expect(tables).to_have_count(5)
        for table in tables.all():
            expect(table).to_be_visible()

        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            size = f"{viewport['width']}x{viewport['height']}"
            name = path.strip("/").replace("/", "-")
            wijkbeeld.screenshot(path=screenshot_dir / f"wijkbeeld-{name}-{size}.png")
            if viewport is PHONE:
                fit = page.evaluate(HORIZONTAL_FIT)
                assert fit["page"] <= fit["viewport"], f"scrolls sideways: {fit['wider']}"
            violations = run_axe(page)
            assert not violations, f"{path} at {size}:\n" + describe_violations(violations)
        assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_a_chart_names_itself_and_its_national_mark_to_a_screen_reader(shared_demo_site, page):
    page.goto(shared_demo_site + OVERVECHT)

    chart = page.get_by_role("img", name="Hoe mensen samenkomen: het deel van de initiatieven")
    expect(chart).to_have_accessible_description(
        "Bonding 50\u00a0% (landelijk 47\u00a0%); Bridging 0\u00a0% (landelijk 24\u00a0%);"
        " Linking 50\u00a0% (landelijk 9\u00a0%)."
    )
    trend = page.get_by_role("img", name="Initiatieven in Overvecht per jaar waarin ze begonnen")
    expect(trend).to_be_visible()


@pytest.mark.browser
def test_show_as_a_table_opens_by_keyboard(shared_demo_site, open_page, page_problems):
    page = open_page(viewport=PHONE, console=True)
    page.goto(shared_demo_site + OVERVECHT)
    first = page.locator("#wijkbeeld .chart-table").first
    summary = first.locator("summary")
    expect(summary).to_have_text("Toon als tabel")
    expect(first.locator("table")).to_be_hidden()

    # By Tab from the top of the page, as a keyboard user gets there.
    for _ in range(200):
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached “Toon als tabel”")
    page.keyboard.press("Enter")

    table = first.locator("table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text(
        "Hoe mensen samenkomen: het deel van de initiatieven in Overvecht (het aantal tussen"
        " haakjes) en in heel Nederland"
    )
    expect(table.locator("tbody tr").first).to_have_text(
        re.compile(r"^\s*Bonding\s+50\u00a0% \(1\)\s+47\u00a0%\s*$")
    )
    page.keyboard.press("Tab")  # the next stop: the first row's link to its initiatives
    expect(page.locator(":focus")).to_have_text("Bonding")
    expect(page.locator(":focus")).to_have_attribute(
        "href", "/initiatieven/?wijk=WK034402&thema=bonding"
    )
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(table).to_be_hidden()
    assert page.evaluate("window.__refused") == []
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_a_white_spot_leads_to_where_it_exists_and_to_the_proposal_form(shared_demo_site, page):
    page.goto(shared_demo_site + OVERVECHT)
    spot = page.locator(".white-spot", has_text="Geen initiatieven voor ouderen in Overvecht")
    expect(spot).to_contain_text("In 4 van de 8 vergelijkbare plaatsen is er wel een:")

    spot.get_by_role("link", name="Initiatieven voor ouderen elders in Utrecht").click()
    expect(page.locator("#results .chip")).to_have_count(2)  # Utrecht, ouderen
    expect(page.locator("#results .card").first).to_be_visible()

    page.go_back()
    spot.get_by_role("link", name="Ken je er een in Overvecht? Meld het aan").click()
    # The municipality's combobox (combobox.js) shows the place; the group is ticked.
    expect(page.get_by_role("combobox", name="Gemeente")).to_have_value("Utrecht")
    expect(page.get_by_role("checkbox", name="Ouderen")).to_be_checked()

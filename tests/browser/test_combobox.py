"""The municipality and district filters as comboboxes: type part of a name, choose with the
keyboard, and the list follows, as it did with the plain select (which still works without
JavaScript). Filtering only looks: these tests share one load of the demo catalogue."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe_violations, run_axe
from tests.browser.test_live_results import (
    count_on_load,
    open_list,
    record_requests,
    same_node,
    tag_node,
    wait_for_htmx,
)

LIST = "/initiatieven/"
DESKTOP = {"width": 1280, "height": 800}
UTRECHT = "GM0344"
OVERVECHT = "WK034402"


def combobox(page, param):
    return page.locator(f"#id_{param}[role=combobox]")


@pytest.mark.browser
def test_typing_part_of_a_name_and_choosing_it_by_keyboard_filters_the_list(
    shared_demo_site, page, page_problems
):
    page.set_viewport_size(DESKTOP)
    open_list(page, shared_demo_site + LIST)
    count = page.locator(".result-count")
    everything = count.inner_text()
    in_utrecht = shared_demo_site + LIST + f"?gemeente={UTRECHT}"
    expected = count_on_load(page, in_utrecht)
    assert expected != everything, "the demo data should make Utrecht narrow the list"
    municipality = combobox(page, "gemeente")
    expect(page.locator("#id_gemeente-select")).to_be_hidden()
    expect(page.get_by_label("Gemeente", exact=True)).to_have_attribute("role", "combobox")
    requests = record_requests(page)

    municipality.focus()
    page.keyboard.type("tr", delay=50)  # part of the name, not its start
    options = page.locator("#id_gemeente__listbox [role=option]")
    expect(options).to_have_text(["Maastricht (2)", "Utrecht (10)"])
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    page.keyboard.press("ArrowDown")
    expect(options.last).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")

    expect(page).to_have_url(in_utrecht)
    expect(count).to_have_text(expected)
    wait_for_htmx(page)
    expect(municipality).to_have_value("Utrecht")
    expect(page.locator(".chip")).to_contain_text(["Utrecht"])
    assert page.evaluate("window.__marker") == 1, "the page was loaded again"
    assert requests["documents"] == [], f"page loads instead of a live update: {requests}"
    assert requests["htmx"] == [in_utrecht], f"expected one request: {requests}"
    assert page.evaluate("document.activeElement.id") == "id_gemeente"

    # Now the districts of Utrecht can be chosen the same way; the municipality's combobox
    # lives on through the update.
    tag_node(page, "#filter-gemeente .combobox", "__kept")
    combobox(page, "wijk").focus()
    page.keyboard.type("overv", delay=50)
    page.keyboard.press("Enter")  # the first suggestion is highlighted as you type
    in_overvecht = in_utrecht + f"&wijk={OVERVECHT}"
    expect(page).to_have_url(in_overvecht)
    expect(count).to_have_text(count_on_load(page, in_overvecht))
    wait_for_htmx(page)
    assert same_node(page, "#filter-gemeente .combobox", "__kept"), "the combobox was rebuilt"
    expect(municipality).to_have_value("Utrecht")
    expect(combobox(page, "wijk")).to_have_value("Overvecht")
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_emptying_the_field_clears_the_filter(shared_demo_site, page, page_problems):
    page.set_viewport_size(DESKTOP)
    open_list(page, shared_demo_site + LIST + f"?gemeente={UTRECHT}")
    everything = count_on_load(page, shared_demo_site + LIST)
    municipality = combobox(page, "gemeente")
    expect(municipality).to_have_value("Utrecht")

    municipality.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.press("Tab")

    expect(page).to_have_url(shared_demo_site + LIST)
    expect(page.locator(".result-count")).to_have_text(everything)
    expect(page.locator(".chip")).to_have_count(0)
    expect(municipality).to_have_value("")
    expect(municipality).to_have_attribute("placeholder", "Alle")
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_half_typed_text_changes_nothing_and_no_match_says_so(
    shared_demo_site, page, page_problems
):
    page.set_viewport_size(DESKTOP)
    open_list(page, shared_demo_site + LIST)
    requests = record_requests(page)
    municipality = combobox(page, "gemeente")
    no_results = page.eval_on_selector("script[data-selects]", "script => script.dataset.noResults")

    municipality.focus()
    page.keyboard.type("xyz", delay=50)
    expect(page.locator("#id_gemeente__listbox")).to_have_text(no_results)
    page.keyboard.press("Tab")

    wait_for_htmx(page)
    assert requests["htmx"] == [], f"text that is no place sent the form: {requests}"
    assert page.locator("#id_gemeente-select").input_value() == ""
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_capitals_do_not_matter_and_any_part_of_the_name_finds_it(shared_demo_site, page):
    open_list(page, shared_demo_site + "/casussen/")
    combobox(page, "gemeente").focus()
    page.keyboard.type("S-GRAVEN", delay=30)
    expect(page.locator("#id_gemeente__listbox [role=option]")).to_have_text(
        ["'s-Gravenhage – Den Haag (1)"]
    )


@pytest.mark.browser
def test_back_and_forward_bring_back_working_comboboxes(shared_demo_site, page, page_problems):
    open_list(page, shared_demo_site + LIST)
    municipality = combobox(page, "gemeente")
    municipality.focus()
    page.keyboard.type("utrecht", delay=30)
    page.keyboard.press("Enter")
    expect(page).to_have_url(shared_demo_site + LIST + f"?gemeente={UTRECHT}")
    wait_for_htmx(page)

    page.go_back()
    expect(page).to_have_url(shared_demo_site + LIST)
    expect(page.locator(".combobox")).to_have_count(1)  # no district filter here
    expect(municipality).to_have_value("")
    page.go_forward()
    expect(page).to_have_url(shared_demo_site + LIST + f"?gemeente={UTRECHT}")
    expect(page.locator(".combobox")).to_have_count(2)
    expect(municipality).to_have_value("Utrecht")

    # Still a working combobox after the restore: choosing another municipality filters.
    municipality.focus()
    page.keyboard.type("amster", delay=30)
    page.keyboard.press("Enter")
    expect(page).to_have_url(shared_demo_site + LIST + "?gemeente=GM0363")
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_without_javascript_the_municipality_select_filters(shared_demo_site, browser):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(shared_demo_site + LIST)
        select = page.locator("select#id_gemeente")
        expect(select).to_be_visible()
        select.select_option(UTRECHT)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Toon resultaten").click()
        assert navigation.value.ok

        assert parse_qs(urlsplit(page.url).query).get("gemeente") == [UTRECHT], page.url
        expected = count_on_load(page, shared_demo_site + LIST + f"?gemeente={UTRECHT}")
        expect(page.locator(".result-count")).to_have_text(expected)
        expect(page.locator("select#id_gemeente")).to_have_value(UTRECHT)
        expect(page.locator("select#id_wijk")).to_be_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_a_municipality_is_offered_by_the_name_people_use(shared_demo_site, page):
    page.set_viewport_size(DESKTOP)
    open_list(page, shared_demo_site + LIST)
    combobox(page, "gemeente").focus()
    page.keyboard.type("den haag", delay=30)
    options = page.locator("#id_gemeente__listbox [role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("'s-Gravenhage – Den Haag (")
    page.keyboard.press("Enter")
    expect(page).to_have_url(shared_demo_site + LIST + "?gemeente=GM0518")
    expect(page.locator(".chip")).to_contain_text(["'s-Gravenhage"])

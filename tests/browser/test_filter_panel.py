"""The filters of the catalogue lists on a phone and beside the results on a wider screen.

On a phone (below 600 px) with JavaScript, a button ("Filteren (2 gekozen)") opens the filters
as a panel over the page: a modal dialog, the rest of the page inert, the categories folded
unless something in them is ticked, the number of results announced once per change from
within the panel, and "Toon N resultaten" at the bottom, which closes the panel and puts the
focus on the results' heading. On a wider screen the filters stand beside the results, and a
change keeps the results in view. Filtering only looks: these tests share one load of the demo
catalogue.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe_violations, run_axe
from tests.browser.test_live_results import count_on_load, open_list, wait_for_htmx

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
LIST = "/initiatieven/"

# What a screen reader would announce: the text of every live region it can reach (not inert,
# not hidden), each time it changes to something, from now on.
RECORD_ANNOUNCEMENTS = """() => {
  window.__announced = [];
  const regions = () => document.querySelectorAll('[aria-live], [role=status], [role=alert]');
  const last = new WeakMap();
  regions().forEach((el) => last.set(el, el.textContent.trim()));
  new MutationObserver(() => regions().forEach((el) => {
    const text = el.textContent.trim().replace(/\\s+/g, ' ');
    if (text && last.get(el) !== text && !el.closest('[inert]')
        && el.checkVisibility({visibilityProperty: true})) window.__announced.push(text);
    last.set(el, text);
  })).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""

# The elements outside the panel that are not inert: what a visitor could still reach.
REACHABLE_OUTSIDE = """() => [...document.querySelectorAll('body *')]
  .filter((el) => !el.closest('#filter-panel')
    && !el.contains(document.getElementById('filter-panel'))
    && !el.closest('[inert]') && el.checkVisibility())
  .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')).slice(0, 5)"""

IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight;
}"""


def panel_parts(page):
    panel = page.locator("#filter-panel")
    return (
        panel,
        panel.locator(".filters__toggle"),
        panel.locator(".filters__status"),
        panel.locator(".filters__show"),
    )


def open_panel(page):
    panel, toggle, _status, _show = panel_parts(page)
    toggle.click()
    expect(panel).to_have_attribute("role", "dialog")
    return panel


@pytest.mark.browser
def test_phone_panel_ticks_announces_once_and_shows_the_results(
    shared_demo_site, page, page_problems
):
    page.set_viewport_size(PHONE)
    open_list(page, shared_demo_site + LIST)
    panel, toggle, status, show = panel_parts(page)
    expect(toggle).to_have_accessible_name("Filteren")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#filter-form")).to_be_hidden()

    open_panel(page)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(panel).to_have_attribute("aria-modal", "true")
    expect(panel).to_have_accessible_name("Filteren")
    expect(panel).to_be_focused()
    assert page.evaluate(REACHABLE_OUTSIDE) == [], "the page behind the panel is not inert"
    box = panel.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 360, 800), box

    # The categories are folded, nothing being ticked: one tap opens one.
    category = panel.locator("details.facet-fold", has=page.locator("#f-thema-bonding"))
    expect(category).not_to_have_attribute("open", "")
    expect(page.locator("#f-thema-bonding")).to_be_hidden()
    category.locator("summary.facet-fold__summary").click()
    expect(category).to_have_attribute("open", "")

    filtered = shared_demo_site + LIST + "?thema=bonding"
    expected = count_on_load(page, filtered)  # "12 resultaten"
    page.evaluate(RECORD_ANNOUNCEMENTS)
    page.locator("#f-thema-bonding").check()
    expect(page).to_have_url(filtered)
    expect(status).to_have_text(expected)
    expect(status).to_have_attribute("aria-live", "polite")
    wait_for_htmx(page)
    assert page.evaluate("window.__announced") == [expected], "announced not once"
    number = re.search(r"\d+", expected)[0]
    expect(show).to_have_accessible_name(f"Toon {number} resultaten")
    expect(show).to_be_in_viewport()  # at the bottom of the panel, however long it is
    expect(category).to_have_attribute("open", "")  # the new list left it as it was
    expect(toggle).to_contain_text("Filteren (1 gekozen)")

    show.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#filter-form")).to_be_hidden()
    expect(panel).not_to_have_attribute("role", "dialog")
    expect(page.locator("#results-heading")).to_be_focused()
    assert page.evaluate(IN_VIEW, "#results"), "the results are not in view"
    expect(page.locator("[inert]")).to_have_count(0)
    expect(page).to_have_url(filtered)  # the results were already there: nothing sent again
    expect(page.locator("#results .result-count")).to_have_text(expected)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_phone_panel_unfolds_categories_with_a_choice(shared_demo_site, page):
    page.set_viewport_size(PHONE)
    open_list(page, shared_demo_site + LIST + "?thema=bonding&doelgroep=ouderen")
    panel = open_panel(page)
    summaries = panel.locator("details.facet-fold[open] > summary").all_inner_texts()
    opened = [" ".join(text.split()) for text in summaries]
    assert opened == ["Hoe mensen samenkomen (verbinding)", "Voor wie (doelgroep)"], opened
    expect(panel.locator("details.facet-fold:not([open])").first).to_be_attached()


@pytest.mark.browser
@pytest.mark.parametrize("how", ["Escape", "Sluiten"])
def test_phone_panel_closes_and_gives_the_focus_back(shared_demo_site, page, how):
    page.set_viewport_size(PHONE)
    open_list(page, shared_demo_site + LIST)
    _panel, toggle, _status, _show = panel_parts(page)
    open_panel(page)
    if how == "Escape":
        page.keyboard.press("Escape")
    else:
        page.get_by_role("button", name=how).click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(page.locator("[inert]")).to_have_count(0)
    expect(page.locator("html")).not_to_have_class("filters-open")


@pytest.mark.browser
def test_phone_escape_in_the_municipality_list_closes_only_that_list(shared_demo_site, page):
    page.set_viewport_size(PHONE)
    open_list(page, shared_demo_site + LIST)
    _panel, toggle, _status, _show = panel_parts(page)
    open_panel(page)
    combobox = page.locator("#filter-gemeente .autocomplete__input")
    combobox.click()
    page.keyboard.type("utr", delay=30)
    expect(combobox).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()


@pytest.mark.browser
def test_phone_search_while_the_panel_is_closed_keeps_it_closed(shared_demo_site, page):
    page.set_viewport_size(PHONE)
    open_list(page, shared_demo_site + LIST)
    _panel, toggle, _status, _show = panel_parts(page)
    page.locator("#id_q").click()
    page.keyboard.type("koken", delay=50)
    expect(page).to_have_url(shared_demo_site + LIST + "?q=koken")
    wait_for_htmx(page)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#filter-form")).to_be_hidden()


@pytest.mark.browser
def test_phone_shows_a_refused_filter_in_the_open_panel(shared_demo_site, page, page_problems):
    page.set_viewport_size(PHONE)
    open_list(page, shared_demo_site + LIST + "?thema=bestaat-niet")
    panel, toggle, _status, _show = panel_parts(page)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(panel).to_have_attribute("role", "dialog")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_phone_list_passes_axe_with_the_panel_closed_and_open(shared_demo_site, page):
    page.set_viewport_size(PHONE)
    open_list(page, shared_demo_site + LIST + "?thema=bonding")
    closed = run_axe(page)
    assert not closed, "panel closed:\n" + describe_violations(closed)
    open_panel(page)
    opened = run_axe(page)
    assert not opened, "panel open:\n" + describe_violations(opened)


@pytest.mark.browser
def test_wide_screen_keeps_the_results_in_view_when_a_filter_changes(
    shared_demo_site, page, page_problems
):
    page.set_viewport_size(DESKTOP)
    page.emulate_media(reduced_motion="reduce")  # scrolls at once, not smoothly
    open_list(page, shared_demo_site + LIST)
    filters = page.locator("#filter-panel")
    expect(page.locator("#filter-panel .filters__toggle")).to_be_hidden()

    # Scrolled down to read the results, then a filter further down the column.
    page.mouse.wheel(0, 1500)
    page.wait_for_function("window.scrollY > 1000")
    assert not page.evaluate(IN_VIEW, "#results")
    checkbox = page.locator("#f-doelgroep-ouderen")
    checkbox.scroll_into_view_if_needed()
    expected = count_on_load(page, shared_demo_site + LIST + "?doelgroep=ouderen")
    checkbox.check()
    expect(page.locator("#results .result-count")).to_have_text(expected)
    wait_for_htmx(page)
    page.wait_for_function(f"({IN_VIEW})('#results')")
    expect(checkbox).to_be_in_viewport()  # the filters stayed where the visitor was
    expect(checkbox).to_be_focused()
    assert filters.evaluate("el => getComputedStyle(el).position") == "sticky"

    # With the results in view, a change moves neither them nor the filters.
    before = [page.locator(s).bounding_box()["y"] for s in ("#results", "#f-doelgroep-ouderen")]
    checkbox.uncheck()
    expect(page).to_have_url(shared_demo_site + LIST)
    wait_for_htmx(page)
    after = [page.locator(s).bounding_box()["y"] for s in ("#results", "#f-doelgroep-ouderen")]
    assert after == pytest.approx(before, abs=1)
    assert not page_problems, "\n".join(page_problems)


# The lines the words of each category's heading take, per word: a word on two lines was cut.
WORD_LINES = """() => [...document.querySelectorAll('.facet-fold__summary')].flatMap((summary) => {
  const walker = document.createTreeWalker(summary, NodeFilter.SHOW_TEXT);
  const words = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      words.push([match[0], tops.size]);
    }
  }
  return words;
})"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_category_headings_keep_their_words_whole(shared_demo_site, page, viewport):
    """ "Hoe mensen samenkomen (verbinding)": a walk found "(verbindin" and "g)" on two lines."""
    page.set_viewport_size(viewport)
    open_list(page, shared_demo_site + LIST + "?thema=bonding&doelgroep=ouderen")
    if page.locator(".filters__toggle").is_visible():
        page.locator(".filters__toggle").click()
    words = page.evaluate(WORD_LINES)
    assert ["(verbinding)", 1] in words
    assert [word for word, lines in words if lines != 1] == []
    summary = page.locator(".facet-fold__summary").first
    assert re.search(r"\w \(\w+\)$", summary.inner_text().strip())  # a space before the term

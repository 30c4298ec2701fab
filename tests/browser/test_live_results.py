"""Live results on the catalogue lists: htmx swaps the list in place, the plain form still works.

The filter form is a GET form. With JavaScript, htmx sends it on every change (typing in the
search box: after a 400 ms pause), morphs the answer into `#list-layout` (so focus stays where
it was) and pushes the address. Without JavaScript the same form submits as a page load.

Filtering and searching only look: these tests share one load of the demo catalogue.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
LIST = "/initiatieven/"

# htmx has nothing in flight and nothing left to settle.
HTMX_IDLE = """() => window.htmx !== undefined
  && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"""

# The focused element, what a keyboard user would see of it, and whether it shows focus.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
    name: el.getAttribute('name') || '',
    type: el.getAttribute('type') || '',
    firstResult: el === document.querySelector('#results .card__title a'),
    indicator: outline || shadow,
    style: `outline: ${style.outlineStyle} ${style.outlineWidth}; box-shadow: ${style.boxShadow}`,
    size: [Math.round(box.width), Math.round(box.height)],
    inViewport: box.bottom > 0 && box.top < window.innerHeight
      && box.right > 0 && box.left < window.innerWidth,
  };
}"""

RESULT_COUNT = re.compile(r'<p class="result-count"[^>]*>(.*?)</p>', re.S)


def count_on_load(page, url):
    """The result count a full page load of `url` shows (the truth the live list must match)."""
    response = page.request.get(url)
    assert response.ok, f"{url} answered {response.status}"
    match = RESULT_COUNT.search(response.text())
    assert match, f"{url} has no .result-count"
    return " ".join(match.group(1).split())


def wait_for_htmx(page):
    page.wait_for_function(HTMX_IDLE, timeout=5000)


def record_requests(page):
    """Page loads and htmx requests from now on, to tell a live update from a page load."""
    seen = {"documents": [], "htmx": []}

    def on_request(request):
        if request.is_navigation_request():
            seen["documents"].append(request.url)
        elif request.headers.get("hx-request") == "true":
            seen["htmx"].append(request.url)

    page.on("request", on_request)
    return seen


def tag_node(page, selector, name):
    """Mark a DOM node, so a later check can tell whether it survived the swap (morph)."""
    page.eval_on_selector(selector, "(el, name) => { el[name] = true; }", name)


def same_node(page, selector, name):
    return page.eval_on_selector(selector, "(el, name) => el[name] === true", name)


def open_list(page, url):
    page.goto(url)
    wait_for_htmx(page)  # htmx, idiomorph and filters.js are deferred scripts
    page.evaluate("window.__marker = 1")


@pytest.mark.browser
def test_typing_a_search_updates_the_list_in_place(shared_demo_site, page, page_problems):
    open_list(page, shared_demo_site + LIST)
    count = page.locator(".result-count")
    expect(count).to_have_attribute("role", "status")
    expect(count).to_have_attribute("aria-live", "polite")
    before = count.inner_text()
    tag_node(page, ".result-count", "__liveRegion")
    requests = record_requests(page)
    searched = shared_demo_site + LIST + "?q=koken"
    expected = count_on_load(page, searched)
    assert expected != before, "the demo data should make 'koken' narrow the list"

    page.locator("#id_q").click()
    page.keyboard.type("koken", delay=50)  # well within the 400 ms pause between keys

    expect(page).to_have_url(searched)  # exactly: no empty `sort=` or `gemeente=`
    expect(count).to_have_text(expected)
    wait_for_htmx(page)
    assert page.evaluate("window.__marker") == 1, "the page was loaded again"
    assert requests["documents"] == [], f"page loads instead of a live update: {requests}"
    assert requests["htmx"] == [searched], f"expected one debounced request: {requests}"
    assert same_node(page, ".result-count", "__liveRegion"), (
        "the live region was replaced, not updated: screen readers would not announce the count"
    )
    assert page.evaluate("document.activeElement.id") == "id_q"
    assert page.locator("#id_q").input_value() == "koken"
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
@pytest.mark.parametrize("path", [LIST, "/casussen/", "/publicaties/"])
def test_ticking_a_theme_with_the_keyboard_updates_results_and_chips(
    shared_demo_site, page, page_problems, path
):
    open_list(page, shared_demo_site + path)
    checkbox = page.locator("#f-thema-bonding")
    count = page.locator(".result-count")
    before = count.inner_text()
    expect(page.locator(".chip")).to_have_count(0)
    filtered = shared_demo_site + path + "?thema=bonding"
    expected = count_on_load(page, filtered)
    requests = record_requests(page)

    checkbox.focus()
    tag_node(page, "#f-thema-bonding", "__focused")
    page.keyboard.press("Space")

    expect(page).to_have_url(filtered)
    expect(count).to_have_text(expected)
    if path == LIST:
        assert expected != before, "the demo data should make 'bonding' narrow the list"
    chips = page.locator(".chip")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Bonding")
    chip_target = chips.first.evaluate("a => [new URL(a.href).pathname, new URL(a.href).search]")
    assert chip_target == [path, ""], f"removing the only chip should clear it: {chip_target}"
    wait_for_htmx(page)
    expect(checkbox).to_be_checked()
    assert page.evaluate("document.activeElement.id") == "f-thema-bonding"
    assert same_node(page, "#f-thema-bonding", "__focused"), "the checkbox was replaced"
    assert page.evaluate("window.__marker") == 1, "the page was loaded again"
    assert requests["documents"] == [], f"page loads instead of a live update: {requests}"
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_back_and_forward_restore_the_list(shared_demo_site, page, page_problems):
    open_list(page, shared_demo_site + LIST)
    count = page.locator(".result-count")
    before = count.inner_text()
    filtered = shared_demo_site + LIST + "?thema=bonding"
    after = count_on_load(page, filtered)
    page.locator("#f-thema-bonding").check()
    expect(page).to_have_url(filtered)
    expect(count).to_have_text(after)
    wait_for_htmx(page)

    page.go_back()
    expect(page).to_have_url(shared_demo_site + LIST)
    expect(count).to_have_text(before)
    expect(page.locator("#f-thema-bonding")).not_to_be_checked()
    expect(page.locator(".chip")).to_have_count(0)

    page.go_forward()
    expect(page).to_have_url(filtered)
    expect(count).to_have_text(after)
    expect(page.locator("#f-thema-bonding")).to_be_checked()
    expect(page.locator(".chip")).to_have_count(1)

    # Not in htmx's history cache (evicted, or storage full): htmx asks the server, which must
    # answer with the whole page, not just the list part.
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")
    requests = record_requests(page)
    page.go_back()
    expect(page).to_have_url(shared_demo_site + LIST)
    expect(count).to_have_text(before)
    assert requests["htmx"] == [shared_demo_site + LIST], (
        f"expected a history restore request: {requests}"
    )
    expect(page.locator(".site-header")).to_have_count(1)
    expect(page.locator("#id_q")).to_have_count(1)
    expect(page.locator("#list-layout")).to_have_count(1)
    expect(page.locator(".chip")).to_have_count(0)
    assert not page_problems, "\n".join(page_problems)


@pytest.mark.browser
def test_back_restores_the_search_box_with_the_list(shared_demo_site, page):
    open_list(page, shared_demo_site + LIST)
    searched = shared_demo_site + LIST + "?q=koken"
    searched_count = count_on_load(page, searched)
    page.locator("#id_q").click()
    page.keyboard.type("koken", delay=50)
    expect(page).to_have_url(searched)
    wait_for_htmx(page)
    page.locator("#f-thema-bonding").check()
    expect(page).to_have_url(searched + "&thema=bonding")
    wait_for_htmx(page)

    page.go_back()
    expect(page).to_have_url(searched)
    expect(page.locator(".result-count")).to_have_text(searched_count)
    # The list is koken's; the box must say so, or the next change drops the search.
    expect(page.locator("#id_q")).to_have_value("koken", timeout=1000)


@pytest.mark.browser
def test_live_search_shows_the_same_notice_as_a_page_load(shared_demo_site, page):
    searched = shared_demo_site + LIST + "?q=zonnebloen"
    page.goto(searched)
    notice_on_load = page.locator(".notice").all_inner_texts()
    assert any("zonnebloem" in text for text in notice_on_load), notice_on_load

    open_list(page, shared_demo_site + LIST)
    page.locator("#id_q").click()
    page.keyboard.type("zonnebloen", delay=30)
    expect(page).to_have_url(searched)
    expect(page.locator(".result-count")).to_have_text(count_on_load(page, searched))
    wait_for_htmx(page)
    expect(page.locator(".notice")).to_have_text(notice_on_load, timeout=1000)


@pytest.mark.browser
def test_without_javascript_the_form_submits_and_the_panel_is_open(shared_demo_site, browser):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False, viewport=PHONE)
    problems = []
    try:
        page = context.new_page()
        page.on(
            "response",
            lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"),
        )
        page.goto(shared_demo_site + LIST)
        unfiltered = page.locator(".result-count").inner_text()
        # Phone width, where the panel opens over the page with scripts: without, it is open
        # in the page, its categories unfolded, and there is no button that would do nothing.
        expect(page.locator("#filter-form")).to_be_visible()
        expect(page.locator("#filter-panel .filters__toggle")).to_be_hidden()
        expect(page.locator("details.facet-fold:not([open])")).to_have_count(0)
        checkbox = page.locator("#f-thema-bonding")
        expect(checkbox).to_be_visible()
        checkbox.check()  # a tick alone sends nothing without JavaScript
        expect(page.locator(".chip")).to_have_count(0)

        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Toon resultaten").click()
        assert navigation.value.ok

        address = urlsplit(page.url)
        assert address.path == LIST
        assert parse_qs(address.query).get("thema") == ["bonding"], page.url
        expected = count_on_load(page, shared_demo_site + LIST + "?thema=bonding")
        assert expected != unfiltered
        expect(page.locator(".result-count")).to_have_text(expected)
        expect(page.locator("#f-thema-bonding")).to_be_checked()
        expect(page.locator(".chip")).to_have_count(1)
        expect(page.locator(".chip").first).to_contain_text("Bonding")
        expect(page.locator("#filter-form")).to_be_visible()
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_keyboard_path_through_the_list_page(shared_demo_site, page, page_problems):
    page.set_viewport_size(DESKTOP)
    page.goto(shared_demo_site + LIST)
    wait_for_htmx(page)

    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert (skip["tag"], skip["text"]) == ("a", "Naar de inhoud"), skip
    assert skip["inViewport"], f"the skip link is focused but off screen: {skip}"
    stops = [skip]

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    for _ in range(120):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        assert stop["tag"] != "body", f"focus got lost after {stops[-1]}"
        stops.append(stop)
        if stop["firstResult"]:
            break
    else:
        pytest.fail(f"120 tabs after the skip link never reached the first result: {stops[-5:]}")

    ids = [stop["id"] for stop in stops]
    checkboxes = [i for i, stop in enumerate(stops) if stop["type"] == "checkbox"]
    assert checkboxes, f"tabbing never reached a filter checkbox: {ids}"
    first_checkbox = checkboxes[0]
    assert "id_q" in ids[:first_checkbox], f"search box after the filters: {ids[:first_checkbox]}"

    # Every stop up to the first result (the brief asks for ~25; this list page has ~60).
    hidden = [stop for stop in stops if not stop["indicator"]]
    assert not hidden, "focus without a visible indicator:\n" + "\n".join(map(str, hidden))
    invisible = [stop for stop in stops if 0 in stop["size"]]
    assert not invisible, "focus on something without size:\n" + "\n".join(map(str, invisible))
    assert not page_problems, "\n".join(page_problems)

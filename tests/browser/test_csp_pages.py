"""The Content Security Policy holds on real pages: every script, style and image they use comes
from an allowed place, so the browser refuses nothing (and would refuse an injected script).

The pages are only looked at: all of them in one test, on one load of the demo catalogue, each
page checked however many before it failed. The admin, which needs a login: test_csp.py."""

import pytest
from playwright.sync_api import expect

from tests.browser.sweep import failures_over, report
from tests.browser.test_csp import strict_page_in

PAGES = {
    path: path
    for path in [
        "/",
        "/initiatieven/?bij=3511&straal=5",
        "/initiatieven/herstelcafe-binnenstad/",
        "/gemeenten/utrecht/",
        "/casussen/",
        "/zoeken/?q=buurt",
        "/admin/login/",
    ]
}


@pytest.mark.browser
def test_pages_break_no_rule_of_the_content_security_policy(shared_demo_site, browser):
    def check(_name, path):
        with strict_page_in(browser) as (page, console):
            response = page.goto(shared_demo_site + path)
            assert "script-src 'self'" in response.headers["content-security-policy"]
            map_canvas = page.locator(".map__canvas")
            if map_canvas.count():
                map_canvas.first.scroll_into_view_if_needed()
                expect(page.locator(".leaflet-container").first).to_be_visible()
            page.wait_for_load_state("networkidle")

            refused = page.evaluate("window.__refused")
            messages = [text for text in console if "Content Security Policy" in text]
            assert refused == [] and messages == [], (refused, messages)

    failures = failures_over(PAGES, check)
    assert not failures, report(failures, PAGES)


@pytest.mark.browser
def test_an_injected_inline_script_does_not_run(shared_demo_site, browser):
    with strict_page_in(browser) as (page, _console):
        page.goto(shared_demo_site + "/")
        page.evaluate(
            """() => {
              const script = document.createElement('script');
              script.textContent = 'window.__ran = true';
              document.body.append(script);
            }"""
        )
        assert page.evaluate("window.__ran === undefined")
        assert any("script-src" in refused for refused in page.evaluate("window.__refused"))

"""The Content Security Policy holds in the admin too: an editor on an initiative's page with its
pin map meets no refusal. The public pages: test_csp_pages.py; this test logs in, so it writes,
and has the demo catalogue to itself."""

from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RECORD_VIOLATIONS


@contextmanager
def strict_page_in(browser):
    """A page that obeys the site's CSP (the shared `page` fixture bypasses it for axe), and
    the console's messages; in a context of its own, closed afterwards."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 900})
    try:
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        yield page, console
    finally:
        context.close()


@pytest.fixture
def strict_page(browser):
    with strict_page_in(browser) as page_and_console:
        yield page_and_console


@pytest.mark.browser
def test_the_admin_with_its_pin_map_breaks_no_rule(demo_site, strict_page, django_user_model):
    from initiatives.models import Initiative

    page, console = strict_page
    django_user_model.objects.create_superuser("csp", "csp@example.org", "csp-wachtwoord")
    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", "csp")
    page.fill("#id_password", "csp-wachtwoord")
    page.locator("input[type=submit]").click()
    initiative = Initiative.objects.get(slug="herstelcafe-binnenstad")
    page.goto(f"{demo_site}/admin/initiatives/initiative/{initiative.pk}/change/")
    expect(page.locator(".pin-map .leaflet-container")).to_be_visible()
    page.wait_for_load_state("networkidle")

    refused = page.evaluate("window.__refused")
    messages = [text for text in console if "Content Security Policy" in text]
    assert refused == [] and messages == [], (refused, messages)

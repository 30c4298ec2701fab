"""The Content Security Policy holds on real pages: every script, style and image they use comes
from an allowed place, so the browser refuses nothing (and would refuse an injected script)."""

import pytest
from playwright.sync_api import expect

# Records what the browser refused, from the first moment of each page.
RECORD_VIOLATIONS = """
window.__refused = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__refused.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""

PAGES = [
    "/",
    "/initiatieven/?bij=3511&straal=5",
    "/initiatieven/herstelcafe-binnenstad/",
    "/gemeenten/utrecht/",
    "/casussen/",
    "/zoeken/?q=buurt",
    "/admin/login/",
]


@pytest.fixture
def strict_page(browser):
    """A page that obeys the site's CSP (the shared `page` fixture bypasses it for axe)."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    yield page, console
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_pages_break_no_rule_of_the_content_security_policy(demo_site, strict_page, path):
    page, console = strict_page
    response = page.goto(demo_site + path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    map_canvas = page.locator(".map__canvas")
    if map_canvas.count():
        map_canvas.first.scroll_into_view_if_needed()
        expect(page.locator(".leaflet-container").first).to_be_visible()
    page.wait_for_load_state("networkidle")

    refused = page.evaluate("window.__refused")
    messages = [text for text in console if "Content Security Policy" in text]
    assert refused == [] and messages == [], (refused, messages)


@pytest.mark.browser
def test_an_injected_inline_script_does_not_run(demo_site, strict_page):
    page, _console = strict_page
    page.goto(demo_site + "/")
    page.evaluate(
        """() => {
          const script = document.createElement('script');
          script.textContent = 'window.__ran = true';
          document.body.append(script);
        }"""
    )
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in refused for refused in page.evaluate("window.__refused"))


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

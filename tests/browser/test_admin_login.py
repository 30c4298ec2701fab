"""The two-step staff login in Chromium: asking for an invitation, linking the app, recovery
codes and the code page break no rule of the Content Security Policy and pass axe; the code
field has the focus at each step; the recovery codes are copied and printed with a button."""

from base64 import b32decode

import pytest
from django.utils import formats, timezone
from django.utils.translation import gettext, override
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe_violations, run_axe
from tests.browser.test_csp import RECORD_VIOLATIONS
from wijkplatform.two_factor import invite

PASSWORD = "redactie-wachtwoord"


def nl(text):
    with override("nl"):
        return gettext(text)


def code_from_key(text):
    """What the editor's app shows for the key the page prints."""
    key = "".join(text.split())
    return f"{totp(b32decode(key + '=' * (-len(key) % 8))):06d}"


@pytest.fixture
def staff(settings, django_user_model):
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code may follow a wrong one at once
    return django_user_model.objects.create_user("redacteur", password=PASSWORD, is_staff=True)


@pytest.mark.browser
@pytest.mark.parametrize("strict", [True, False], ids=["csp", "axe"])
def test_an_editor_links_an_app_and_logs_in_with_a_code(demo_site, browser, staff, strict):
    # With the site's CSP enforced the page must be clean; axe is injected into a page
    # that bypasses it.
    context = browser.new_context(locale="nl-NL", bypass_csp=not strict)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    problems = []

    def check(what):
        if strict:
            problems.extend(f"{what}: {refused}" for refused in page.evaluate("window.__refused"))
        else:
            violations = run_axe(page)
            if violations:
                problems.append(f"{what}:\n{describe_violations(violations)}")

    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()

    # A password alone links nothing: the page says to ask for an invitation link.
    expect(page.get_by_role("heading", name=nl("Link an authenticator app"))).to_be_visible()
    expect(page.locator(".two-factor-secret")).to_have_count(0)
    check("no invitation")

    # With the link an administrator made: link the app.
    page.goto(demo_site + invite(staff)[0])
    expect(page.get_by_role("heading", name=nl("Set up two-step login"))).to_be_visible()
    qr = page.get_by_role("img", name=nl("QR code to link your authenticator app"))
    expect(qr).to_be_visible()
    # The image arrives from our own address, allowed by the CSP.
    page.wait_for_function("() => document.querySelector('img[src$=\"qr.svg\"]').naturalWidth > 0")
    code = page.locator("#id_code")
    assert code.get_attribute("autocomplete") == "one-time-code"
    key = page.locator(".two-factor-secret").inner_text()
    check("setup")
    code.fill("000000")
    page.locator("input[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text(
        nl("This code is not right. Check the code and try again.")
    )
    check("setup with an error")

    page.locator("#id_code").fill(code_from_key(key))
    page.locator("input[type=submit]").click()
    expect(page.locator(".two-factor-codes code")).to_have_count(10)
    codes = page.locator(".two-factor-codes code").all_inner_texts()
    check("recovery codes")
    page.get_by_role("link", name=nl("Continue to the admin")).click()
    expect(page.locator("#site-name")).to_be_visible()

    # The next login asks for the code; a recovery code works instead.
    page.locator("#logout-form button").click()
    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.get_by_role("heading", name=nl("Two-step login"))).to_be_visible()
    check("code")
    page.get_by_role("link", name=nl("Use a recovery code instead")).click()
    page.locator("#id_code").fill(codes[0])
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    assert "/admin/code/" not in page.url
    context.close()

    assert not problems, "\n".join(problems)


# Records each call of window.print() (a test never sees the print dialog itself).
RECORD_PRINTING = """
window.__printed = 0;
window.print = () => { window.__printed += 1; };
"""
# A browser that gives scripts no clipboard (an old one, or a page over plain http). The real
# clipboard is kept aside, for the test to read what Ctrl+C put there.
NO_CLIPBOARD = """
window.__clipboard = navigator.clipboard;
Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
"""
CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.fixture
def site(live_server, async_unsafe_allowed):
    """The live server, without the demo catalogue: logging in needs none."""
    return live_server.url


@pytest.fixture
def open_page(browser):
    """(new_page, look, problems): `new_page(init scripts, **context options)` opens a page
    that obeys the site's CSP, in a context of its own; `problems` collects its script errors
    and failed requests, and what the CSP refused when the test calls `look(page)`."""
    contexts = []
    problems = []

    def on_response(response):
        # Every page names its icon: a browser asking for /favicon.ico would get a 404 too.
        if response.status >= 400:
            problems.append(f"HTTP {response.status} {response.url}")

    def new_page(init_scripts=(), **options):
        context = browser.new_context(locale="nl-NL", **options)
        contexts.append(context)
        for script in (RECORD_VIOLATIONS, *init_scripts):
            context.add_init_script(script)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("response", on_response)
        return page

    def look(page):
        problems.extend(f"{page.url}: refused {what}" for what in page.evaluate("window.__refused"))

    yield new_page, look, problems
    for context in contexts:
        context.close()


def log_in_with_password(page, site):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()


def link_the_app(page, site, staff):
    """Log in and link an app with an invitation link: the recovery codes it shows."""
    log_in_with_password(page, site)
    page.goto(site + invite(staff)[0])
    page.locator("#id_code").fill(code_from_key(page.locator(".two-factor-secret").inner_text()))
    page.locator("input[type=submit]").click()
    expect(page.locator(".two-factor-codes code")).to_have_count(10)
    return page.locator(".two-factor-codes code").all_inner_texts()


def expect_the_code_field_focused(page, numeric):
    """The code field has the focus (it is document.activeElement) and is the page's only
    element with autofocus; a phone offers its number pad for an app's code."""
    code = page.locator("#id_code")
    expect(code).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "id_code"
    expect(page.locator("[autofocus]")).to_have_count(1)
    assert code.get_attribute("autocomplete") == "one-time-code"
    assert code.get_attribute("inputmode") == ("numeric" if numeric else None)


@pytest.mark.browser
def test_after_the_password_the_code_is_typed_at_once(site, open_page, staff, screenshot_dir):
    new_page, look, problems = open_page
    page = new_page()

    # Linking the app: the code field of the QR code step has the focus, after a wrong code too.
    log_in_with_password(page, site)
    page.goto(site + invite(staff)[0])
    expect(page.get_by_role("heading", name=nl("Set up two-step login"))).to_be_visible()
    expect_the_code_field_focused(page, numeric=True)
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    expect_the_code_field_focused(page, numeric=True)
    look(page)
    page.keyboard.type(code_from_key(page.locator(".two-factor-secret").inner_text()))
    page.keyboard.press("Enter")
    expect(page.locator(".two-factor-codes code")).to_have_count(10)
    codes = page.locator(".two-factor-codes code").all_inner_texts()
    expect(page.locator("[autofocus]")).to_have_count(0)  # nothing to type on this page

    # The next login: the code step, and the recovery code step, take what is typed at once.
    page.get_by_role("link", name=nl("Continue to the admin")).click()
    page.locator("#logout-form button").click()
    log_in_with_password(page, site)
    expect(page.get_by_role("heading", name=nl("Two-step login"))).to_be_visible()
    expect_the_code_field_focused(page, numeric=True)
    page.screenshot(path=screenshot_dir / "two-step-code.png")
    look(page)
    page.get_by_role("link", name=nl("Use a recovery code instead")).click()
    expect_the_code_field_focused(page, numeric=False)
    look(page)
    page.keyboard.type(codes[0])
    page.keyboard.press("Enter")
    expect(page.locator("#site-name")).to_be_visible()

    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_recovery_codes_are_copied_and_printed_with_a_button(
    site, open_page, staff, screenshot_dir
):
    new_page, look, problems = open_page
    page = new_page([RECORD_PRINTING], permissions=CLIPBOARD)
    codes = link_the_app(page, site, staff)

    page.get_by_role("button", name=nl("Copy")).click()
    expect(page.get_by_role("status")).to_have_text(nl("The codes are on the clipboard."))
    page.screenshot(path=screenshot_dir / "two-step-recovery-codes.png", full_page=True)
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(codes)

    page.get_by_role("button", name=nl("Print")).click()
    assert page.evaluate("window.__printed") == 1
    look(page)

    # On paper: the codes, whose they are, for which site, from when; none of the screen's
    # header, explanations, buttons and links. In black, also from a dark admin.
    page.emulate_media(media="print", color_scheme="dark")
    page.screenshot(path=screenshot_dir / "two-step-recovery-codes-print.png", full_page=True)
    for code in codes:
        expect(page.get_by_text(code, exact=True)).to_be_visible()
    sheet = page.locator(".two-factor-sheet")
    expect(sheet).to_contain_text("Wijkplatform")
    expect(sheet).to_contain_text(staff.get_username())
    with override("nl"):
        expect(sheet).to_contain_text(formats.date_format(timezone.localdate(), "DATE_FORMAT"))
    for text in (sheet.locator("dd").first, page.locator(".two-factor-codes code").first):
        expect(text).to_have_css("color", "rgb(0, 0, 0)")
    expect(page.locator("#header")).to_be_hidden()
    expect(page.get_by_text(nl("This is the only time we show them."))).to_be_hidden()
    expect(page.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("link")).to_have_count(0)

    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_without_a_clipboard_the_codes_are_selected_to_copy_by_hand(
    site, open_page, staff, screenshot_dir
):
    new_page, look, problems = open_page
    page = new_page([NO_CLIPBOARD], permissions=CLIPBOARD)
    codes = link_the_app(page, site, staff)

    page.get_by_role("button", name=nl("Copy")).click()
    expect(page.get_by_role("status")).to_have_text(
        nl("The codes are selected. Copy them with Ctrl+C (on a Mac: Cmd+C).")
    )
    page.screenshot(path=screenshot_dir / "two-step-recovery-codes-by-hand.png")
    assert page.evaluate("window.getSelection().toString()").split() == codes
    page.keyboard.press("Control+C")
    assert page.evaluate("window.__clipboard.readText()").split() == codes
    look(page)

    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_without_javascript_no_button_is_offered(site, open_page, staff):
    new_page, _look, problems = open_page
    page = new_page(java_script_enabled=False)
    codes = link_the_app(page, site, staff)

    expect(page.get_by_text(codes[0], exact=True)).to_be_visible()
    expect(page.get_by_role("button")).to_have_count(0)
    assert not problems, "\n".join(problems)

"""Browser tests: Django's live server with the demo catalogue, driven by headless Chromium.

Chromium is Debian's package (`apt-get install chromium`), not Playwright's own download;
`.ci/run` installs it on CI. A missing browser fails these tests instead of skipping them,
so CI can never pass without having run them.

Two ways to get the demo catalogue, and a module uses one of them, never both:

- `shared_demo_site`: loaded once for the whole module, emptied after its last test. For tests
  that only look (page views, axe, tap targets, print, the Content Security Policy, filtering
  and searching): a module of them pays for one load instead of one per test.
- `demo_site`: loaded anew for each test and emptied after it (pytest-django's `live_server`
  makes the test transactional). For tests that write: forms that are sent, admin edits, the
  editorial cycle, imports.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import modify_settings
from django.utils.text import capfirst
from django.utils.translation import gettext, override
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.outbox import empty as empty_outbox

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
DEMO_FIXTURES = ["taxonomy", "regions", "demo"]
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
EDITOR_PASSWORD = "redactie-wachtwoord"

# Records what the browser refused under the site's Content Security Policy, from the first
# moment of each page, in `window.__refused`.
RECORD_VIOLATIONS = """
window.__refused = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__refused.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""

# Fixtures and markers that give a test a transactional database, emptied after the test: in a
# module on the shared catalogue, such a test would empty it for the tests after it.
EMPTIES_THE_DATABASE = {"live_server", "transactional_db"}


def load_demo_catalogue():
    call_command(
        "loaddata",
        *(str(FIXTURE_DIR / f"{name}.json") for name in DEMO_FIXTURES),
        verbosity=0,
    )


@pytest.fixture(scope="module")
def async_unsafe_allowed():
    """Playwright's sync API runs an asyncio event loop in the test thread, so Django thinks
    every ORM call there (loading fixtures, flushing the database, a test's own queries) comes
    from async code and raises SynchronousOnlyOperation. No coroutine touches the database here:
    the guard is lifted, but only while a browser module runs, not for the rest of the run."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(async_unsafe_allowed):
    """One headless Chromium per test module; each test gets a fresh context."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; the browser tests need it. "
            "Install Debian's package: sudo apt-get install chromium",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def watch_for_problems(page, problems):
    """Report into `problems` what went wrong on the page that a person would not see: broken
    assets, script errors."""
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def on_request_failed(request):
        # ERR_ABORTED: the page moved on (a form was sent) before an asset finished loading;
        # nothing a visitor sees. A missing asset is a 404, reported below.
        if "ERR_ABORTED" not in (request.failure or ""):
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("response", on_response)


def watch_for_errors(page, problems, name="", *, console=False):
    """Report into `problems` the script errors and failed responses on the page (`name: ` in
    front, for a test with several pages); with `console`, also the errors Chromium writes on
    its console, such as what the Content Security Policy refused."""
    prefix = f"{name}: " if name else ""
    page.on("pageerror", lambda error: problems.append(f"{prefix}script error: {error}"))

    def on_console(message):
        # A failed load is reported below, with its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"{prefix}console: {message.text}")

    def on_response(response):
        # Every page names its icon: a browser asking for /favicon.ico would get a 404 too.
        if response.status >= 400:
            problems.append(f"{prefix}HTTP {response.status} {response.url}")

    if console:
        page.on("console", on_console)
    page.on("response", on_response)


@pytest.fixture
def page_problems():
    """What went wrong on the page that a person would not see: broken assets, script errors."""
    return []


@pytest.fixture
def page(browser, page_problems):
    """A fresh page in its own context, reporting problems into `page_problems`.

    bypass_csp lets the test inject axe-core even when the site's Content Security Policy
    forbids inline scripts.
    """
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    watch_for_problems(page, page_problems)
    yield page
    context.close()


@pytest.fixture
def fresh_page(browser):
    """For a test that visits many pages: `with fresh_page() as (page, problems):` opens one
    as the `page` fixture does, in a context of its own (no cookies, storage or window size
    left by the page before), and closes it again."""

    @contextmanager
    def open_page(**options):
        context = browser.new_context(**{"locale": "nl-NL", "bypass_csp": True, **options})
        try:
            page = context.new_page()
            problems = []
            watch_for_problems(page, problems)
            yield page, problems
        finally:
            context.close()

    return open_page


@pytest.fixture
def open_page(browser, page_problems):
    """`open_page(name, viewport=DESKTOP)`: a page in a Dutch browser of its own that obeys the
    site's Content Security Policy (what it refused in `window.__refused`), reporting into
    `page_problems` as `watch_for_errors` does (`console=True`: the console's errors too), or
    as `watch` does; closed after the test."""
    contexts = []

    def open_page(name="", *, viewport=DESKTOP, console=False, watch=None):
        context = browser.new_context(locale="nl-NL", viewport=viewport)
        contexts.append(context)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        if watch is None:
            watch_for_errors(page, page_problems, name, console=console)
        else:
            watch(page, page_problems)
        return page

    yield open_page
    for context in contexts:
        context.close()


def create_editor(username, role, *, first="", last="", two_step=False):
    """A staff user in the editor group `role`, with password EDITOR_PASSWORD; with `two_step`,
    also a confirmed authenticator app (TOTP device), whose code `log_in` then enters."""
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@example.org",
        password=EDITOR_PASSWORD,
        first_name=first,
        last_name=last,
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=role))
    if two_step:
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


@pytest.fixture
def editor_page(open_page, editor_roles):
    """`editor_page(username, role, *, first, last, two_step, viewport, ...)`: an editor made
    with `create_editor`, and a page of her own from `open_page`, ready for `log_in`."""

    def editor_page(username, role, *, first="", last="", two_step=False, **page_options):
        create_editor(username, role, first=first, last=last, two_step=two_step)
        return open_page(username, **page_options)

    return editor_page


def nl(text):
    with override("nl"):
        return gettext(text)


def log_in(page, site, username, password=EDITOR_PASSWORD):
    """The admin's login form: the password, then, if the user has an authenticator app, the
    code it shows."""
    page.goto(f"{site}/admin/login/")
    page.get_by_label(capfirst(nl("username"))).fill(username)
    page.get_by_label(nl("Password")).fill(password)
    page.get_by_role("button", name=nl("Log in")).click()
    device = TOTPDevice.objects.filter(user__username=username).first()
    if device is not None:
        expect(page.get_by_role("heading", name=nl("Two-step login"))).to_be_visible()
        page.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
        page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()


@pytest.fixture
def demo_site(live_server, async_unsafe_allowed):
    """The live server's URL, with the demo catalogue loaded (flushed again after the test)."""
    load_demo_catalogue()
    return live_server.url


@pytest.fixture(scope="session")
def catalogue_server(request, django_db_setup, django_db_blocker):
    """A live server for the modules on the shared catalogue.

    Not pytest-django's `live_server`: every test that reaches that one, even through a
    module-scoped fixture, is made transactional by pytest-django (its autouse
    `_live_server_helper`), and a transactional test empties the database after itself.
    """
    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    host = address.split(":")[0] if address.count(":") == 1 else address  # any free port
    server = LiveServer(host)
    yield server
    server.stop()
    # The server's request threads end with their connections still open (persistent
    # connections): close them, or the test database cannot be dropped after the run.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def refuse_tests_that_empty_the_database(request):
    """A module on the shared catalogue holds no test that empties the database after itself:
    the tests after it would find nothing. Such a test belongs in a module of its own."""
    emptying = []
    for item in request.session.items:
        if getattr(item, "module", None) is not request.module:
            continue
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction", False)
        if transactional or EMPTIES_THE_DATABASE & set(item.fixturenames):
            emptying.append(item.name)
    if emptying:
        pytest.fail(
            f"{request.module.__name__} uses the shared demo catalogue, but these tests of it"
            f" empty the database after themselves: {', '.join(emptying)}. Move them to a"
            " module of their own, on `demo_site`.",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def shared_demo_site(request, catalogue_server, django_db_blocker, async_unsafe_allowed):
    """A live server's URL with the demo catalogue, loaded once for the whole module and
    committed (the server's threads read it from their own connections); every table is
    emptied after the module, as after a `demo_site` test, so the next module starts clean.

    For tests that only look: what one of them writes, the next one sees.
    """
    refuse_tests_that_empty_the_database(request)
    host = catalogue_server.thread.host
    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": host}):
        try:
            load_demo_catalogue()
            yield catalogue_server.url
        finally:
            # As a transactional test's teardown does; the content types and permissions come
            # back with post_migrate, the editor groups do not (the `editor_roles` fixture).
            call_command("flush", interactive=False, verbosity=0)
            empty_outbox()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR

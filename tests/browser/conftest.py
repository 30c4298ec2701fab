"""Browser tests: Django's live server with the demo catalogue, driven by headless Chromium.

Chromium is Debian's package (`apt-get install chromium`), not Playwright's own download;
`.ci/run` installs it on CI. A missing browser fails these tests instead of skipping them,
so CI can never pass without having run them.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an asyncio event loop in the test thread, so Django thinks every
# ORM call there (loading fixtures, flushing the database) comes from async code and raises
# SynchronousOnlyOperation. No coroutine touches the database here: the guard is safe to lift.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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


@pytest.fixture(scope="module")
def browser():
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
    page.on("pageerror", lambda error: page_problems.append(f"script error: {error}"))

    def on_request_failed(request):
        # ERR_ABORTED: the page moved on (a form was sent) before an asset finished loading;
        # nothing a visitor sees. A missing asset is a 404, reported below.
        if "ERR_ABORTED" not in (request.failure or ""):
            page_problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            page_problems.append(f"HTTP {response.status}: {response.url}")

    page.on("response", on_response)
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server):
    """The live server's URL, with the demo catalogue loaded (flushed again after the test)."""
    call_command(
        "loaddata",
        *(str(FIXTURE_DIR / f"{name}.json") for name in DEMO_FIXTURES),
        verbosity=0,
    )
    return live_server.url


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR

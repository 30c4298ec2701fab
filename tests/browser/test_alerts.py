"""Following a search by e-mail on a 360 px phone, by keyboard: from the list to the form, the
confirmation link's page, the alert's unsubscribe page and the pages after them. Every step
passes axe, fits the phone and never shows the subscriber's address. Subscribing writes, so
the test has the demo catalogue to itself."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import nl
from tests.browser.test_accessibility import (
    HORIZONTAL_FIT,
    PHONE,
    describe_violations,
    run_axe,
)
from tests.browser.test_tap_targets import SMALL_TARGETS
from tests.outbox import queued

SUBSCRIBER = "volger-prive@example.org"


def check_step(page, step, problems):
    """What every page of the cycle must be on a phone; failures go into `problems`."""
    fit = page.evaluate(HORIZONTAL_FIT)
    if fit["page"] > fit["viewport"]:
        problems.append(f"{step} scrolls sideways: {fit['wider']}")
    small = page.evaluate(SMALL_TARGETS)
    if small:
        problems.append(f"{step}: controls smaller than 44 px: {small}")
    violations = run_axe(page)
    if violations:
        problems.append(f"{step}:\n" + describe_violations(violations))
    if SUBSCRIBER in page.content():
        problems.append(f"{step} shows the subscriber's address")


@pytest.mark.browser
def test_a_resident_follows_a_search_by_e_mail_on_a_phone(demo_site, page, page_problems):
    page.set_viewport_size(PHONE)
    problems = []
    page.goto(demo_site + "/initiatieven/?thema=bonding")
    link = page.get_by_role("link", name=nl("Keep me posted by e-mail"))
    link.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(demo_site + "/meldingen/initiatieven/?thema=bonding")
    expect(page.locator(".followed-search")).to_contain_text("Bonding")
    check_step(page, "the form", problems)
    page.get_by_role("button", name=nl("Keep me posted")).click()  # nothing filled in
    expect(page.locator(".error-summary")).to_be_focused()
    check_step(page, "the form with an error", problems)

    page.get_by_label(nl("Your e-mail address")).fill(SUBSCRIBER)
    page.get_by_label(nl("Once a week, with everything that is new")).check()
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + "/meldingen/aangevraagd/")
    check_step(page, "the page after the form", problems)

    [confirmation] = queued()
    assert confirmation.to == [SUBSCRIBER]
    confirm_url = re.search(r"https?://\S+/meldingen/bevestigen/\S+/", confirmation.body)[0]
    page.goto(confirm_url)
    check_step(page, "the confirmation link", problems)
    page.get_by_role("button", name=nl("Yes, send me e-mails")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Your e-mails are on"))
    check_step(page, "the confirmed page", problems)

    page.locator("main a[href*='/meldingen/afmelden/']").click()
    check_step(page, "the unsubscribe link", problems)
    page.get_by_role("button", name=nl("Stop the e-mails")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("You will get no more e-mails"))
    check_step(page, "the page after unsubscribing", problems)

    gone = page.goto(page.url)
    assert gone.status == 404
    check_step(page, "the link once used", problems)

    assert not page_problems, "\n".join(page_problems)
    assert not problems, "\n\n".join(problems)

"""The resident's journey on a 360 × 800 phone, with the mail server down: "what is there for
older people near 3511?", then the filters, a result, its contact form, and the message
sent. Every step passes axe, and nothing the resident wrote is lost: the message and its
confirmation wait in the outbox (tests/ops/test_outbox.py delivers such messages through
the real worker once the mail server is back). Sending writes, so the test has the demo
catalogue to itself."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe_violations, run_axe
from tests.browser.test_live_results import wait_for_htmx
from tests.outbox import queued

PHONE = {"width": 360, "height": 800}
MESSAGE = "Hallo, mijn moeder (82) zoekt gezelschap. Mag ze een keer langskomen?"


def assert_accessible(page, step):
    violations = run_axe(page)
    assert not violations, f"{step}:\n{describe_violations(violations)}"


@pytest.mark.browser
def test_a_resident_finds_an_initiative_near_home_and_writes_to_it_with_the_mail_server_down(
    demo_site, page, page_problems, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: it is down
    page.set_viewport_size(PHONE)

    # 1. Home: where, in one search box.
    page.goto(demo_site + "/")
    assert_accessible(page, "home")
    page.get_by_label("Waar?").fill("3511")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_url(re.compile(r"/initiatieven/\?bij=3511"))
    wait_for_htmx(page)
    first_count = page.locator("#results .result-count").inner_text()
    assert_accessible(page, "the list around 3511")

    # 2. The filters open over the list; "for older people", then back to the results.
    page.locator("#filter-panel .filters__toggle").click()
    panel = page.locator("#filter-panel")
    expect(panel).to_have_attribute("role", "dialog")
    older = page.locator("#f-doelgroep-ouderen")
    category = panel.locator("details.facet-fold", has=older)
    category.locator("summary.facet-fold__summary").click()
    category.locator("summary", has_text="Uitleg bij Ouderen").click()  # what does it mean?
    expect(category.get_by_text("Mensen van ongeveer 65 jaar en ouder.")).to_be_visible()
    assert_accessible(page, "the filter panel")
    older.check()
    expect(page).to_have_url(re.compile(r"doelgroep=ouderen"))
    wait_for_htmx(page)
    show = panel.locator(".filters__show")
    expect(show).to_be_in_viewport()
    show.click()
    heading = page.locator("#results-heading")
    expect(heading).to_be_focused()
    count = page.locator("#results .result-count").inner_text()
    assert count != first_count, (count, first_count)
    assert_accessible(page, "the filtered list")

    # 3. A result: its page measures from 3511 and offers the contact button on screen.
    page.locator("#results .card a").first.click()
    page.wait_for_url(re.compile(r"/initiatieven/[\w-]+/\?bij=3511"))
    contact = page.get_by_role("link", name="Stuur de initiatiefnemer een bericht")
    expect(contact).to_be_in_viewport()
    expect(page.get_by_text(re.compile(r"van 3511"))).not_to_have_count(0)
    assert_accessible(page, "the initiative")
    title = page.locator("h1").inner_text()

    # 4. The contact form, sent while the mail server is down.
    contact.click()
    assert_accessible(page, "the contact form")
    page.get_by_label("Je naam").fill("Ans de Wit")
    page.get_by_label("Je e-mailadres").fill("ans@example.org")
    page.get_by_label("Je bericht").fill(MESSAGE)
    page.get_by_role("button", name="Bericht versturen").click()

    page.wait_for_url(re.compile(r"/contact/verzonden/$"))
    expect(page.locator("h1")).to_have_text("Je bericht is ontvangen en wordt verstuurd")
    assert_accessible(page, "sent")
    assert not page_problems, page_problems

    # Nothing lost: the message and the copy for Ans wait for the mail server.
    to_initiative, confirmation = queued()
    assert title in to_initiative.subject and MESSAGE in to_initiative.body
    assert to_initiative.reply_to == ["ans@example.org"]
    assert confirmation.to == ["ans@example.org"] and MESSAGE in confirmation.body
    assert to_initiative.to[0] not in page.content()

"""The public forms in a real browser: sent back with errors they pass axe at phone and
desktop width, every control is big enough, and the error summary's links put the keyboard
focus in the field to fix.

A form sent back with errors keeps nothing, so these tests share one load of the demo
catalogue; a message that is sent: test_contact.py."""

import pytest
from playwright.sync_api import expect

from tests.browser.sweep import failures_over, report
from tests.browser.test_accessibility import (
    DESKTOP,
    HORIZONTAL_FIT,
    PHONE,
    describe_violations,
    in_both_languages,
    run_axe,
)
from tests.browser.test_tap_targets import SMALL_TARGETS

CONTACT = "/initiatieven/vrouwengroep-de-zonnebloem/contact/"
DUTCH_FORMS = [
    ("initiative-submit", "/initiatieven/aanmelden/"),
    ("publication-submit", "/publicaties/aanmelden/"),
    ("initiative-contact", CONTACT),
    ("alert-subscribe", "/meldingen/initiatieven/?thema=bonding"),
]
# Each form in Dutch and in English, by id: (path, language).
FORMS = {
    form_id: (path, language)
    for name, dutch_path in DUTCH_FORMS
    for form_id, path, language in in_both_languages(name, dutch_path)
}


def send_empty(page, url):
    page.goto(url)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()


@pytest.mark.browser
def test_every_form_with_errors_passes_axe_and_fits_a_phone(shared_demo_site, fresh_page):
    def check(_name, form):
        with fresh_page() as (page, page_problems):
            check_form_with_errors(page, page_problems, shared_demo_site, *form)

    failures = failures_over(FORMS, check)
    assert not failures, report(failures, FORMS)


def check_form_with_errors(page, page_problems, site, path, language):
    send_empty(page, site + path)
    # Sent back in the language it was filled in.
    expect(page).to_have_url(site + path)
    expect(page.locator("html")).to_have_attribute("lang", language)

    failures = []
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        size = f"{viewport['width']}x{viewport['height']}"
        if viewport is PHONE:
            fit = page.evaluate(HORIZONTAL_FIT)
            if fit["page"] > fit["viewport"]:
                failures.append(f"scrolls sideways at {size}: {fit['wider']}")
            small = page.evaluate(SMALL_TARGETS)
            if small:
                failures.append(f"controls smaller than 44 px at {size}: {small}")
        violations = run_axe(page)
        if violations:
            failures.append(f"at {size}:\n" + describe_violations(violations))

    assert not page_problems, "\n".join(page_problems)
    assert not failures, f"{path} with errors:\n" + "\n\n".join(failures)


@pytest.mark.browser
def test_the_error_summary_takes_the_focus_and_its_links_lead_into_the_fields(
    shared_demo_site, page
):
    page.set_viewport_size(PHONE)
    send_empty(page, shared_demo_site + "/initiatieven/aanmelden/")

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    # Whether the sender is an initiator is the first thing to fix: a group of options, whose
    # first option takes the focus, its question in view.
    page.keyboard.press("Tab")
    expect(summary.locator("a").first).to_be_focused()
    page.keyboard.press("Enter")
    first = page.locator("#id_is_initiator_0")
    expect(first).to_be_focused()
    expect(first).to_be_in_viewport()
    page.keyboard.type(" ")
    expect(first).to_be_checked()
    # A field: it takes the focus and says it is wrong.
    page.locator('.error-summary a[href="#id_title"]').focus()
    page.keyboard.press("Enter")
    title = page.locator("#id_title")
    expect(title).to_be_focused()
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_be_in_viewport()


@pytest.mark.browser
def test_people_and_screen_readers_never_meet_the_honeypot(shared_demo_site, page):
    page.goto(shared_demo_site + CONTACT)
    page.locator("#id_name").focus()
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#id_homepage")).not_to_be_focused()
    box = page.locator("#id_homepage").bounding_box()
    assert box["x"] + box["width"] <= 0, "the honeypot must lie off screen"
    expect(page.locator(".honeypot")).to_have_attribute("aria-hidden", "true")


@pytest.mark.browser
def test_the_municipality_is_chosen_by_typing_and_stays_chosen_after_errors(shared_demo_site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(shared_demo_site + "/initiatieven/aanmelden/")
    municipality = page.locator("#id_municipality[role=combobox]")
    municipality.focus()
    page.keyboard.type("utre", delay=50)
    page.locator("#id_municipality__listbox [role=option]").first.click()
    expect(page.locator("#id_municipality-select")).to_have_value(
        page.locator("#id_municipality-select option", has_text="Utrecht").get_attribute("value")
    )
    page.locator("#id_title").fill("Buurtsoep")

    page.locator("main form button[type=submit]").click()

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_municipality[role=combobox]")).to_have_value("Utrecht")
    expect(page.locator("#id_title")).to_have_value("Buurtsoep")

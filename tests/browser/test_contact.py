"""A resident writes to an initiator in a real browser, by keyboard alone: the message goes
out through the outbox, the initiator's address stays hidden. Sending it writes (the site
logs that a message went out), so the test has the demo catalogue to itself."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_forms import CONTACT
from tests.outbox import queued


@pytest.mark.browser
def test_a_resident_writes_to_an_initiator_by_keyboard(demo_site, page):
    page.goto(demo_site + "/initiatieven/vrouwengroep-de-zonnebloem/")
    link = page.locator(f'a[href="{CONTACT}"]')
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_site + CONTACT)

    page.locator("#id_name").focus()
    page.keyboard.type("Piet")
    page.keyboard.press("Tab")
    page.keyboard.type("piet@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Mag ik een keer meedoen?")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(demo_site + CONTACT + "verzonden/")
    assert "vrouwengroep-de-zonnebloem@example.org" not in page.content()
    mail, confirmation = queued()
    assert mail.to == ["vrouwengroep-de-zonnebloem@example.org"]
    assert mail.reply_to == ["piet@example.org"]
    assert confirmation.to == ["piet@example.org"]

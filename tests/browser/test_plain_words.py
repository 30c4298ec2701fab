"""What a theme or target group means, where people choose it, in a real browser: folded under a
"?" button on a phone and opened by a tap (with or without JavaScript), simply shown where the
options have room, read by screen readers as each option's description either way, and axe
clean on a 360 px phone with an explanation open. The server's side: tests/themes/."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe_violations, run_axe

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
BONDING = "Mensen die iets gemeen hebben, zoeken elkaar op en steunen elkaar."
LIST = "/initiatieven/"
FORM = "/initiatieven/aanmelden/"


def option(page, box):
    """The checkbox `box` (a selector), its explanation's text, its "?" button, its link."""
    item = page.locator(f"li:has(> {box})")
    return (
        page.locator(box),
        item.locator(".explain__text"),
        item.locator(".explain > summary"),
        item.locator(".explain__text a"),
    )


def assert_axe_clean(page, where):
    violations = run_axe(page)
    assert not violations, f"{where}:\n{describe_violations(violations)}"


@pytest.mark.browser
def test_on_a_phone_the_filters_fold_each_explanation_under_a_button(shared_demo_site, page):
    page.set_viewport_size(PHONE)
    page.goto(shared_demo_site + LIST)
    page.locator("#filter-panel .filters__toggle").click()  # the filters open over the list
    category = page.locator("details.facet-fold", has=page.locator("#f-thema-bonding"))
    category.locator("summary.facet-fold__summary").click()
    box, text, button, link = option(page, "#f-thema-bonding")

    # Folded, yet the option's description for a screen reader.
    expect(text).to_be_hidden()
    expect(box).to_have_accessible_description(BONDING)
    expect(button).to_have_accessible_name("Uitleg bij Bonding")
    button.click()
    expect(text).to_be_visible()
    expect(text).to_contain_text(BONDING)
    expect(link).to_have_attribute("href", "/themas/bonding/")
    expect(link).to_have_accessible_name("Lees meer over Bonding")
    assert_axe_clean(page, f"{LIST} at 360 px with an explanation open")

    # Ticking a box updates the list in place; the opened explanation stays open.
    box.check()
    expect(page.locator("#results .chip").first).to_be_visible()
    expect(text).to_be_visible()
    link.click()
    expect(page).to_have_url(shared_demo_site + "/themas/bonding/")


@pytest.mark.browser
def test_without_javascript_the_explanations_still_open(shared_demo_site, fresh_page):
    with fresh_page(viewport=PHONE, java_script_enabled=False) as (page, problems):
        page.goto(shared_demo_site + LIST)
        _box, text, button, _link = option(page, "#f-doelgroep-ouderen")
        expect(text).to_be_hidden()
        button.click()
        expect(text).to_have_text("Mensen van ongeveer 65 jaar en ouder.")
    assert not problems


@pytest.mark.browser
def test_where_the_options_have_room_the_explanations_are_simply_shown(shared_demo_site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(shared_demo_site + FORM)
    box, text, button, link = option(page, "#id_themes_0")
    expect(text).to_be_visible()
    expect(button).to_be_hidden()
    expect(box).to_have_accessible_description(BONDING)
    expect(link).to_be_visible()

    # The filter column beside the results is narrow: there they stay folded.
    page.goto(shared_demo_site + LIST)
    _box, text, button, _link = option(page, "#f-thema-bonding")
    expect(text).to_be_hidden()
    expect(button).to_be_visible()


@pytest.mark.browser
def test_the_proposal_form_on_a_phone_explains_and_passes_axe(shared_demo_site, page):
    page.set_viewport_size(PHONE)
    page.goto(shared_demo_site + FORM)
    # Who you are comes first.
    expect(page.locator("main form input:not([type=hidden], .honeypot *)").first).to_have_attribute(
        "name", "is_initiator"
    )
    box, text, button, _link = option(page, "#id_target_groups_0")
    expect(text).to_be_hidden()
    expect(box).to_have_accessible_description("Mensen van ongeveer 65 jaar en ouder.")
    button.click()
    expect(text).to_be_visible()
    _box, theme_text, theme_button, _link = option(page, "#id_themes_0")
    theme_button.click()
    expect(theme_text).to_contain_text(BONDING)
    assert_axe_clean(page, f"{FORM} at 360 px with explanations open")

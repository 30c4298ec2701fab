"""What an editor sees in the admin on a 1280 px wide screen: a summary box that shows its
whole text and counts down to its limit, and every catalogue list, long names included, with
its key columns in view (no sideways scrolling) and no column header that breaks a word."""

import pytest
from django.contrib import admin
from playwright.sync_api import expect

from cases.models import Author, Case, Publication
from catalogue.models import SearchTerm
from initiatives.models import Initiative, InitiativeContact, InitiativeSubmission
from places.models import District, Municipality, Neighbourhood, Province
from tests.browser.conftest import log_in, watch_for_problems
from tests.browser.test_admin_queues import OVERFLOW
from themes.models import TargetGroup, Theme

# 300 characters of a realistic summary: the most a summary may hold.
LONGEST_SUMMARY = (
    "Buren koken elke dinsdag samen in het buurthuis en eten daarna aan lange tafels. "
    "Wie wil, neemt een recept mee uit het land waar hij of zij vandaan komt. Zo leren "
    "mensen elkaar kennen die elkaar anders niet zouden spreken. Vrijwilligers doen de "
    "boodschappen en houden de keuken schoon, elke week weer."
)[:300]

# Every list of the catalogue (test_every_catalogue_list_is_checked keeps it complete).
CHANGELISTS = [
    "initiatives/initiative",
    "initiatives/initiativecontact",
    "cases/case",
    "cases/publication",
    "cases/author",
    "themes/theme",
    "themes/targetgroup",
    "places/province",
    "places/municipality",
    "places/district",
    "places/neighbourhood",
    "places/postcode",
    "catalogue/searchterm",
    "taggit/tag",
]
CATALOGUE_APPS = {"initiatives", "cases", "themes", "places", "catalogue", "taggit"}

# A long title or name, as editors do write them (a name may hold 100 characters).
LONG_NAME = (
    "Buurtcoöperatie Wijkonderneming Zuidoost-Vleuten-De Meern voor duurzame energie en zorg"
)

# The words of the list's column headers that run over more than one line.
BROKEN_HEADER_WORDS = r"""() => {
  const broken = [];
  for (const header of document.querySelectorAll("#result_list thead th")) {
    const texts = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      for (const word of node.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = [...range.getClientRects()].filter((rect) => rect.width > 0);
        if (lines.length > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def admin_page(demo_site, open_page, django_user_model):
    """A superuser in the admin at 1280 × 900, in a page that obeys the site's CSP."""
    django_user_model.objects.create_superuser("editor", "editor@example.org", "editor-wachtwoord")
    page = open_page(watch=watch_for_problems)
    log_in(page, demo_site, "editor", "editor-wachtwoord")
    return page


@pytest.mark.browser
def test_the_summary_box_shows_the_whole_text_and_counts_down(demo_site, admin_page, page_problems):
    for model in (Initiative, Case):  # the kinds whose summary has a limit
        check_summary_box(admin_page, demo_site, model)
    assert page_problems == []


def check_summary_box(page, demo_site, model):
    item = model.objects.filter(state="published").order_by("pk").first()
    opts = model._meta
    page.goto(f"{demo_site}/admin/{opts.app_label}/{opts.model_name}/{item.pk}/change/")

    box = page.get_by_role("textbox", name="Samenvatting")
    counter = page.locator("#id_summary_count")
    expect(counter).to_have_text(f"Nog {300 - len(item.summary)} tekens")
    assert "id_summary_count" in box.get_attribute("aria-describedby").split()

    box.fill(LONGEST_SUMMARY[:280])
    expect(counter).to_have_text("Nog 20 tekens")
    box.press("End")
    page.keyboard.type("!")
    expect(counter).to_have_text("Nog 19 tekens")
    # A screen reader hears it once the typing pauses.
    expect(page.locator("[aria-live=polite]", has_text="tekens")).to_have_text("Nog 19 tekens")
    box.fill(LONGEST_SUMMARY[:299])
    expect(counter).to_have_text("Nog 1 teken")

    box.fill(LONGEST_SUMMARY)
    expect(counter).to_have_text("Nog 0 tekens")
    page.keyboard.type("meer")  # the browser keeps to the limit
    assert box.input_value() == LONGEST_SUMMARY
    # The whole text is in view: nothing to scroll inside the box.
    assert box.evaluate("box => box.scrollHeight <= box.clientHeight && box.rows <= 4")

    # One paragraph: a line break typed in the box is saved as a space.
    box.fill("Buren koken samen.")
    box.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Iedereen is welkom.")
    page.get_by_role("button", name="Opslaan en opnieuw bewerken").last.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    item.refresh_from_db()
    assert item.summary == "Buren koken samen. Iedereen is welkom."

    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__refused") == []


@pytest.mark.browser
def test_a_schedule_in_a_few_words_fits_its_field(demo_site, admin_page, page_problems):
    """Django's 20em text fields hid the end of "Wanneer" and "Kosten" (a walk at 1280 px)."""
    item = Initiative.objects.filter(state="published").order_by("pk").first()
    admin_page.goto(f"{demo_site}/admin/initiatives/initiative/{item.pk}/change/")
    for name, text in (
        ("schedule", "Elke dinsdag en donderdag van 10.00 tot 12.00 uur in het buurthuis"),
        ("cost", "Gratis; een maaltijd kost 3 euro, koffie en thee zijn gratis"),
    ):
        field = admin_page.locator(f"#id_{name}")
        field.fill(text)
        assert field.evaluate("input => input.scrollWidth <= input.clientWidth"), name
    assert page_problems == []


@pytest.mark.browser
def test_who_submitted_an_item_shows_only_where_someone_did(demo_site, admin_page, page_problems):
    heading = admin_page.locator("fieldset.submitter h2")
    made, submitted = Initiative.objects.filter(submission__isnull=True).order_by("pk")[:2]
    InitiativeSubmission.objects.create(
        initiative=submitted, name="Fatma", email="fatma@example.org", is_initiator=True
    )
    admin_page.goto(f"{demo_site}/admin/initiatives/initiative/{submitted.pk}/change/")
    expect(heading).to_be_visible()
    admin_page.goto(f"{demo_site}/admin/initiatives/initiative/{made.pk}/change/")
    expect(admin_page.locator("#id_title")).to_be_visible()
    expect(heading).to_be_hidden()
    assert page_problems == []


@pytest.mark.browser
def test_no_column_header_breaks_a_word_at_1280_px(demo_site, admin_page, page_problems):
    page = admin_page
    give_each_list_a_long_name()
    broken = {}
    for changelist in CHANGELISTS:
        page.goto(f"{demo_site}/admin/{changelist}/")
        expect(page.locator("#result_list")).to_be_visible()
        if words := page.evaluate(BROKEN_HEADER_WORDS):
            broken[changelist] = words
    assert broken == {}
    assert page_problems == []


def test_every_catalogue_list_is_checked():
    registered = {
        f"{model._meta.app_label}/{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in CATALOGUE_APPS
    }
    assert registered == set(CHANGELISTS)


def give_each_list_a_long_name():
    """The first item of each list gets a long title or name; every list has an item."""
    for model in (Initiative, Case, Publication):
        model.objects.filter(pk=model.objects.order_by("pk").first().pk).update(title=LONG_NAME)
    for model in (Theme, TargetGroup, Province, Municipality, District):
        model.objects.filter(pk=model.objects.order_by("pk").first().pk).update(name=LONG_NAME)
    district = District.objects.get(name=LONG_NAME)
    Neighbourhood.objects.create(
        code="BU" + district.code[2:6] + "0101",
        name=LONG_NAME,
        district=district,
        latitude=52.0816,
        longitude=5.0371,
    )
    Author.objects.filter(pk=Author.objects.order_by("pk").first().pk).update(surname=LONG_NAME)
    InitiativeContact.objects.create(
        initiative=Initiative.objects.get(title=LONG_NAME), address_hash="0" * 64
    )
    SearchTerm.objects.create(
        kind=SearchTerm.Kind.SYNONYMS,
        words=["buurtcoöperatie", "wijkonderneming", "bewonersbedrijf"],
        english=["community enterprise", "neighbourhood cooperative"],
    )


@pytest.mark.browser
def test_every_catalogue_list_fits_1280_px(demo_site, admin_page, page_problems, screenshot_dir):
    """The key columns are in view without scrolling sideways, beside the filters."""
    page = admin_page
    give_each_list_a_long_name()
    too_wide = {}
    for changelist in CHANGELISTS:
        page.goto(f"{demo_site}/admin/{changelist}/")
        expect(page.locator("#result_list tbody tr").first).to_be_visible()
        overflow = page.evaluate(OVERFLOW)
        if overflow != {"hidden": 0, "outside": []}:
            too_wide[changelist] = overflow
        page.screenshot(path=screenshot_dir / f"admin-list-{changelist.replace('/', '-')}.png")
    assert too_wide == {}
    assert page_problems == []

"""The admin's pickers (themes, target groups, places) pick what the editor typed: a prefix and
Enter at once takes the match for that prefix, and a chip's × removes it on the first click,
also at the window's edge. What the form saves is checked in the database."""

import pytest
from playwright.sync_api import expect

from cases.models import Case, Publication
from initiatives.models import Initiative
from tests.browser.conftest import DESKTOP, log_in
from themes.models import Theme

PHONE = {"width": 360, "height": 640}

INITIATIVE = "Dorpsbus Sluis"
INITIATIVE_THEMES = ["Vrijwillige inzet", "Eenzaamheid", "Participatie"]
CASE = "Herstelcafé in de Utrechtse binnenstad"
PUBLICATION = "Samen aan tafel"


@pytest.fixture
def editor(editor_page, page_problems):
    """Opens an Eindredacteur's page (1280 px unless told), that obeys the site's Content
    Security Policy; what went wrong unseen (script errors, server errors) in `problems`."""
    return editor_page, page_problems


def log_in_and_open(editor_page, site, item, viewport=DESKTOP):
    page = editor_page("eva", "Eindredacteur", viewport=viewport)
    log_in(page, site, "eva")
    opts = item._meta
    page.goto(f"{site}/admin/{opts.app_label}/{opts.model_name}/{item.pk}/change/")
    return page


def picker(page, field):
    return page.locator(f".form-row.field-{field} .select2-selection")


def save(page):
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert page.evaluate("window.__refused") == []


def picked(item, field):
    """What the database holds for the item's field: names, or the one place's name."""
    item = type(item).objects.get(pk=item.pk)
    value = getattr(item, field)
    return sorted(value.values_list("name", flat=True)) if hasattr(value, "all") else value.name


# Per form, the pickers tried: the field, a prefix of what the editor means, and what they mean.
FORMS = {
    "initiative": (
        Initiative,
        INITIATIVE,
        [
            ("themes", "Bridg", "Bridging"),
            ("target_groups", "Mantel", "Mantelzorgers"),
            ("municipality", "Arnh", "Arnhem"),
        ],
    ),
    "case": (Case, CASE, [("themes", "Bridg", "Bridging"), ("district", "Noordo", "Noordoost")]),
    "publication": (Publication, PUBLICATION, [("target_groups", "Nieuw", "Nieuwkomers")]),
}


@pytest.mark.browser
@pytest.mark.parametrize("form", FORMS)
def test_a_prefix_and_enter_at_once_picks_the_match_for_the_prefix(
    demo_site, editor, screenshot_dir, form
):
    open_page, problems = editor
    kind, title, pickers = FORMS[form]
    item = kind.objects.get(title=title)
    before = {field: picked(item, field) for field, _, _ in pickers}
    page = log_in_and_open(open_page, demo_site, item)

    for field, typed, meant in pickers:
        box = picker(page, field)
        box.evaluate("box => box.scrollIntoView({block: 'center'})")
        box.click()
        expect(page.locator(".select2-container--open .select2-search__field")).to_be_focused()
        # No pause between the last letter and Enter: the matches for the prefix are not in yet.
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        page.screenshot(path=screenshot_dir / f"admin-picker-{form}-{field}-enter.png")

        expect(box).to_contain_text(meant)
        expect(page.locator(".select2-container--open")).to_have_count(0)
        page.screenshot(path=screenshot_dir / f"admin-picker-{form}-{field}-picked.png")

    save(page)
    for field, _, meant in pickers:
        if isinstance(before[field], list):
            assert picked(item, field) == sorted([*before[field], meant])
        else:
            assert picked(item, field) == meant
    assert problems == []


@pytest.mark.browser
def test_the_list_highlights_the_theme_whose_name_starts_with_what_was_typed(
    demo_site, editor, screenshot_dir
):
    """Typed slowly, the list has its matches before Enter: "Bridg" finds Bridging by its name,
    not Bonding, whose description mentions bridging."""
    open_page, problems = editor
    item = Initiative.objects.get(title=INITIATIVE)
    page = log_in_and_open(open_page, demo_site, item)
    box = picker(page, "themes")

    box.evaluate("box => box.scrollIntoView({block: 'center'})")
    box.click()
    page.keyboard.type("Bridg")
    options = page.locator(".select2-results__option")
    expect(options).to_have_text(["Bridging"])
    expect(page.locator(".select2-results__option--highlighted")).to_have_text("Bridging")
    page.screenshot(path=screenshot_dir / "admin-picker-theme-listed.png")
    page.keyboard.press("Enter")

    expect(box).to_contain_text("Bridging")
    save(page)
    assert "Bridging" in picked(item, "themes")
    assert "Bonding" not in picked(item, "themes")
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_a_chip_goes_with_one_click_at_the_window_edge(demo_site, editor, screenshot_dir, viewport):
    """The first chip's × at the window's bottom-right edge, with the picker's search box (on
    the line below the chips) outside the window: that is where the first click was lost."""
    open_page, problems = editor
    item = Initiative.objects.get(title=INITIATIVE)
    # Its own three themes, whatever a test before it picked: the chips' line decides where
    # the search box falls.
    item.themes.set(Theme.objects.filter(name__in=INITIATIVE_THEMES))
    page = log_in_and_open(open_page, demo_site, item, viewport)
    box = picker(page, "themes")
    chip = box.locator(".select2-selection__choice", has_text="Vrijwillige inzet")
    remove = chip.locator(".select2-selection__choice__remove")

    remove.evaluate("remove => remove.scrollIntoView({block: 'end', inline: 'end'})")
    edge = remove.bounding_box()
    search = box.locator(".select2-search__field").bounding_box()
    assert edge["y"] + edge["height"] <= viewport["height"] < search["y"] + search["height"]
    page.screenshot(path=screenshot_dir / f"admin-picker-chip-{viewport['width']}-edge.png")
    page.mouse.click(edge["x"] + edge["width"] / 2, edge["y"] + edge["height"] / 2)

    expect(chip).to_have_count(0)
    expect(box.locator(".select2-selection__choice")).to_have_count(2)
    # Removing a chip does not open the list over the fields below.
    expect(page.locator(".select2-container--open")).to_have_count(0)
    page.screenshot(path=screenshot_dir / f"admin-picker-chip-{viewport['width']}-removed.png")
    save(page)
    assert picked(item, "themes") == ["Eenzaamheid", "Participatie"]
    assert problems == []

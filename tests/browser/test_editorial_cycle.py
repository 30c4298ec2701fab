"""Two editors work on the catalogue at once, as new users would in Chromium: a Redacteur
imports, edits and submits; an Eindredacteur runs into the Redacteur's newer save, reconciles,
publishes, and restores an earlier version from the history. No word is lost on the way, and a
visitor sees each published text."""

import pytest
from django.contrib.admin.utils import model_ngettext
from django.utils.text import capfirst
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from initiatives.models import Initiative
from tests.browser.conftest import log_in, nl

IMPORTED = "Buurtkeuken De Pan"
OTHER_IMPORTED = "Klusgroep Oost"
RENAMED = "Buurtkeuken De Pan in de Oosterkerk"
IMPORTED_SUMMARY = "Samen koken en eten met buren."
ROSA_SUMMARY = "Elke donderdag koken buren samen een maaltijd en eten ze aan één lange tafel."
EVA_SUMMARY = (
    "Elke donderdag kookt een vaste groep buren voor wie wil aanschuiven; meedoen is gratis."
)


def nl_label(text):
    """A field's label as the Dutch admin shows it: "Samenvatting:"."""
    return f"{capfirst(nl(text))}:"


def one_initiative(done):
    """A workflow message for one initiative: "Gepubliceerd: 1 initiatief."."""
    with override("nl"):
        return gettext(done) % {"items": f"1 {model_ngettext(Initiative._meta, 1)}"}


def field(page, verbose_name):
    return page.get_by_label(nl_label(verbose_name), exact=True)


def button(page, label):
    """The change form shows its buttons above and below the fields; the first will do."""
    return page.get_by_role("button", name=nl(label), exact=True).first


@pytest.fixture
def editors(editor_page, open_page, page_problems):
    """Rosa (Redacteur) and Eva (Eindredacteur), each in a browser of their own, and a
    visitor; `problems` collects what would go wrong unseen: script errors, refused
    resources (the Content Security Policy), server errors."""
    return (
        editor_page("rosa", "Redacteur", first="Rosa", last="Jansen", console=True),
        editor_page("eva", "Eindredacteur", first="Eva", last="de Boer", console=True),
        open_page("visitor", console=True),
        page_problems,
    )


def open_from_list(page, site, title):
    page.goto(f"{site}/admin/initiatives/initiative/")
    page.get_by_role("link", name=title, exact=True).click()
    expect(field(page, "title")).to_have_value(title)


def changed(page, verbose_name):
    """A field named in a history entry's list of changes."""
    return page.locator(".field-changes dt", has_text=capfirst(nl(verbose_name)))


def diff_of(entry, verbose_name):
    """What changed in that field, in that history entry."""
    return (
        entry.locator(".field-change")
        .filter(has=entry.page.locator("dt", has_text=capfirst(nl(verbose_name))))
        .locator("dd")
    )


READ_WITHOUT = """(element, tag) => {
  const copy = element.cloneNode(true);
  copy.querySelectorAll(tag).forEach((word) => word.remove());
  return copy.textContent.split(/\\s+/).join(" ").trim();
}"""


def reads_as(diff):
    """A word diff as (the text before, the text after): without its added words, then
    without its removed ones."""
    return tuple(diff.evaluate(READ_WITHOUT, tag) for tag in ("ins", "del"))


def public_titles(visitor, site, words):
    """The visitor searches the public list of initiatives: the titles found."""
    visitor.goto(f"{site}/initiatieven/?q={words}")
    return visitor.locator("article.card").get_by_role("heading")


@pytest.mark.browser
def test_two_editors_import_edit_review_publish_and_restore_without_losing_a_word(
    demo_site, editors, tmp_path, screenshot_dir
):
    rosa, eva, visitor, problems = editors
    site = demo_site
    log_in(rosa, site, "rosa")
    log_in(eva, site, "eva")

    # 1. Rosa imports two new initiatives: a preview first, then drafts, not yet public.
    upload = tmp_path / "nieuw.csv"
    upload.write_text(
        "title;summary;description;themes;target_groups;tags;municipality;district;postcode;"
        "latitude;longitude;start_year;status;organisation;website\n"
        f"{IMPORTED};{IMPORTED_SUMMARY};;bonding;;koken;;;;;;2024;;;\n"
        f"{OTHER_IMPORTED};Buren helpen elkaar met kleine klussen.;;zelforganisatie;;;;;;;;;;;\n",
        encoding="utf-8",
    )
    rosa.goto(f"{site}/admin/initiatives/initiative/")
    rosa.locator(".object-tools").get_by_role("link", name=nl("Import")).click()
    rosa.get_by_label(nl("CSV or Excel file")).set_input_files(upload)
    rosa.get_by_role("button", name=nl("Check the file")).click()
    preview = rosa.locator("table.import-preview tbody tr")
    expect(preview).to_have_count(2)
    for title in (IMPORTED, OTHER_IMPORTED):
        expect(preview.filter(has_text=title)).to_contain_text(nl("New"))
    rosa.get_by_role("button", name=nl("Import these rows")).click()
    expect(rosa.locator(".messagelist .success")).to_be_visible()
    for title in (IMPORTED, OTHER_IMPORTED):
        row = rosa.get_by_role("row").filter(has=rosa.get_by_role("link", name=title, exact=True))
        expect(row).to_contain_text(nl("Draft"))
    found = public_titles(visitor, site, "Buurtkeuken")
    expect(found.filter(has_text="Buurtkeuken Wyck")).to_have_count(1)  # the search works
    expect(found.filter(has_text=IMPORTED)).to_have_count(0)
    found = public_titles(visitor, site, "Klusgroep")
    expect(found.filter(has_text=OTHER_IMPORTED)).to_have_count(0)

    # 2. Rosa rewrites the summary, saves and submits it for review; publishing is not hers.
    open_from_list(rosa, site, IMPORTED)
    expect(field(rosa, "summary")).to_have_value(IMPORTED_SUMMARY)
    field(rosa, "summary").fill(ROSA_SUMMARY)
    button(rosa, "Save and continue editing").click()
    expect(rosa.locator(".messagelist .success")).to_be_visible()
    expect(field(rosa, "summary")).to_have_value(ROSA_SUMMARY)
    expect(rosa.get_by_role("button", name=nl("Publish"), exact=True)).to_have_count(0)
    button(rosa, "Submit for review").click()
    expect(rosa.locator(".messagelist")).to_contain_text(
        one_initiative("Submitted for review: %(items)s.")
    )
    actions = rosa.locator("select[name=action] option")
    expect(actions.filter(has_text=nl("Submit for review"))).to_have_count(1)
    expect(actions.filter(has_text=nl("Publish"))).to_have_count(0)

    # 3. Eva finds it waiting on the admin home and opens it; Rosa opens it too.
    eva.goto(f"{site}/admin/")
    waiting = eva.get_by_role("table", name=nl("Waiting for review"))
    expect(waiting.get_by_role("row").filter(has_text=IMPORTED)).to_contain_text("Rosa Jansen")
    waiting.get_by_role("link", name=IMPORTED, exact=True).click()
    expect(field(eva, "summary")).to_have_value(ROSA_SUMMARY)
    open_from_list(rosa, site, IMPORTED)

    # Rosa renames it and saves first; Eva's save of her open form is refused.
    field(rosa, "title").fill(RENAMED)
    button(rosa, "Save").click()
    expect(rosa.locator(".messagelist .success")).to_contain_text(RENAMED)
    field(eva, "summary").fill(EVA_SUMMARY)
    button(eva, "Save and continue editing").click()
    conflict = eva.locator(".errorlist.nonfield")
    expect(conflict).to_contain_text("Rosa Jansen")
    expect(conflict).to_contain_text(f"{capfirst(nl('title'))}: {RENAMED}")
    expect(conflict).to_contain_text(
        nl(
            "Your input is kept below. Compare it with their changes, then save again to "
            "store your version."
        )
    )
    expect(field(eva, "summary")).to_have_value(EVA_SUMMARY)  # her words are still there
    eva.screenshot(path=screenshot_dir / "editorial-cycle-conflict.png", full_page=True)

    # Eva takes over Rosa's title, keeps her own summary, saves and publishes.
    field(eva, "title").fill(RENAMED)
    button(eva, "Save and continue editing").click()
    expect(eva.locator(".messagelist .success")).to_be_visible()
    expect(field(eva, "title")).to_have_value(RENAMED)
    expect(field(eva, "summary")).to_have_value(EVA_SUMMARY)
    button(eva, "Publish").click()
    expect(eva.locator(".messagelist")).to_contain_text(one_initiative("Published: %(items)s."))

    found = public_titles(visitor, site, "Buurtkeuken")
    expect(found.filter(has_text=IMPORTED)).to_have_text([RENAMED])
    found.get_by_role("link", name=RENAMED).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(RENAMED)
    expect(visitor.locator(".lead")).to_have_text(EVA_SUMMARY)

    # 4. Eva reads the history: who changed what, word by word.
    open_from_list(eva, site, RENAMED)
    eva.locator(".object-tools").get_by_role("link", name=nl("History")).click()
    entries = eva.locator("#change-history tbody tr")
    renamed_by_rosa = entries.filter(has=changed(eva, "title"))
    expect(renamed_by_rosa).to_have_count(1)
    expect(renamed_by_rosa.locator(".history-who")).to_have_text("Rosa Jansen")
    expect(diff_of(renamed_by_rosa, "title").locator("del")).to_have_count(0)
    expect(diff_of(renamed_by_rosa, "title").locator("ins")).to_have_text("in de Oosterkerk")
    expect(diff_of(renamed_by_rosa, "title")).to_have_text(RENAMED)
    rewritten = entries.filter(has=changed(eva, "summary"))
    expect(rewritten).to_have_count(2)  # Rosa's and Eva's; the refused save left no trace
    by_rosa = rewritten.filter(has=eva.locator(".history-who", has_text="Rosa Jansen"))
    by_eva = rewritten.filter(has=eva.locator(".history-who", has_text="Eva de Boer"))
    assert reads_as(diff_of(by_rosa, "summary")) == (IMPORTED_SUMMARY, ROSA_SUMMARY)
    assert reads_as(diff_of(by_eva, "summary")) == (ROSA_SUMMARY, EVA_SUMMARY)
    eva.screenshot(path=screenshot_dir / "editorial-cycle-history.png", full_page=True)

    # She restores the version Rosa saved: Rosa's summary, the publishing state of now.
    renamed_by_rosa.get_by_role("link", name=nl("View or restore this version")).click()
    expect(field(eva, "summary")).to_have_value(ROSA_SUMMARY)
    expect(field(eva, "title")).to_have_value(RENAMED)
    expect(eva.locator(".field-state .readonly")).to_have_text(nl("Published"))
    button(eva, "Restore this version").click()
    expect(eva.locator(".messagelist .success")).to_be_visible()

    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(RENAMED)
    expect(visitor.locator(".lead")).to_have_text(ROSA_SUMMARY)
    found = public_titles(visitor, site, "Buurtkeuken")
    expect(found.filter(has_text=IMPORTED)).to_have_text([RENAMED])  # still published

    open_from_list(eva, site, RENAMED)
    expect(field(eva, "summary")).to_have_value(ROSA_SUMMARY)
    expect(field(eva, "publishing state")).to_have_value("published")
    eva.locator(".object-tools").get_by_role("link", name=nl("History")).click()
    restored = entries.first
    expect(restored.locator(".history-who")).to_have_text("Eva de Boer")
    expect(restored.locator(".history-action")).to_contain_text(
        nl("Restored to the version of %(date)s by %(name)s").split("%(date)s")[0].strip()
    )
    expect(restored.locator(".history-action")).to_contain_text("door Eva de Boer")
    # Eva's summary is still there to go back to.
    assert reads_as(diff_of(restored, "summary")) == (EVA_SUMMARY, ROSA_SUMMARY)

    assert not problems, "\n".join(problems)

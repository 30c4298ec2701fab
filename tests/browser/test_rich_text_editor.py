"""The rich text editor in the admin: editors format text with the toolbar, under the site's
Content Security Policy, and what is stored is the clean HTML the allow-list keeps."""

import json

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiative
from tests.browser.test_csp import RECORD_VIOLATIONS
from tests.catalogue.test_richtext import GOOGLE_DOCS_CLEAN, GOOGLE_DOCS_HTML, WORD_HTML

SLUG = "herstelcafe-binnenstad"

# Whether the editor itself (not just the browser) has the given text selected: keys move the
# browser's selection first and the editor follows a moment later.
SELECTED_TEXT_IS = """(text) => {
  const state = document.querySelector(".ProseMirror-focused").editor.state;
  return state.doc.textBetween(state.selection.from, state.selection.to) === text;
}"""


@pytest.fixture
def editor_page(browser, demo_site, django_user_model):
    """A staff member logged in to the admin, in a page that obeys the site's CSP; with the
    console's messages."""
    django_user_model.objects.create_superuser("editor", "editor@example.org", "editor-wachtwoord")
    context = browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-wachtwoord")
    page.locator("input[type=submit]").click()
    yield page, console
    context.close()


@pytest.mark.browser
def test_an_editor_makes_text_bold_and_a_list_and_it_is_stored_clean(demo_site, editor_page):
    page, console = editor_page
    initiative = Initiative.objects.get(slug=SLUG)
    page.goto(f"{demo_site}/admin/initiatives/initiative/{initiative.pk}/change/")

    editor = page.locator(".prose-editor:has(#id_description)")
    labels = json.loads(page.locator("#id_description").get_attribute("data-labels"))
    # The hidden textarea's label names the editable area.
    text = page.get_by_role("textbox", name="Beschrijving", exact=True)
    expect(page.locator("#id_description")).to_be_hidden()
    # Exactly the tools the allow-list keeps (and undo, redo).
    tools = editor.locator("[data-name]").evaluate_all("all => all.map(e => e.dataset.name)")
    assert tools == [
        *("heading2", "heading3", "heading4", "paragraph"),
        *("bulletList", "orderedList", "blockquote", "bold", "italic", "link", "unlink"),
        *("history:undo", "history:redo"),
    ]
    text.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    # Bold on, a word, bold off: the toolbar button works on what is typed next.
    bold = editor.locator("[data-name=bold]")
    expect(bold).to_have_attribute("title", labels["bold"])  # in the page's language
    bold.click()
    page.keyboard.type("Buren")
    expect(text.locator("strong")).to_have_text("Buren")
    bold.click()
    page.keyboard.type(" koken samen.")
    page.keyboard.press("Enter")
    expect(text.locator("p")).to_have_count(2)
    editor.locator("[data-name=bulletList]").click()
    expect(text.locator("ul li")).to_have_count(1)
    page.keyboard.type("Soep")
    page.keyboard.press("Enter")
    page.keyboard.type("Brood")
    expect(text.locator("ul li").last).to_have_text("Brood")
    # Out of the list, and a link through the toolbar's dialog.
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Zie de site")
    for _ in "de site":
        page.keyboard.press("Shift+ArrowLeft")
    page.wait_for_function(SELECTED_TEXT_IS, arg="de site")
    editor.locator("[data-name=link]").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    expect(dialog.locator("h3")).to_have_text(labels["Edit Link"])
    dialog.get_by_label(labels["URL"]).fill("https://example.org/koken")
    dialog.get_by_role("button", name=labels["Update"]).click()
    expect(text.locator("a")).to_have_text("de site")

    page.get_by_role("button", name="Opslaan en opnieuw bewerken").last.click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    initiative.refresh_from_db()
    assert initiative.description == (
        "<p><strong>Buren</strong> koken samen.</p>"
        "<ul><li><p>Soep</p></li><li><p>Brood</p></li></ul>"
        '<p>Zie <a href="https://example.org/koken" rel="noopener noreferrer">de site</a></p>'
    )
    # The saved text comes back into the editor, formatted.
    expect(text.locator("strong")).to_have_text("Buren")
    expect(text.locator("li")).to_have_count(2)

    page.wait_for_load_state("networkidle")
    refused = page.evaluate("window.__refused")
    messages = [line for line in console if "Content Security Policy" in line]
    assert refused == [] and messages == [], (refused, messages)


# Dispatches a paste the way the browser does when an editor presses Ctrl+V.
PASTE = """(element, html) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", element.textContent);
  element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                     cancelable: true}));
}"""


@pytest.mark.browser
@pytest.mark.parametrize(
    "clipboard, stored",
    [
        (
            WORD_HTML,
            "<p>Buurtkeuken</p>"  # the editor has no h1: a paragraph
            "<p><strong>Elke dinsdag</strong> koken buren <em>samen</em> in het buurthuis.</p>"
            "<p>Soep</p>"
            '<p>Meer op <a href="https://example.org/keuken" rel="noopener noreferrer">'
            "onze site</a>.</p>",
        ),
        (GOOGLE_DOCS_HTML, GOOGLE_DOCS_CLEAN),
    ],
    ids=["word", "google-docs"],
)
def test_a_paste_from_word_or_google_docs_in_the_editor_is_stored_clean(
    demo_site, editor_page, clipboard, stored
):
    page, console = editor_page
    initiative = Initiative.objects.get(slug=SLUG)
    page.goto(f"{demo_site}/admin/initiatives/initiative/{initiative.pk}/change/")
    text = page.get_by_role("textbox", name="Beschrijving", exact=True)
    text.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    text.evaluate(PASTE, clipboard)
    expect(text.locator("strong").first).to_be_visible()
    page.get_by_role("button", name="Opslaan en opnieuw bewerken").last.click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    initiative.refresh_from_db()
    assert initiative.description == stored
    # Reading the pasted styles would have broken the CSP: they are gone before that.
    page.wait_for_load_state("networkidle")
    refused = page.evaluate("window.__refused")
    messages = [line for line in console if "Content Security Policy" in line]
    assert refused == [] and messages == [], (refused, messages)


# The signs the toolbar draws that no font of the page has: such a character comes out as the
# same empty box as a code point nobody assigned (U+0378). An icon is a ligature of the
# Material Icons font: one glyph, about as wide as the font is high, not its name spelt out.
UNDRAWN_SIGNS = r"""async (menubar) => {
  await document.fonts.ready;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d");
  const drawn = (text, font) => {
    canvas.width = canvas.height = 64;
    context.font = font;
    context.fillText(text, 8, 48);
    return context.getImageData(0, 0, 64, 64).data.join();
  };
  const undrawn = [];
  for (const element of menubar.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(element, pseudo);
      const font = `${style.fontSize} ${style.fontFamily}`;
      const text = pseudo
        ? (style.content.startsWith('"') ? JSON.parse(style.content) : "")
        : [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
            .map((n) => n.data.trim()).join("");
      if (!text) continue;
      if (!pseudo && element.classList.contains("material-icons")) {
        context.font = font;
        if (context.measureText(text).width > 1.5 * parseFloat(style.fontSize)) undrawn.push(text);
        continue;
      }
      for (const sign of text) {
        if (drawn(sign, font) === drawn("\u0378", font)) undrawn.push(sign);
      }
    }
  }
  return undrawn;
}"""


@pytest.mark.browser
def test_the_toolbar_speaks_dutch_and_draws_every_sign(demo_site, editor_page):
    page, _console = editor_page
    initiative = Initiative.objects.get(slug=SLUG)
    page.goto(f"{demo_site}/admin/initiatives/initiative/{initiative.pk}/change/")
    editor = page.locator(".prose-editor:has(#id_description)")
    menubar = editor.locator(".prose-menubar")
    expect(menubar).to_be_visible()
    english = set(json.loads(page.locator("#id_description").get_attribute("data-labels")))

    # The block menu: its options and every button's name in Dutch.
    menubar.locator(".prose-menubar__selected").click()
    options = menubar.locator(".prose-menubar__option")
    expect(options.first).to_be_visible()
    assert options.all_inner_texts() == ["Kop 2", "Kop 3", "Kop 4", "Alinea"]
    titles = menubar.locator("[title]").evaluate_all("all => all.map(e => e.title)")
    assert titles and not english & set(titles), titles

    # Every sign is drawn: the menu's arrow is no empty box, the icons no words.
    assert menubar.evaluate(UNDRAWN_SIGNS) == []

"""An editor reads an initiative's history in Chromium: an edit deep inside a long text shows
with the words around it, rich text is compared block by block, and a restore says which
version came back and who brought it back; all under the site's Content Security Policy."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from catalogue import history
from initiatives.models import Initiative
from places.models import Municipality
from tests.browser.conftest import create_editor, log_in, nl
from themes.models import Theme

User = get_user_model()

# About 3,000 characters: the edit is in the fifth of six paragraphs.
LONG = [
    "Moestuin De Bonte Bes ligt achter de flats aan de Zonnebloemstraat. Twaalf jaar geleden "
    "was het een grasveld waar niemand kwam. Een paar buren vroegen de gemeente of ze er "
    "groente mochten kweken. Nu werken er elke week zo'n veertig mensen, van kinderen van de "
    "basisschool tot bewoners van het verzorgingshuis aan de overkant.",
    "Iedereen mag meedoen, ook wie nog nooit iets heeft gezaaid. Ervaren tuiniers leren "
    "nieuwe tuiniers hoe je een bed klaarmaakt, wanneer je moet zaaien en hoe je slakken weghoudt "
    "zonder gif. Gereedschap, zaden en laarzen liggen in de schuur; de sleutel hangt bij het "
    "buurthuis.",
    "De oogst is voor wie meewerkt, en wat over is gaat naar de voedselbank in de wijk. In de "
    "zomer is dat elke week een volle bakfiets met sla, bonen, courgettes en kruiden. Zo "
    "helpen de tuiniers ook buren die ze zelf niet kennen.",
    "Voor veel tuiniers is de moestuin vooral een plek om andere mensen te ontmoeten. Wie "
    "alleen woont, heeft er een vaste afspraak in de week. Nieuwkomers oefenen er hun "
    "Nederlands, en ouderen vertellen hoe hun ouders vroeger groente kweekten.",
    "We werken samen elke dinsdagavond van zeven tot negen uur en op zaterdagochtend. Na "
    "afloop drinken we koffie of thee aan de lange tafel onder de notenboom. Wie niet kan "
    "werken, mag ook gewoon komen kijken en een praatje maken.",
    "De moestuin krijgt een kleine bijdrage van de gemeente voor water en zaden. Al het andere "
    "doen de tuiniers zelf: ze verdelen de taken, houden de schuur op orde en organiseren twee "
    "keer per jaar een oogstfeest voor de hele straat. Nieuwe tuiniers zijn altijd welkom; "
    "je hoeft je niet aan te melden, kom gewoon langs.",
]


def rich(paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def save_version(initiative, user, **fields):
    """A save as the admin makes one: the fields, then one entry by `user`."""
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative._history_user = user
    history.pause(initiative)
    initiative.save()
    history.record(initiative)
    del initiative._history_user


def diff_text(diff, leave_out):
    """A diff as it reads without its struck (`del`) or its added (`ins`) words."""
    text = diff.evaluate(
        "(element, tag) => { const copy = element.cloneNode(true);"
        " copy.querySelectorAll(tag).forEach((word) => word.remove());"
        " return copy.textContent; }",
        leave_out,
    )
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.fixture
def eva(demo_site, editor_page, page_problems):
    """Eva de Boer (Eindredacteur), logged in, in a page that obeys the site's CSP; with what
    went wrong unseen: script errors, failed responses."""
    page = editor_page("eva", "Eindredacteur", first="Eva", last="de Boer")
    log_in(page, demo_site, "eva")
    return User.objects.get(username="eva"), page, page_problems


@pytest.mark.browser
def test_an_editor_reads_what_changed_and_restores_an_earlier_version(
    demo_site, eva, screenshot_dir
):
    eva_user, page, problems = eva
    rosa = create_editor("rosa", "Redacteur", first="Rosa", last="Jansen")

    # Rosa makes the initiative and writes its long description; then she changes one word
    # deep inside it. Eva rewrites the start as a heading and a list and makes a word bold.
    initiative = Initiative(
        title="Moestuin De Bonte Bes",
        summary="Buren kweken samen groente achter de flats.",
        municipality=Municipality.objects.get(name="Utrecht"),
    )
    initiative._history_user = rosa
    history.pause(initiative)
    initiative.save()
    initiative.themes.set(Theme.objects.filter(slug__in=["bonding", "zelforganisatie"]))
    history.record(initiative, created=True)
    save_version(initiative, rosa, description=rich(LONG))
    tuesday = rich(LONG)
    save_version(initiative, rosa, description=tuesday.replace("dinsdagavond", "woensdagavond"))
    restructured = (
        "<h2>Wat we doen</h2><ul><li>Samen groente kweken</li><li>De oogst delen</li></ul>"
        + rich(LONG).replace("woensdagavond", "<strong>woensdagavond</strong>")
    )
    save_version(initiative, eva_user, description=restructured.replace("dinsdag", "woensdag"))
    with translation.override("nl"):
        rosas_version = initiative.history.all()[1]
        when = formats.date_format(
            timezone.localtime(rosas_version.history_date), "DATETIME_FORMAT"
        )

    # Eva opens the history and restores Rosa's version (the one with "woensdagavond").
    history_url = f"{demo_site}/admin/initiatives/initiative/{initiative.pk}/history/"
    page.goto(history_url)
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(4)
    rows.nth(1).get_by_role("link", name=nl("View or restore this version")).click()
    page.get_by_role("button", name=nl("Restore this version"), exact=True).first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(history_url)

    expect(rows).to_have_count(5)
    description = capfirst(nl("description"))

    def change(row):
        return (
            row.locator(".field-change")
            .filter(has=page.locator("dt", has_text=description))
            .locator("dd")
        )

    restored, restructured_row, one_word, written, made = (rows.nth(n) for n in range(5))
    # Newest first, each with who and when; the restore says what it did.
    expect(restored.locator(".history-who")).to_have_text("Eva de Boer")
    expect(restored.locator(".history-action")).to_have_text(
        f"Teruggezet naar de versie van {when} door Eva de Boer"
    )
    expect(restructured_row.locator(".history-who")).to_have_text("Eva de Boer")
    for row in (one_word, written, made):
        expect(row.locator(".history-who")).to_have_text("Rosa Jansen")
    expect(made.locator(".history-action")).to_have_text(nl("Created"))

    # One word changed deep inside a long text: that word, in the whole text.
    diff = change(one_word)
    expect(diff.locator("del")).to_have_text(["dinsdagavond"])
    expect(diff.locator("ins")).to_have_text(["woensdagavond"])
    now = [" ".join(p.replace("dinsdag", "woensdag").split()) for p in LONG]
    assert diff_text(diff, "del") == now  # the whole text, a paragraph a line
    # Rich text block by block: a heading and list items on lines of their own; bold type
    # is no change of words.
    diff = change(restructured_row)
    assert diff_text(diff, "del")[:3] == [
        "Wat we doen",
        "• Samen groente kweken",
        "• De oogst delen",
    ]
    expect(diff.locator("del")).to_have_count(0)
    # The restore took the heading and the list out again.
    diff = change(restored)
    expect(diff.locator("ins")).to_have_count(0)
    expect(diff.locator("del")).to_have_text(
        ["Wat we doen • Samen groente kweken • De oogst delen"]
    )

    # Removed words struck through, added ones underlined, lines kept: not colour alone.
    style = diff.evaluate(
        "(dd) => { const del = dd.querySelector('del');"
        " return [getComputedStyle(dd).whiteSpace, getComputedStyle(del).textDecorationLine]; }"
    )
    assert style == ["pre-line", "line-through"]
    ins_style = one_word.locator("ins").first.evaluate(
        "(ins) => getComputedStyle(ins).textDecorationLine"
    )
    assert ins_style == "underline"
    page.screenshot(path=screenshot_dir / "history.png")
    page.screenshot(path=screenshot_dir / "history-full.png", full_page=True)

    assert page.evaluate("window.__refused") == []  # the Content Security Policy
    assert not problems, problems

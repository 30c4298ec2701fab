"""A published initiative changes only through an Eindredacteur, in Chromium, with two-step
login: a Redacteur edits it and visitors keep the published text; the Eindredacteur compares,
sends it back with a comment; the Redacteur sees the comment and revises; the Eindredacteur
publishes; then the page, the search and the cached pages show the new text."""

import pytest
from django.utils.text import capfirst
from playwright.sync_api import expect

from initiatives.models import Initiative
from tests.browser.conftest import log_in, nl

SLUG = "vrouwengroep-de-zonnebloem"
ADDED = " Ook buurvrouwen zonder kinderen zijn welkom."
NEW_SUMMARY = (
    "Vrouwen uit Overvecht koken, praten en oefenen Nederlands, elke dinsdag in buurthuis De Klop."
)
REVISED_SUMMARY = NEW_SUMMARY.replace("elke dinsdag", "elke dinsdag van 10 tot 13 uur")
COMMENT = "Zet er ook de tijden bij: van hoe laat tot hoe laat?"


def field(page, verbose_name):
    return page.get_by_label(f"{capfirst(nl(verbose_name))}:", exact=True)


def button(page, label):
    return page.get_by_role("button", name=nl(label), exact=True).first


@pytest.fixture
def editors(editor_page, open_page, page_problems, settings):
    """Rosa (Redacteur) and Eva (Eindredacteur), each with an authenticator app and a browser
    of her own, and a visitor; `problems` collects what would go wrong unseen: script errors,
    what the Content Security Policy refused (Chromium says so on the console), server
    errors."""
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.PAGE_CACHE_SECONDS = 300  # whole pages for visitors, as in production
    return (
        editor_page("rosa", "Redacteur", first="Rosa", last="Jansen", two_step=True, console=True),
        editor_page(
            "eva", "Eindredacteur", first="Eva", last="de Boer", two_step=True, console=True
        ),
        open_page("visitor", console=True),
        page_problems,
    )


def visit(visitor, url):
    """The visitor opens `url`: whether the page came from the cache, and its summary."""
    response = visitor.goto(url)
    return response.headers.get("x-page-cache"), visitor.locator(".lead").inner_text()


def search(visitor, site, words):
    visitor.goto(f"{site}/initiatieven/?q={words}")
    return visitor.locator("article.card").get_by_role("heading").all_inner_texts()


@pytest.mark.browser
def test_a_change_to_a_published_initiative_waits_is_sent_back_revised_and_published(
    demo_site, editors, screenshot_dir
):
    rosa, eva, visitor, problems = editors
    site = demo_site
    initiative = Initiative.objects.get(slug=SLUG)
    title, old_summary = initiative.title, initiative.summary
    public_url = f"{site}{initiative.get_absolute_url()}"
    assert visit(visitor, public_url) == ("miss", old_summary)
    assert visit(visitor, public_url) == ("hit", old_summary)
    log_in(rosa, site, "rosa")
    log_in(eva, site, "eva")

    # 1. Rosa edits the published initiative: the summary, and a sentence in the description.
    rosa.goto(f"{site}/admin/initiatives/initiative/")
    rosa.get_by_role("link", name=title, exact=True).click()
    expect(rosa.locator(".revision-note")).to_contain_text(
        nl(
            "This item is published. When you save, your change waits for review by an "
            "eindredacteur; visitors keep seeing the published version until then."
        )
    )
    field(rosa, "summary").fill(NEW_SUMMARY)
    description = rosa.get_by_role("textbox", name=capfirst(nl("description")), exact=True)
    description.locator("p").first.click()
    rosa.keyboard.press("End")
    rosa.keyboard.type(ADDED)
    button(rosa, "Save and continue editing").click()
    expect(rosa.locator(".messagelist .success")).to_contain_text(
        nl(
            "Your change to “%(item)s” waits for review by an eindredacteur. Visitors see "
            "the published version until it is published."
        )
        % {"item": title}
    )
    banner = rosa.locator(".revision-banner[role=status]")
    expect(banner).to_contain_text(nl("A change is waiting for review"))
    expect(banner).to_contain_text("Rosa Jansen")
    expect(field(rosa, "summary")).to_have_value(NEW_SUMMARY)  # editing goes on in it
    expect(description).to_contain_text(ADDED.strip())
    rosa.screenshot(path=screenshot_dir / "revision-banner.png")

    # Visitors see nothing of it: the page (from the cache, still right) and the search.
    assert visit(visitor, public_url) == ("hit", old_summary)
    assert title not in search(visitor, site, "Klop")

    # 2. Eva finds it on the admin home and compares it with the published version.
    eva.goto(f"{site}/admin/")
    queue = eva.get_by_role("table", name=nl("Pending changes to published items"))
    expect(queue.get_by_role("row").filter(has_text=title)).to_contain_text("Rosa Jansen")
    eva.screenshot(path=screenshot_dir / "revision-queue.png")
    queue.get_by_role("link", name=title, exact=True).click()
    changes = eva.locator(".revision-changes .field-change")
    summary_row = changes.filter(has=eva.locator("dt", has_text=capfirst(nl("summary"))))
    expect(summary_row.locator("ins")).to_contain_text("buurthuis De Klop")
    expect(summary_row.locator("del")).to_contain_text("met een migratieachtergrond")
    description_row = changes.filter(has=eva.locator("dt", has_text=capfirst(nl("description"))))
    expect(description_row.locator("ins")).to_contain_text(ADDED.strip())
    expect(description_row).to_contain_text("Samen koken en eten op dinsdag")  # whole text
    eva.screenshot(path=screenshot_dir / "revision-comparison.png", full_page=True)

    # The preview shows the change under a banner.
    eva.get_by_role("link", name=nl("Preview the change")).first.click()
    expect(eva.locator(".preview-banner")).to_contain_text(
        nl("Preview of a change waiting for review.")
    )
    expect(eva.locator(".lead")).to_have_text(NEW_SUMMARY)
    eva.go_back()

    # 3. She sends it back with a comment.
    eva.get_by_label(f"{nl('Comment for the author')}:").fill(COMMENT)
    eva.get_by_role("button", name=nl("Send back with this comment")).click()
    expect(eva.locator(".messagelist .success")).to_contain_text("Rosa Jansen")

    # 4. Rosa finds it on her admin home, with the comment, and revises it.
    rosa.goto(f"{site}/admin/")
    mine = rosa.get_by_role("table", name=nl("Sent back to me"))
    expect(mine.get_by_role("row").filter(has_text=title)).to_contain_text(COMMENT)
    mine.get_by_role("link", name=title, exact=True).click()
    banner = rosa.locator(".revision-banner.revision-sent-back")
    expect(banner).to_contain_text(nl("This change was sent back"))
    expect(banner.locator(".revision-comment")).to_have_text(COMMENT)
    expect(banner).to_contain_text("Eva de Boer")
    expect(field(rosa, "summary")).to_have_value(NEW_SUMMARY)
    rosa.screenshot(path=screenshot_dir / "revision-sent-back.png")
    field(rosa, "summary").fill(REVISED_SUMMARY)
    button(rosa, "Save").click()
    expect(rosa.locator(".messagelist .success")).to_be_visible()
    assert visit(visitor, public_url) == ("hit", old_summary)

    # 5. Eva publishes the revised change.
    eva.goto(f"{site}/admin/")
    queue = eva.get_by_role("table", name=nl("Pending changes to published items"))
    queue.get_by_role("link", name=title, exact=True).click()
    expect(eva.locator(".revision-changes ins").first).to_contain_text("van 10 tot 13 uur")
    eva.get_by_role("button", name=nl("Publish this change")).click()
    expect(eva.locator(".messagelist .success")).to_contain_text(
        nl("The change to “%(item)s” by %(author)s is published.")
        % {"item": title, "author": "Rosa Jansen"}
    )
    expect(eva.locator(".revision-banner")).to_have_count(0)

    # 6. Visitors: the new text at once (not the cached page), in the search too.
    cache, summary = visit(visitor, public_url)
    assert (cache, summary) == ("miss", REVISED_SUMMARY)
    expect(visitor.locator(".prose")).to_contain_text(ADDED.strip())
    assert title in search(visitor, site, "Klop")
    assert title not in search(visitor, site, "migratieachtergrond")

    assert not problems, "\n".join(problems)

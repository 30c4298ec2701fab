"""The admin home's queues and the initiatives list at 1280 × 900, as an Eindredacteur sees them
in Chromium with the demo catalogue and some long titles: no heading wraps letter by letter,
the key columns fit without sideways scrolling, and a queue's link lists what it counts."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, watch_for_problems

LONG_TITLES = [
    "Online lotgenotengroep voor jonge mantelzorgers en hun ouders in de hele provincie Utrecht",
    "Buurtcoöperatie Wijkonderneming Zuidoost-Vleuten-De Meern voor duurzame energie en zorg",
]

# The heading cells whose words wrap onto a second line (the hidden headings of the list of
# apps, one pixel wide for screen readers, are left out).
WRAPPED_HEADINGS = """(selector) => Array.from(document.querySelectorAll(selector)).filter((th) => {
  const range = document.createRange();
  range.selectNodeContents(th);
  const tops = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
  return tops.size > 1;
}).map((th) => th.textContent.trim())"""

# How far the list of results reaches past its box, and which headings lie (partly) outside it.
OVERFLOW = """() => {
  const results = document.querySelector('#changelist .results');
  const box = results.getBoundingClientRect();
  return {
    hidden: results.scrollWidth - results.clientWidth,
    outside: Array.from(results.querySelectorAll('thead th'))
      .filter((th) => th.getBoundingClientRect().right > box.right + 0.5)
      .map((th) => th.textContent.trim()),
  };
}"""


@pytest.fixture
def eindredacteur_page(demo_site, editor_page, page_problems):
    """An Eindredacteur signed in, in a window of 1280 × 900 that obeys the site's CSP;
    `problems` collects script errors, failed requests and refused resources."""
    page = editor_page(
        "eva", "Eindredacteur", first="Eva", last="de Boer", watch=watch_for_problems
    )
    log_in(page, demo_site, "eva")
    return page, page_problems


def add_long_titles():
    """Two published initiatives with long titles: one never checked, one checked long ago."""
    from initiatives.models import Initiative

    for title, last_verified in zip(
        LONG_TITLES, [None, timezone.localdate() - datetime.timedelta(days=700)], strict=True
    ):
        initiative = Initiative.objects.published().exclude(title__in=LONG_TITLES).first()
        initiative.pk = None
        initiative.slug = ""
        initiative.title = title
        initiative.last_verified = last_verified
        initiative.save()


def refused(page):
    return page.evaluate("window.__refused")


@pytest.mark.browser
def test_the_queues_and_the_list_fit_a_window_of_1280_pixels(
    demo_site, eindredacteur_page, screenshot_dir
):
    page, problems = eindredacteur_page
    add_long_titles()

    page.goto(f"{demo_site}/admin/")
    due = page.locator("#due-for-a-check")
    expect(due.get_by_role("heading", level=2)).to_contain_text("Tijd voor een controle")
    expect(due.get_by_role("row").nth(1)).to_contain_text(LONG_TITLES[0])
    expect(due.get_by_role("row").nth(1)).to_contain_text("Nooit gecontroleerd")
    expect(page.locator("#waiting-for-review").get_by_role("row").nth(1)).to_be_visible()
    page.screenshot(path=screenshot_dir / "admin-home-queues.png", full_page=True)
    wrapped = page.evaluate(WRAPPED_HEADINGS, "#content-main thead:not(.visually-hidden) th")
    assert wrapped == [], f"headings on more than one line: {wrapped}"

    # The queue's link opens the list of exactly what it counts, in the queue's order.
    link = due.locator(".queue-lists a")
    counted = int(link.inner_text().rsplit("(", 1)[1].rstrip(")"))
    link.click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(counted)
    expect(rows.first).to_contain_text(LONG_TITLES[0])
    expect(rows.first).to_contain_text("controle nodig")
    page.screenshot(path=screenshot_dir / "admin-initiatives-due.png")
    assert page.evaluate(OVERFLOW) == {"hidden": 0, "outside": []}

    page.goto(f"{demo_site}/admin/initiatives/initiative/")
    headings = page.locator("#result_list thead th")
    for heading in ("Titel", "Status", "Plaats", "Gecontroleerd", "Gewijzigd"):
        expect(headings.filter(has_text=heading)).to_be_visible()
    page.screenshot(path=screenshot_dir / "admin-initiatives-list.png")
    assert page.evaluate(OVERFLOW) == {"hidden": 0, "outside": []}

    assert refused(page) == []
    assert problems == []

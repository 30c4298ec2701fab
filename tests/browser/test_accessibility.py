"""Every public page passes axe-core's WCAG 2.1 A/AA rules in real Chromium and fits a phone.

All pages in one test, on one load of the demo catalogue: each page is checked however many
before it failed, and the test names every page that failed."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.sweep import failures_over, report

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def public_page(name, path, *, status=200, shows=None):
    """A Dutch page under test; `shows` is a selector proving the page is in the state meant."""
    return {"name": name, "path": path, "status": status, "shows": shows}


# Proves a filtered or searched list both applied its choice and still found something.
RESULT = "#results .card"
CHOSEN_AND_FOUND = "#results:has(.chip):has(.card)"

# One definition per page type, in Dutch; the English twin of each is derived below.
DUTCH_PAGES = [
    public_page("home", "/"),
    public_page(
        "search", "/zoeken/?q=zonnebloem", shows="[aria-labelledby=results-initiative] .card"
    ),
    public_page("search-nothing-found", "/zoeken/?q=xqzwvk&letterlijk=1", shows=".empty"),
    public_page("search-near-a-place", "/zoeken/?q=ouderen&bij=3511", shows=".group-place"),
    public_page("search-unknown-place", "/zoeken/?q=ouderen&bij=9999", shows="#bij-error"),
    public_page("initiatives", "/initiatieven/", shows=".pagination"),
    public_page("initiatives-searched", "/initiatieven/?q=zonnebloem", shows=RESULT),
    public_page(
        "initiatives-filtered",
        "/initiatieven/?thema=bonding&doelgroep=ouderen",
        shows=CHOSEN_AND_FOUND,
    ),
    public_page(
        "initiatives-nothing-found", "/initiatieven/?q=xqzwvk&letterlijk=1", shows="#results .empty"
    ),
    public_page(
        "initiatives-bad-filter", "/initiatieven/?thema=bestaat-niet", shows=".error-summary"
    ),
    # The place filters as comboboxes, one of them with a choice.
    public_page(
        "initiatives-in-a-municipality",
        "/initiatieven/?gemeente=GM0344",
        shows="#filter-wijk .autocomplete__input",
    ),
    public_page("initiative", "/initiatieven/vrouwengroep-de-zonnebloem/"),
    public_page("cases", "/casussen/", shows=RESULT),
    public_page("cases-searched", "/casussen/?q=zonnebloem", shows=RESULT),
    public_page("cases-filtered", "/casussen/?thema=linking", shows=CHOSEN_AND_FOUND),
    public_page("case", "/casussen/vrouwengroep-de-zonnebloem-in-overvecht/", shows=".quote"),
    public_page("publications", "/publicaties/", shows=RESULT),
    public_page("publications-searched", "/publicaties/?q=buurt", shows=RESULT),
    public_page("publications-filtered", "/publicaties/?type=podcast", shows=CHOSEN_AND_FOUND),
    public_page(
        "publication", "/publicaties/casusbundel-wij-in-de-wijk-3/", shows=".citation__copy"
    ),
    # From a publication to its initiatives and cases: the lists filtered on it, with its chip.
    public_page(
        "initiatives-from-a-publication",
        "/initiatieven/?publicatie=casusbundel-wij-in-de-wijk-3",
        shows=CHOSEN_AND_FOUND,
    ),
    public_page(
        "cases-from-a-publication",
        "/casussen/?publicatie=casusbundel-wij-in-de-wijk-3",
        shows=CHOSEN_AND_FOUND,
    ),
    public_page("themes", "/themas/"),
    public_page("theme", "/themas/bonding/"),
    public_page("not-found", "/deze-pagina-bestaat-niet/", status=404),
    public_page("about", "/over/", shows=".site-footer__nav [aria-current]"),
    public_page("accessibility", "/toegankelijkheid/"),
    public_page("privacy", "/privacy/"),
    public_page("municipalities", "/gemeenten/", shows=".place-list"),
    public_page("municipality", "/gemeenten/utrecht/", shows=".place-list"),
    # A wijkbeeld with white spots (its tables opened: tests/browser/test_wijkbeeld.py).
    public_page("municipality-wijkbeeld", "/gemeenten/amsterdam/", shows="#wijkbeeld .white-spot"),
    public_page("municipality-empty", "/gemeenten/sluis/", shows=".empty"),
    public_page("district", "/gemeenten/utrecht/overvecht/", shows=".card"),
    # The national picture, a province's, and the table sorted by a column.
    public_page("insight", "/inzicht/", shows="#gemeenten tbody tr"),
    public_page("insight-province", "/inzicht/utrecht/", shows="#gemeenten tbody tr"),
    public_page("insight-sorted", "/inzicht/?sorteer=meest", shows="#gemeenten [aria-sort]"),
    # Public forms (their error states: tests/browser/test_forms.py) and what follows them.
    public_page("initiative-submit", "/initiatieven/aanmelden/", shows="#id_municipality"),
    public_page("initiative-submitted", "/initiatieven/aanmelden/bedankt/"),
    public_page("publication-submit", "/publicaties/aanmelden/", shows="#id_themes_0"),
    public_page("publication-submitted", "/publicaties/aanmelden/bedankt/"),
    public_page("initiative-contact", "/initiatieven/vrouwengroep-de-zonnebloem/contact/"),
    public_page("contact-sent", "/initiatieven/vrouwengroep-de-zonnebloem/contact/verzonden/"),
    # E-mail alerts; the pages of their links: tests/browser/test_alerts.py.
    public_page(
        "alert-subscribe", "/meldingen/casussen/?thema=linking&q=buurt", shows=".followed-search li"
    ),
    public_page("alert-requested", "/meldingen/aangevraagd/"),
]


def in_both_languages(name, path):
    """(id, path, language) of a Dutch page (no prefix) and of its English twin under /en/."""
    return [(name, path, "nl"), (f"en-{name}", f"/en{path}", "en")]


# Every page type in Dutch and in English, by construction rather than by hand; by id.
PAGES = {
    page_id: {"path": path, "status": page["status"], "language": language, "shows": page["shows"]}
    for page in DUTCH_PAGES
    for page_id, path, language in in_both_languages(page["name"], page["path"])
}


# Page width against viewport width, plus the elements sticking out to the right (to name the
# culprit when the page scrolls sideways).
HORIZONTAL_FIT = """() => {
  const viewport = window.innerWidth;
  const page = document.documentElement.scrollWidth;
  const wider = page <= viewport ? [] : [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > viewport + 0.5)
    .slice(0, 10)
    .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
      + ` (right edge at ${Math.round(el.getBoundingClientRect().right)}px)`);
  return {viewport, page, wider};
}"""


# Same-page links (skip link, error summary) whose target id is missing from the page.
BROKEN_FRAGMENT_LINKS = """() => [...document.querySelectorAll('a[href^="#"]')]
  .map((a) => a.getAttribute('href'))
  .filter((href) => href.length > 1 && !document.getElementById(decodeURIComponent(href.slice(1))))
"""


def run_axe(page):
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (make test does).", pytrace=False)
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def describe_violations(violations):
    """One block per rule: id, impact, what to do, then each offending element's selector."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " >> ".join(map(str, node["target"]))
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}" + (f"  [{summary[:200]}]" if summary else ""))
    return "\n".join(lines)


@pytest.mark.browser
def test_every_page_passes_axe_and_fits_a_phone(shared_demo_site, fresh_page, screenshot_dir):
    def check(name, public):
        with fresh_page() as (page, page_problems):
            check_page(page, page_problems, screenshot_dir, shared_demo_site, name, **public)

    failures = failures_over(PAGES, check)
    assert not failures, report(failures, PAGES)


def check_page(page, page_problems, screenshot_dir, site, name, *, path, status, language, shows):
    response = page.goto(site + path)

    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    assert page.locator("html").get_attribute("lang") == language
    if shows:
        expect(page.locator(shows).first).to_be_visible(timeout=2000)
    broken_links = page.evaluate(BROKEN_FRAGMENT_LINKS)
    assert not broken_links, f"{path} links to ids it does not have: {broken_links}"

    failures = []
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        size = f"{viewport['width']}x{viewport['height']}"
        page.screenshot(path=screenshot_dir / f"{name}-{size}.png", full_page=True)
        if viewport is PHONE:
            fit = page.evaluate(HORIZONTAL_FIT)
            if fit["page"] > fit["viewport"]:
                failures.append(
                    f"{path} scrolls sideways at {size}: {fit['page']}px wide in a"
                    f" {fit['viewport']}px window; sticking out:\n    "
                    + "\n    ".join(fit["wider"])
                )
        violations = run_axe(page)
        if violations:
            failures.append(
                f"{path} at {size}: {len(violations)} axe violation(s)\n"
                + describe_violations(violations)
            )

    assert not page_problems, f"{path}:\n" + "\n".join(page_problems)
    assert not failures, "\n\n".join(failures)

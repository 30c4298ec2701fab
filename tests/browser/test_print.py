"""Case studies and publications are printed to be read on paper: the page prints without the
site's navigation, and a link to elsewhere prints its address, since paper cannot be clicked."""

import pytest
from playwright.sync_api import expect

from tests.browser.sweep import failures_over, report

# Demo pages with a link to another site in their main text: a case's film, a publication's
# podcast at the publisher.
PRINTED_PAGES = {
    "case": "/casussen/vrouwengroep-de-zonnebloem-in-overvecht/",
    "publication": "/publicaties/van-eigen-kring-naar-de-buurt/",
}

# What helps on screen and means nothing on paper.
SCREEN_ONLY = [
    ".skip-link",
    ".site-header",
    ".site-nav",
    ".language-switch",
    ".breadcrumbs",
    ".site-footer",
    ".site-footer__nav",
]

# The text a link's ::after adds when printed, for every link to another site in the main text.
PRINTED_LINK_SUFFIXES = """() => [...document.querySelectorAll('main a[href^="http"]')]
  .map((a) => ({href: a.href, after: getComputedStyle(a, '::after').content}))
"""


@pytest.mark.browser
def test_a_printed_page_has_no_navigation_and_shows_where_links_lead(shared_demo_site, fresh_page):
    def check(_name, path):
        with fresh_page() as (page, _problems):
            check_printed(page, shared_demo_site, path)

    failures = failures_over(PRINTED_PAGES, check)
    assert not failures, report(failures, PRINTED_PAGES)


def check_printed(page, site, path):
    page.goto(site + path)
    for selector in SCREEN_ONLY:
        expect(page.locator(selector).first).to_be_attached()
    page.emulate_media(media="print")

    for selector in SCREEN_ONLY:
        expect(page.locator(selector).first, f"{selector} on paper").to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main .facts")).to_be_visible()

    links = page.evaluate(PRINTED_LINK_SUFFIXES)
    assert links, f"{path} has no link to another site to print"
    for link in links:
        assert link["href"] in link["after"], f"printed, {link['href']} reads {link['after']!r}"

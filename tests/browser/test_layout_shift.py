"""The page stands still while it loads: nothing a script adds or folds moves what is already
shown (Cumulative Layout Shift, as Lighthouse and Chrome's field data measure it).

Every list, detail and place page on a phone and a desktop, all in one test on one load of the
demo catalogue. The maps load and draw as a visitor's would (no tiles: MAP_TILE_URL is empty)."""

import pytest

from tests.browser.sweep import failures_over, report

PAGES = {
    "initiatives": "/initiatieven/",
    "initiatives-filtered": "/initiatieven/?thema=bonding&doelgroep=ouderen",
    "initiative": "/initiatieven/vrouwengroep-de-zonnebloem/",
    "cases": "/casussen/",
    "case": "/casussen/vrouwengroep-de-zonnebloem-in-overvecht/",
    "publication": "/publicaties/casusbundel-wij-in-de-wijk-3/",
    "municipality": "/gemeenten/utrecht/",
    "district": "/gemeenten/utrecht/overvecht/",
    "insight": "/inzicht/",
    "insight-province": "/inzicht/utrecht/",
}
VIEWPORTS = {"phone": {"width": 360, "height": 800}, "desktop": {"width": 1280, "height": 900}}
CASES = {
    f"{name} {size}": (path, viewport)
    for name, path in PAGES.items()
    for size, viewport in VIEWPORTS.items()
}
# Lighthouse calls up to 0.1 good; this leaves room for nothing but rounding.
MOST = 0.05

# Every shift since the page began (buffered), except those right after the visitor's own
# input, which the metric leaves out too; each with the elements that moved.
SHIFTS = """() => new Promise((resolve) => {
  new PerformanceObserver((list, observer) => {
    observer.disconnect();
    resolve(list.getEntries().filter((entry) => !entry.hadRecentInput).map((entry) => ({
      value: entry.value,
      moved: entry.sources.map((source) => source.node
        ? (source.node.id ? '#' + source.node.id : source.node.nodeName
           + (source.node.className ? '.' + String(source.node.className).split(' ')[0] : ''))
        : '?'),
    })));
  }).observe({ type: 'layout-shift', buffered: true });
  // No entry at all: the observer is never called.
  setTimeout(() => resolve([]), 500);
})"""

# Until the maps on screen are drawn and have their points: the last thing a page adds.
MAPS_SETTLED = """() => [...document.querySelectorAll('[data-map]')].every((map) => {
  const canvas = map.querySelector('.map__canvas');
  const inView = canvas.checkVisibility() && canvas.getBoundingClientRect().top < innerHeight + 200;
  return !inView || (map.querySelector('.leaflet-container') && !map.hasAttribute('aria-busy'));
})"""


@pytest.mark.browser
def test_pages_do_not_shift_while_they_load(shared_demo_site, fresh_page):
    def check(_name, case):
        path, viewport = case
        with fresh_page(viewport=viewport) as (page, problems):
            page.goto(shared_demo_site + path)
            page.wait_for_function(MAPS_SETTLED, timeout=10_000)
            page.wait_for_load_state("networkidle")
            shifts = page.evaluate(SHIFTS)
            total = sum(shift["value"] for shift in shifts)
            assert total < MOST, f"layout shift {total:.3f}: {shifts}"
            assert not problems, problems

    failures = failures_over(CASES, check)
    assert not failures, report(failures, CASES)

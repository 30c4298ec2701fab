"""On a phone every control is big enough to hit with a finger: at least 44 × 44 px.

Links inside running text are exempt (WCAG's inline exception); a checkbox counts together
with its label, which is part of its target.
"""

import pytest

from tests.browser.sweep import failures_over, report
from tests.browser.test_accessibility import PAGES

SMALL_TARGETS = """() => {
  const small = [];
  const controls = 'a[href], button, input:not([type=hidden]), select, summary, textarea';
  for (const el of document.querySelectorAll(controls)) {
    const box = el.getBoundingClientRect();
    const hidden = getComputedStyle(el).visibility === 'hidden';
    if (!box.width || !box.height || box.right <= 0 || hidden) continue;
    const text = el.closest('p, dd, li, figcaption');
    if (el.tagName === 'A' && text && text.textContent.trim() !== el.textContent.trim()) continue;
    let width = box.width, height = box.height;
    const label = el.labels && el.labels[0];
    if (label) {
      const around = label.getBoundingClientRect();
      width += around.width;
      height = Math.max(height, around.height);
    }
    if (width < 43.5 || height < 43.5) {
      small.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} `
        + `"${(el.textContent || el.value || '').trim().slice(0, 40)}" `
        + `${Math.round(width)}×${Math.round(height)}`);
    }
  }
  return small;
}"""


@pytest.mark.browser
def test_every_control_is_big_enough_on_a_phone(shared_demo_site, fresh_page):
    def check(name, public):
        path = public["path"]
        with fresh_page(viewport={"width": 360, "height": 740}) as (page, _problems):
            page.goto(shared_demo_site + path)
            small = page.evaluate(SMALL_TARGETS)
        assert small == [], f"{path}: controls smaller than 44 px:\n" + "\n".join(small)

    failures = failures_over(PAGES, check)
    assert not failures, report(failures, PAGES)

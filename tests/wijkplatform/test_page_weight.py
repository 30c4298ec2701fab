"""Pages stay light: what a phone downloads for the home and list pages, gzip-compressed as
whitenoise serves it, stays under a stated budget."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

# Budgets in bytes after gzip: the HTML plus every stylesheet and script the page loads.
# The lists with place filters carry the combobox for them (accessible-autocomplete: ~19 kB);
# every list a line in plain words beside each theme and target group (~1.5 kB) and the
# phone's filter panel (filters.js and its styles: ~2 kB). A place page its wijkbeeld: five
# charts with their tables and the white spots (~3 kB) and their stylesheet (~1.7 kB). The
# initiatives list carries the publication filter's field and the map's tools the overview
# shares (~0.1 kB). The place comboboxes match the names people use ("Den Haag": ~0.1 kB).
BUDGETS = {
    "/": 12_000,
    "/initiatieven/": 67_000,
    "/casussen/": 58_100,
    "/publicaties/": 40_000,
    "/gemeenten/": 12_000,
    "/gemeenten/utrecht/": 22_000,
}
ASSET = re.compile(r'(?:src|href)="/static/([^"]+\.(?:css|js))"')


def compressed(data):
    return len(gzip.compress(data, compresslevel=9))


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo catalogue, loaded once: these tests only read."""
    call_command("loaddata", "taxonomy", "regions", "demo", verbosity=0)


@pytest.mark.parametrize("url", BUDGETS)
def test_page_and_its_assets_fit_the_budget(client, demo, url):
    html = client.get(url).content
    assets = ASSET.findall(html.decode())
    assert assets, "the page loads its stylesheet"
    sizes = {"html": compressed(html)}
    for path in assets:
        with open(finders.find(path), "rb") as file:
            sizes[path] = compressed(file.read())
    total = sum(sizes.values())
    print(f"{url}: {total:,} bytes gzip {sizes}")
    assert total <= BUDGETS[url], sizes


def test_scripts_never_block_rendering(client):
    html = client.get("/initiatieven/").content.decode()
    scripts = re.findall(r"<script [^>]*src=[^>]*>", html)
    assert scripts and all(" defer" in tag or " async" in tag for tag in scripts), scripts

"""Structured data and Open Graph as a tool nobody here wrote reads them: extruct extracts the
JSON-LD and Open Graph of every detail page type, in Dutch and English, and each description is
checked against schema_types.json (the required and recommended properties of the schema.org
types we use, as Google and schema.org document them).
"""

import datetime
import json
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import extruct
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from lxml import html as lxml_html
from PIL import Image

from tests.factories import (
    AuthorFactory,
    CaseFactory,
    DistrictFactory,
    InitiativeFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
SCHEMA_TYPES = json.loads(Path(__file__).with_name("schema_types.json").read_text())
PAGE_TYPES = ["initiative", "case", "publication", "theme", "municipality", "district"]
# The main schema.org description each detail page gives besides its BreadcrumbList.
MAIN_TYPES = {
    "initiative": {"Organization", "Project"},
    "case": {"Article"},
    "publication": {"Report"},
}


def photo():
    buffer = BytesIO()
    Image.new("RGB", (1600, 900), (31, 95, 74)).save(buffer, "JPEG")
    return SimpleUploadedFile("buurtkamer.jpg", buffer.getvalue())


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def catalogue():
    """One fully filled item of each detail page type: every recommended property has a value."""
    theme = ThemeFactory(name="Bonding", description="Mensen die elkaar herkennen.")
    district = DistrictFactory(name="Overvecht", municipality__name="Utrecht")
    municipality = district.municipality
    initiative = InitiativeFactory(
        title="Vrouwengroep Overvecht",
        municipality=municipality,
        district=district,
        scope="wijk",
        address="Buurtplein 1",
        postcode="3562 AB",
        latitude=52.1165,
        longitude=5.1142,
        start_year=2019,
        website="https://vrouwengroep.example.org",
        themes=[theme],
    )
    publication = PublicationFactory(
        title="Wij in de Wijk 3",
        organisation="Movisie",
        publication_date=datetime.date(2022, 3, 31),
        year_of_issue=2021,
        authors=[AuthorFactory(initials="S.", infix="de", surname="Vries")],
        themes=[theme],
    )
    case = CaseFactory(
        title="De Buurtkamer in Overvecht",
        year=2020,
        municipality=municipality,
        publication=publication,
        initiatives=[initiative],
        themes=[theme],
    )
    return {
        "initiative": initiative,
        "case": case,
        "publication": publication,
        "theme": theme,
        "municipality": municipality,
        "district": district,
    }


def extract(client, url):
    """What extruct reads from the page: its JSON-LD items, Open Graph properties and HTML."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    data = extruct.extract(html, base_url=f"{SERVER}{url}", syntaxes=["json-ld", "opengraph"])
    (opengraph,) = data["opengraph"]
    return data["json-ld"], dict(opengraph["properties"]), html


def types_of(node):
    kind = node.get("@type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def expected(kind, key):
    """A type's required or recommended properties, its schema.org parents' included."""
    entry = SCHEMA_TYPES[kind]
    inherited = expected(entry["extends"], key) if "extends" in entry else []
    return [*inherited, *entry[key]]


def typed_nodes(value):
    """Every node with an @type, nested ones included."""
    if isinstance(value, dict):
        if "@type" in value:
            yield value
        for item in value.values():
            yield from typed_nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from typed_nodes(item)


def by_type(items, kind):
    (item,) = [item for item in items if kind in types_of(item)]
    return item


def url_of(catalogue, page, language):
    with translation.override(language):
        return catalogue[page].get_absolute_url()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("page", PAGE_TYPES)
def test_every_detail_page_describes_itself_in_known_types_with_their_properties(
    client, catalogue, page, language
):
    items, _, _ = extract(client, url_of(catalogue, page, language))
    assert {kind for item in items for kind in types_of(item)} == {
        "BreadcrumbList",
        *MAIN_TYPES.get(page, ()),
    }
    for item in items:
        assert item["@context"] == "https://schema.org"
        current_page = (item.get("itemListElement") or [None])[-1]  # its crumb needs no link
        for kind in types_of(item):
            missing = [key for key in expected(kind, "recommended") if key not in item]
            assert not missing, f"{page} {kind} lacks recommended {missing}"
        for node in typed_nodes(item):
            for kind in types_of(node):
                assert kind in SCHEMA_TYPES, f"{page}: unknown type {kind}"
                required = expected(kind, "required")
                if node is current_page:
                    required = [key for key in required if key != "item"]
                missing = [key for key in required if key not in node]
                assert not missing, f"{page} {kind} lacks required {missing}"


@pytest.mark.parametrize("page", ["initiative", "case", "publication"])
def test_both_languages_describe_one_thing_named_by_its_dutch_address(client, catalogue, page):
    dutch = url_of(catalogue, page, "nl")
    main = min(MAIN_TYPES[page])
    nl = by_type(extract(client, url_of(catalogue, page, "nl"))[0], main)
    en = by_type(extract(client, url_of(catalogue, page, "en"))[0], main)
    assert nl["@id"] == en["@id"] == f"{SERVER}{dutch}"
    assert nl["url"] == f"{SERVER}{dutch}"
    assert en["url"] == f"{SERVER}/en{dutch}"


def test_a_publication_is_published_in_its_year_of_issue_not_on_the_platform_date(
    client, catalogue
):
    report = by_type(extract(client, url_of(catalogue, "publication", "nl"))[0], "Report")
    assert report["datePublished"] == "2021"
    assert report["author"] == [
        {"@type": "Person", "name": "S. de Vries", "givenName": "S.", "familyName": "de Vries"}
    ]


def test_a_case_is_published_in_its_year_and_written_by_its_publications_authors(client, catalogue):
    article = by_type(extract(client, url_of(catalogue, "case", "nl"))[0], "Article")
    assert article["datePublished"] == "2020"
    assert [author["name"] for author in article["author"]] == ["S. de Vries"]


def test_a_case_without_publication_is_written_by_the_editors(client):
    case = CaseFactory(year=2021)
    article = by_type(extract(client, case.get_absolute_url())[0], "Article")
    assert article["author"] == {"@type": "Organization", "name": "Wijkplatform"}


def visible_breadcrumbs(html):
    """(text, absolute link or None) of each crumb a reader sees."""
    result = []
    for crumb in lxml_html.fromstring(html).xpath('//nav[@class="breadcrumbs wrap"]//li'):
        links = crumb.findall("a")
        href = f"{SERVER}{links[0].get('href')}" if links else None
        result.append((crumb.text_content().strip(), href))
    return result


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("page", PAGE_TYPES)
def test_the_breadcrumb_list_is_the_visible_breadcrumbs(client, catalogue, page, language):
    items, _, html = extract(client, url_of(catalogue, page, language))
    trail = by_type(items, "BreadcrumbList")["itemListElement"]
    assert [entry["position"] for entry in trail] == list(range(1, len(trail) + 1))
    assert [(entry["name"], entry.get("item")) for entry in trail] == visible_breadcrumbs(html)
    assert len(trail) >= 3


# Open Graph


def served_image(url):
    """The file behind an image address, from the static files or the uploads."""
    path = urlsplit(url).path
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        assert found, f"no static file for {url}"
        return Path(found)
    stored = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
    assert stored.is_file(), f"no upload for {url}"
    return stored


def assert_share_image(opengraph):
    image = opengraph["og:image"]
    assert image.startswith(f"{SERVER}/"), image
    with Image.open(served_image(image)) as stored:
        assert stored.size == (int(opengraph["og:image:width"]), int(opengraph["og:image:height"]))
    assert opengraph["og:image:alt"].strip()
    return image


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("page", PAGE_TYPES)
def test_every_detail_page_has_a_share_image_with_size_and_alt_text(
    client, catalogue, page, language
):
    _, opengraph, _ = extract(client, url_of(catalogue, page, language))
    assert_share_image(opengraph)


@pytest.mark.parametrize(
    "url", ["/", "/en/", "/initiatieven/", "/casussen/?thema=bonding", "/themas/", "/zoeken/"]
)
def test_every_other_page_has_the_site_share_image(client, url):
    _, opengraph, _ = extract(client, url)
    assert assert_share_image(opengraph).endswith("/share/wijkplatform.png")


@pytest.mark.parametrize(
    ("page", "name"),
    [("initiative", "initiatieven"), ("case", "casussen"), ("publication", "publicaties")],
)
def test_an_item_without_image_shares_its_kinds_default(client, catalogue, page, name):
    _, opengraph, _ = extract(client, url_of(catalogue, page, "nl"))
    assert assert_share_image(opengraph).endswith(f"/share/{name}.png")
    assert (int(opengraph["og:image:width"]), int(opengraph["og:image:height"])) == (1200, 630)


@pytest.mark.parametrize("factory", [InitiativeFactory, CaseFactory, PublicationFactory])
def test_an_item_with_an_image_shares_it_in_articles_and_open_graph(client, media_root, factory):
    item = factory(image=photo(), image_alt="Buren planten tulpen")
    large = item.renditions()["large"]
    items, opengraph, _ = extract(client, item.get_absolute_url())
    assert assert_share_image(opengraph) == f"{SERVER}{large.url}"
    assert opengraph["og:image:alt"] == "Buren planten tulpen"
    assert (opengraph["og:image:width"], opengraph["og:image:height"]) == ("1200", "675")
    (main,) = [entry for entry in items if "BreadcrumbList" not in types_of(entry)]
    assert main["image"] == {
        "@type": "ImageObject",
        "url": f"{SERVER}{large.url}",
        "width": 1200,
        "height": 675,
    }

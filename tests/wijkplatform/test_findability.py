"""Search engines find what is published and only that: sitemap, robots.txt, canonical and
hreflang links, titles and descriptions, Open Graph, schema.org JSON-LD, the pages about the site.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.factories import (
    AuthorFactory,
    CaseFactory,
    DistrictFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PublicationFactory,
    ThemeFactory,
)
from wijkplatform.sitemaps import SITEMAPS

pytestmark = pytest.mark.django_db

SITEMAP = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
SERVER = "http://testserver"
STATES = ["draft", "review", "archived"]


class Head(HTMLParser):
    """The <title>, <link> and <meta> elements of a page, the h1 and the JSON-LD scripts.
    (A chart's <title> inside an <svg> names the chart, not the page.)"""

    def __init__(self, html):
        super().__init__()
        self.links, self.metas, self.json_ld = [], [], []
        self.title = self.h1 = ""
        self._in = None
        self._svg = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._svg += 1
        elif self._svg:
            return
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.metas.append(attrs)
        elif tag in ("title", "h1") or (
            tag == "script" and attrs.get("type") == "application/ld+json"
        ):
            self._in = tag
            if tag == "script":
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data
        elif self._in == "script":
            self.json_ld[-1] += data

    def link(self, rel, **attrs):
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in attrs.items())
        ]

    def meta(self, key, value):
        return [meta["content"] for meta in self.metas if meta.get(key) == value]

    @property
    def canonical(self):
        (href,) = self.link("canonical")
        return href

    @property
    def description(self):
        (content,) = self.meta("name", "description")
        return content

    @property
    def robots(self):
        return self.meta("name", "robots")

    def og(self, prop):
        (content,) = self.meta("property", f"og:{prop}")
        return content


def head(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def sitemap_entries(client, url, element, **extra):
    """{loc: lastmod} of the <url> (or <sitemap>) elements of a sitemap (or index)."""
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    entries = ElementTree.fromstring(response.content).findall(f"sm:{element}", SITEMAP)
    return {
        entry.findtext("sm:loc", namespaces=SITEMAP): entry.findtext(
            "sm:lastmod", namespaces=SITEMAP
        )
        for entry in entries
    }


def sitemap_urls(client, url, **extra):
    return sitemap_entries(client, url, "url", **extra)


def sitemap_index(client):
    return sitemap_entries(client, "/sitemap.xml", "sitemap")


def in_every_state(factory, **fields):
    """One published item and one in each other state; returns the published one."""
    for state in STATES:
        factory(title=f"{factory._meta.model.__name__} {state}", **{state: True}, **fields)
    return factory(title=f"{factory._meta.model.__name__} published", **fields)


# Sitemap


@pytest.fixture
def catalogue():
    theme = ThemeFactory(name="Bonding")
    return {
        "initiative": in_every_state(InitiativeFactory, themes=[theme]),
        "case": in_every_state(CaseFactory, themes=[theme]),
        "publication": in_every_state(PublicationFactory),
        "theme": theme,
    }


def test_sitemap_index_lists_each_section_with_its_latest_published_change(client, catalogue):
    index = sitemap_index(client)
    assert set(index) == {
        f"{SERVER}/sitemap-{section}.xml"
        for section in (
            "paginas",
            "themas",
            "initiatieven",
            "casussen",
            "publicaties",
            "gemeenten",
            "wijken",
            "inzicht",
        )
    }
    for section, kind in [
        ("initiatieven", "initiative"),
        ("casussen", "case"),
        ("publicaties", "publication"),
    ]:
        lastmod = datetime.datetime.fromisoformat(index[f"{SERVER}/sitemap-{section}.xml"])
        assert lastmod.replace(microsecond=0) == catalogue[kind].updated_at.replace(microsecond=0)


def test_sitemap_index_date_ignores_items_that_are_not_published(client):
    published = InitiativeFactory(title="Published")
    later_draft = InitiativeFactory(title="Draft", draft=True)
    assert later_draft.updated_at > published.updated_at
    lastmod = sitemap_index(client)[f"{SERVER}/sitemap-initiatieven.xml"]
    assert datetime.datetime.fromisoformat(lastmod).replace(microsecond=0) == (
        published.updated_at.replace(microsecond=0)
    )


def in_both_languages(*paths):
    """The addresses of these Dutch paths and of their English versions."""
    return {f"{SERVER}{prefix}{path}" for path in paths for prefix in ("", "/en")}


@pytest.mark.parametrize(
    ("section", "kind"),
    [("initiatieven", "initiative"), ("casussen", "case"), ("publicaties", "publication")],
)
def test_sitemap_sections_list_only_published_items_with_their_last_change(
    client, catalogue, section, kind
):
    item = catalogue[kind]
    urls = sitemap_urls(client, f"/sitemap-{section}.xml")
    lastmod = timezone.localdate(item.updated_at).isoformat()
    assert urls == dict.fromkeys(in_both_languages(item.get_absolute_url()), lastmod)


def test_sitemap_lists_themes_and_the_fixed_pages_in_both_languages(client, catalogue):
    assert set(sitemap_urls(client, "/sitemap-themas.xml")) == in_both_languages("/themas/bonding/")
    # The same addresses whatever language the visitor's browser asks for.
    pages = sitemap_urls(client, "/sitemap-paginas.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert set(pages) == in_both_languages(
        "/",
        "/initiatieven/",
        "/casussen/",
        "/publicaties/",
        "/themas/",
        "/gemeenten/",
        "/inzicht/",
        "/over/",
        "/toegankelijkheid/",
        "/privacy/",
    )


@pytest.mark.parametrize(
    "section",
    [
        "paginas",
        "themas",
        "initiatieven",
        "casussen",
        "publicaties",
        "gemeenten",
        "wijken",
        "inzicht",
    ],
)
def test_every_sitemap_address_names_its_dutch_english_and_default_version(
    client, catalogue, section
):
    district = DistrictFactory(name="Overvecht", municipality__name="Utrecht")
    InitiativeFactory(municipality=district.municipality, district=district)
    response = client.get(f"/sitemap-{section}.xml", HTTP_ACCEPT_LANGUAGE="en")
    urls = ElementTree.fromstring(response.content).findall("sm:url", SITEMAP)
    assert urls
    for url in urls:
        loc = url.findtext("sm:loc", namespaces=SITEMAP)
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link[@rel='alternate']", SITEMAP)
        }
        dutch = loc.replace(f"{SERVER}/en/", f"{SERVER}/", 1)
        assert alternates == {
            "nl": dutch,
            "en": dutch.replace(SERVER, f"{SERVER}/en", 1),
            "x-default": dutch,
        }


# 4: two items in two languages a page; 3: a page ends between an item's two languages.
@pytest.mark.parametrize("limit, sizes", [(4, [4, 2]), (3, [3, 3])])
def test_a_large_sitemap_section_is_split_into_pages(client, monkeypatch, limit, sizes):
    monkeypatch.setattr(SITEMAPS["initiatieven"], "limit", limit)
    initiatives = [InitiativeFactory() for _ in range(3)]
    index = sitemap_index(client)
    assert f"{SERVER}/sitemap-initiatieven.xml" in index
    assert f"{SERVER}/sitemap-initiatieven.xml?p=2" in index
    assert f"{SERVER}/sitemap-initiatieven.xml?p=3" not in index
    first = sitemap_urls(client, "/sitemap-initiatieven.xml")
    second = sitemap_urls(client, "/sitemap-initiatieven.xml?p=2")
    assert [len(first), len(second)] == sizes
    assert set(first) | set(second) == in_both_languages(
        *(item.get_absolute_url() for item in initiatives)
    )


def test_unknown_sitemap_section_is_not_found(client):
    assert client.get("/sitemap-bestaat-niet.xml").status_code == 404


# robots.txt


def test_robots_txt_keeps_crawlers_out_of_api_admin_and_exports(client):
    response = client.get("/robots.txt", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    for path in ["/api/", "/*export.csv"]:
        assert f"Disallow: {path}" in lines
    # Search pages may be fetched, or a crawler would never read their noindex.
    assert not [line for line in lines if "zoeken" in line]
    assert not [line for line in lines if "admin" in line]  # its address is not advertised
    assert "Disallow: /" not in lines  # the rest stays open
    assert "Sitemap: https://testserver/sitemap.xml" in lines


# Canonical, robots meta and hreflang


def test_detail_page_is_canonical_without_its_query_and_names_both_languages(client):
    initiative = InitiativeFactory(slug="buurtkamer")
    page = head(client, "/initiatieven/buurtkamer/?utm_source=nieuwsbrief")
    assert page.canonical == f"{SERVER}/initiatieven/buurtkamer/"
    assert page.robots == []
    assert page.link("alternate", hreflang="nl") == [f"{SERVER}/initiatieven/buurtkamer/"]
    assert page.link("alternate", hreflang="en") == [f"{SERVER}/en/initiatieven/buurtkamer/"]
    assert page.link("alternate", hreflang="x-default") == [f"{SERVER}/initiatieven/buurtkamer/"]
    english = head(client, f"/en{initiative.get_absolute_url()}")
    assert english.canonical == f"{SERVER}/en/initiatieven/buurtkamer/"


@pytest.mark.parametrize("path", ["/initiatieven/", "/casussen/", "/publicaties/"])
@pytest.mark.parametrize("query", ["q=koken", "thema=bonding", "sort=titel", "page=2"])
def test_filtered_list_is_not_indexed_and_names_no_canonical(client, path, query):
    page = head(client, f"{path}?{query}")
    assert page.robots == ["noindex,follow"]
    # A canonical elsewhere would contradict the noindex (Google may carry the noindex over
    # to the plain list); hreflang alternates, like the canonical, name indexable pages only.
    assert page.link("canonical") == []
    assert [link for link in page.links if "hreflang" in link] == []


@pytest.mark.parametrize("path", ["/initiatieven/", "/casussen/", "/publicaties/", "/en/casussen/"])
def test_plain_list_is_indexed_and_its_own_canonical(client, path):
    page = head(client, path)
    assert page.robots == []
    assert page.canonical == f"{SERVER}{path}"


@pytest.mark.parametrize("path", ["/zoeken/?q=koken", "/en/zoeken/", "/gemeenten/leeg/"])
def test_search_and_empty_place_pages_are_not_indexed_and_name_no_canonical(client, path):
    MunicipalityFactory(name="Leeg")
    page = head(client, path)
    assert page.robots == ["noindex,follow"]
    assert page.link("canonical") == []


def test_not_found_page_is_not_indexed_and_claims_no_canonical(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    page = Head(response.content.decode())
    assert page.robots == ["noindex"]
    assert page.link("canonical") == []


# Titles, descriptions and Open Graph


def test_every_page_type_has_its_own_title_and_description(client):
    theme = ThemeFactory(name="Eenzaamheid", description="Niemand hoort er alleen voor te staan.")
    initiative = InitiativeFactory(summary="Buren koken samen.", themes=[theme])
    case = CaseFactory(summary="Hoe de buurtkamer begon.", themes=[theme])
    publication = PublicationFactory(
        summary="<p>Bonding &amp; bridging in <em>de wijk</em>.</p><p>Tweede alinea.</p>"
    )
    pages = {
        "home": "/",
        "initiatives": "/initiatieven/",
        "cases": "/casussen/",
        "publications": "/publicaties/",
        "initiative": initiative.get_absolute_url(),
        "case": case.get_absolute_url(),
        "publication": publication.get_absolute_url(),
        "themes": "/themas/",
        "theme": theme.get_absolute_url(),
        "search": "/zoeken/",
        "about": "/over/",
        "accessibility": "/toegankelijkheid/",
        "privacy": "/privacy/",
    }
    heads = {name: head(client, url) for name, url in pages.items()}
    titles = {name: page.title for name, page in heads.items()}
    descriptions = {name: page.description for name, page in heads.items()}
    assert all(title.strip() and title.endswith(" · Wijkplatform") for title in titles.values())
    assert all(description.strip() for description in descriptions.values())
    assert len(set(titles.values())) == len(pages), titles
    assert len(set(descriptions.values())) == len(pages), descriptions
    # Detail pages describe themselves with their own summary.
    assert descriptions["initiative"] == "Buren koken samen."
    assert descriptions["case"] == "Hoe de buurtkamer begon."
    assert descriptions["publication"] == "Bonding & bridging in de wijk. Tweede alinea."
    assert descriptions["theme"] == "Niemand hoort er alleen voor te staan."
    assert titles["initiative"] == f"{initiative.title} · Wijkplatform"


def test_theme_without_description_still_has_its_own(client):
    theme = ThemeFactory(name="Armoede", description="")
    assert head(client, theme.get_absolute_url()).description == (
        "Initiatieven en casussen over Armoede."
    )


def test_open_graph_tags_repeat_title_description_and_canonical(client):
    case = CaseFactory(title="De Buurtkamer", summary="Hoe de buurtkamer begon.")
    page = head(client, case.get_absolute_url())
    assert page.og("title") == "De Buurtkamer"
    assert page.og("description") == "Hoe de buurtkamer begon."
    assert page.og("url") == page.canonical == f"{SERVER}{case.get_absolute_url()}"
    assert page.og("type") == "article"
    assert page.og("site_name") == "Wijkplatform"
    assert page.og("locale") == "nl_NL"
    assert page.meta("property", "og:locale:alternate") == ["en_GB"]

    home = head(client, "/en/")
    assert home.og("type") == "website"
    assert home.og("locale") == "en_GB"
    assert home.og("url") == f"{SERVER}/en/"
    assert home.og("title") == home.title.removesuffix(" · Wijkplatform")


# schema.org JSON-LD


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    scripts = Head(html).json_ld
    assert not EMAIL.search("".join(scripts)), "an e-mail address in the structured data"
    (main,) = [data for data in map(json.loads, scripts) if data["@type"] != "BreadcrumbList"]
    return main


def test_publication_is_a_report_with_its_authors_publisher_and_series(client):
    publication = PublicationFactory(
        title="Casusbundel Wij in de Wijk 3",
        organisation="Movisie",
        series="Wij in de Wijk",
        series_number="3",
        publication_date=datetime.date(2022, 3, 31),
        contact_name="Judith Jansen",
        contact_email="j.jansen@example.org",
        authors=[
            AuthorFactory(initials="S.", infix="de", surname="Vries"),
            AuthorFactory(initials="M.", surname="Cadat-Lampe"),
        ],
    )
    data = json_ld(client, publication.get_absolute_url())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["name"] == "Casusbundel Wij in de Wijk 3"
    assert data["url"] == f"{SERVER}{publication.get_absolute_url()}"
    assert data["author"] == [
        {"@type": "Person", "name": "S. de Vries", "givenName": "S.", "familyName": "de Vries"},
        {
            "@type": "Person",
            "name": "M. Cadat-Lampe",
            "givenName": "M.",
            "familyName": "Cadat-Lampe",
        },
    ]
    assert data["datePublished"] == "2021"  # the year of issue, not the date it came here
    assert data["publisher"] == {"@type": "Organization", "name": "Movisie"}
    assert data["isPartOf"] == {"@type": "CreativeWorkSeries", "name": "Wij in de Wijk"}
    assert data["position"] == "3"
    assert "Judith Jansen" not in json.dumps(data)


def test_case_is_an_article_based_on_its_published_publication(client):
    publication = PublicationFactory(title="Wij in de Wijk 3")
    initiative = InitiativeFactory(title="Buurtkamer", email="buurtkamer@example.org")
    hidden = InitiativeFactory(title="Nog geheim", draft=True)
    case = CaseFactory(
        title="De Buurtkamer in Overvecht",
        publication=publication,
        chapter="Hoofdstuk 2",
        year=2020,
        initiatives=[initiative, hidden],
    )
    data = json_ld(client, case.get_absolute_url())
    assert data["@type"] == "Article"
    assert data["headline"] == "De Buurtkamer in Overvecht"
    assert data["datePublished"] == str(case.year)
    assert data["isBasedOn"] == {
        "@type": "Report",
        "name": "Wij in de Wijk 3",
        "headline": "Wij in de Wijk 3",
        "url": f"{SERVER}{publication.get_absolute_url()}",
        "position": "Hoofdstuk 2",
    }
    assert [item["name"] for item in data["about"]] == ["Buurtkamer"]


def test_case_never_names_an_unpublished_publication(client):
    case = CaseFactory(publication=PublicationFactory(title="Nog in review", review=True))
    data = json_ld(client, case.get_absolute_url())
    assert "isBasedOn" not in data
    assert "Nog in review" not in json.dumps(data)


def test_initiative_is_a_project_with_its_place_and_area(client):
    district = DistrictFactory(name="Overvecht", municipality__name="Utrecht")
    initiative = InitiativeFactory(
        title="Vrouwengroep",
        municipality=district.municipality,
        district=district,
        scope="wijk",
        latitude=52.1165,
        longitude=5.1142,
        postcode="3562 AB",
        email="vrouwengroep@example.org",
        website="https://vrouwengroep.example.org",
    )
    data = json_ld(client, initiative.get_absolute_url())
    assert data["@type"] == ["Organization", "Project"]
    assert data["name"] == "Vrouwengroep"
    assert data["location"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "postalCode": "3562 AB",
            "addressLocality": "Utrecht",
            "addressCountry": "NL",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 52.1165, "longitude": 5.1142},
    }
    assert data["areaServed"] == {
        "@type": "AdministrativeArea",
        "name": "Overvecht",
        "containedInPlace": {"@type": "AdministrativeArea", "name": "Utrecht"},
    }
    assert data["sameAs"] == "https://vrouwengroep.example.org"


def test_online_initiative_serves_the_country_and_has_no_place(client):
    initiative = InitiativeFactory(scope="online", municipality=None)
    data = json_ld(client, initiative.get_absolute_url())
    assert "location" not in data
    assert data["areaServed"] == {"@type": "Country", "name": "Nederland"}


def test_structured_data_cannot_break_out_of_its_script_element(client):
    title = "</script><script>alert(1)</script> & co"
    initiative = InitiativeFactory(title=title, slug="uitbreken")
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    item, breadcrumbs = map(json.loads, Head(html).json_ld)
    assert item["name"] == title
    assert breadcrumbs["itemListElement"][-1]["name"] == title


def test_list_pages_carry_no_structured_data(client):
    for url in ["/", "/initiatieven/", "/themas/", "/over/"]:
        assert head(client, url).json_ld == [], url


# Pages about the site


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/over/", "nl", "Over dit platform"),
        ("/en/over/", "en", "About this platform"),
        ("/toegankelijkheid/", "nl", "Toegankelijkheidsverklaring"),
        ("/en/toegankelijkheid/", "en", "Accessibility statement"),
        ("/privacy/", "nl", "Privacyverklaring"),
        ("/en/privacy/", "en", "Privacy statement"),
    ],
)
def test_pages_about_the_site_exist_in_both_languages(client, path, language, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    page = Head(html)
    assert page.h1 == heading
    assert page.title == f"{heading} · Wijkplatform"


def test_about_page_explains_bonding_bridging_and_sample_content(client):
    html = client.get("/over/").content.decode()
    for text in [
        "Bonding",
        "Bridging",
        "Zelforganisatie",
        "bonding is vaak de basis voor bridging",
        "Wij in de Wijk",
        "redactie",
        "voorbeeld",
    ]:
        assert text in html, text


def test_accessibility_statement_names_its_standard_tests_and_where_to_report(client, settings):
    html = client.get("/toegankelijkheid/").content.decode()
    for text in [
        "WCAG</abbr> 2.1 op niveau AA",
        "axe-core",
        "Chromium",
        "toetsenbord",
        "Wat nog niet goed is",
        "Een probleem melden",
        "nog geen vast adres",
    ]:
        assert text in html, text
    settings.CONTACT_EMAIL = "redactie@wijkplatform.example"
    html = client.get("/en/toegankelijkheid/").content.decode()
    assert 'href="mailto:redactie@wijkplatform.example"' in html


def test_privacy_statement_says_what_is_and_is_not_stored(client):
    html = client.get("/privacy/").content.decode()
    for text in [
        "geen cookies die je volgen",
        "Google Analytics",
        "laten wij nooit zien",
        "IP-adres",
    ]:
        assert text in html, text


@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en")])
def test_footer_links_to_the_pages_about_the_site(client, prefix, language):
    html = client.get(f"{prefix}/").content.decode()
    for path in ["/over/", "/toegankelijkheid/", "/privacy/"]:
        assert f'href="{prefix}{path}"' in html, path
    current = client.get(f"{prefix}/privacy/").content.decode()
    assert f'href="{prefix}/privacy/" aria-current="page"' in current

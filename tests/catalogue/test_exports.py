"""Take a search along: CSV export and Atom feed run the list's FilterSet, show only what is
published, never the contact e-mail, and answer bad input with a 400."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.catalogue.test_bad_input import NASTY, PARAMS
from tests.factories import (
    CaseFactory,
    DistrictFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from themes.models import Theme

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = "geheim@example.org"
INITIATIVE_HEADER = [
    "title",
    "summary",
    "description",
    "themes",
    "target_groups",
    "tags",
    "municipality",
    "district",
    "postcode",
    "latitude",
    "longitude",
    "start_year",
    "status",
    "organisation",
    "website",
    "werkgebied",
    "vulnerable",
    "help_wanted",
    "last_verified",
    "address",
    "schedule",
    "cost",
    "url",
    "updated_at",
]
CASE_HEADER = [
    "title",
    "summary",
    "themes",
    "target_groups",
    "tags",
    "municipality",
    "area_type",
    "year",
    "quality_level",
    "publication",
    "chapter",
    "url",
    "updated_at",
]


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    """The rows of an export as dicts, after checking the Excel-NL format."""
    assert response.status_code == 200
    data = content(response)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # CRLF, no bare LF here
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    return list(reader), reader.fieldnames


def feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(content(response))
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


@pytest.fixture
def catalogue():
    """Initiatives across two municipalities, themes, target groups, tags and states."""
    bonding = ThemeFactory(slug="bonding", name="Bonding", category=Theme.Category.CONNECTION)
    loneliness = ThemeFactory(slug="eenzaamheid", name="Eenzaamheid")
    elderly = TargetGroupFactory(slug="ouderen", name="Ouderen")
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht")
    elsewhere = MunicipalityFactory(code="GM0363", name="Amsterdam")
    start = timezone.now() - datetime.timedelta(days=30)
    for n in range(12):
        InitiativeFactory(
            title=f"Buurtinitiatief {n:02d}",
            email=SECRET,
            published_at=start + datetime.timedelta(hours=n),
            themes=[bonding] if n % 2 else [bonding, loneliness],
            target_groups=[elderly] if n % 3 == 0 else [],
            tags=["moestuin"] if n % 4 == 0 else ["koffie"],
            municipality=utrecht if n < 7 else elsewhere,
            status="actief" if n % 5 else "afgerond",
            vulnerable=n % 2 == 0,
            help_wanted=["vrijwilligers"] if n % 3 else [],
        )
    for trait in ("draft", "review", "archived"):
        InitiativeFactory(
            title=f"Verborgen {trait}",
            email=SECRET,
            themes=[bonding],
            municipality=utrecht,
            **{trait: True},
        )
    return {"utrecht": utrecht}


QUERIES = [
    "",
    "thema=bonding",
    "thema=eenzaamheid",
    "gemeente=GM0344",
    "thema=bonding&gemeente=GM0344&doelgroep=ouderen",
    "tag=moestuin&tag=koffie",
    "status=afgerond",
    "kwetsbaar=1&hulp=vrijwilligers",
    "sort=titel",
    "thema=eenzaamheid&gemeente=GM0363&status=actief",
    "q=buurtinitiatief",
]


@pytest.mark.parametrize("query", QUERIES)
def test_export_has_every_row_the_api_counts(client, settings, catalogue, query):
    settings.API_PAGE_SIZE = 2  # the API pages; the export must not
    api = client.get(f"/api/v1/initiatieven/?{query}").json()
    rows, _header = csv_rows(client.get(f"/initiatieven/export.csv?{query}"))
    assert len(rows) == api["count"]
    api_titles = []
    url = f"/api/v1/initiatieven/?{query}"
    while url:
        page = client.get(url).json()
        api_titles += [result["title"] for result in page["results"]]
        url = page["next"]
    assert [row["title"] for row in rows] == api_titles  # same rows, same order


def test_export_ignores_the_page_number(client, settings, catalogue):
    settings.LIST_PAGE_SIZE = settings.API_PAGE_SIZE = 2
    rows, _header = csv_rows(client.get("/initiatieven/export.csv?page=3"))
    assert len(rows) == 12


def test_export_is_a_dated_attachment_in_the_import_columns(client, catalogue):
    response = client.get("/initiatieven/export.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="initiatieven-{today}.csv"'
    rows, header = csv_rows(response)
    assert header == INITIATIVE_HEADER
    assert "email" not in header and "state" not in header


def test_export_values_use_the_import_format(client):
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht")
    district = DistrictFactory(code="WK034401", municipality=utrecht)
    InitiativeFactory(
        title="Buurtmoestuin, Overvecht",
        summary='Samen tuinieren; "elke" week.',
        themes=[ThemeFactory(slug="bonding"), ThemeFactory(slug="eenzaamheid")],
        target_groups=[TargetGroupFactory(slug="ouderen")],
        tags=["Moestuin", "Groen"],
        municipality=utrecht,
        district=district,
        postcode="3511 AB",
        latitude=52.09,
        longitude=5.12,
        start_year=2019,
        scope="wijk",
        vulnerable=True,
        help_wanted=["vrijwilligers", "geld"],
        last_verified=datetime.date(2024, 5, 1),
        website="https://example.org/tuin",
    )
    response = client.get("/initiatieven/export.csv")
    text = content(response).decode("utf-8-sig")
    assert '"bonding;eenzaamheid"' in text  # multi-valued cells are quoted: `;` separates
    [row], _header = csv_rows(client.get("/initiatieven/export.csv"))
    assert row["title"] == "Buurtmoestuin, Overvecht"
    assert row["summary"] == 'Samen tuinieren; "elke" week.'
    assert sorted(row["themes"].split(";")) == ["bonding", "eenzaamheid"]
    assert row["target_groups"] == "ouderen"
    assert sorted(row["tags"].split(";")) == ["Groen", "Moestuin"]
    assert (row["municipality"], row["district"]) == ("GM0344", "WK034401")
    assert (row["latitude"], row["longitude"]) == ("52.09", "5.12")
    assert row["start_year"] == "2019"
    assert (row["werkgebied"], row["vulnerable"]) == ("wijk", "ja")
    assert row["help_wanted"] == "vrijwilligers;geld"
    assert row["last_verified"] == "2024-05-01"
    assert row["url"] == "http://testserver/initiatieven/buurtmoestuin-overvecht/"
    assert row["updated_at"].startswith(timezone.localdate().isoformat())


def test_the_contact_email_is_nowhere(client, catalogue):
    exported = content(client.get("/initiatieven/export.csv")).decode("utf-8-sig")
    feed_xml = content(client.get("/feeds/initiatieven/")).decode()
    page = client.get("/initiatieven/").content.decode()
    for text in (exported, feed_xml, page):
        assert SECRET not in text
        assert "Buurtinitiatief 00" in text or "Buurtinitiatief 11" in text


def test_case_export_never_shows_a_publication_contact(client):
    publication = PublicationFactory(title="Wij in de Wijk 3", contact_email=SECRET)
    CaseFactory(title="De Buurtkamer", publication=publication, chapter="3")
    rows, header = csv_rows(client.get("/casussen/export.csv"))
    assert header == CASE_HEADER
    assert rows[0]["publication"] == "Wij in de Wijk 3" and rows[0]["chapter"] == "3"
    assert SECRET not in content(client.get("/casussen/export.csv")).decode("utf-8-sig")


@pytest.mark.parametrize("trait", ["draft", "review", "archived"])
def test_unpublished_items_are_in_no_export_or_feed(client, trait):
    theme = ThemeFactory(slug="bonding")
    hidden_publication = PublicationFactory(title="Verborgen publicatie", **{trait: True})
    InitiativeFactory(title="Zichtbaar initiatief", themes=[theme])
    InitiativeFactory(title="Verborgen initiatief", themes=[theme], **{trait: True})
    CaseFactory(title="Zichtbare casus", themes=[theme], publication=hidden_publication)
    CaseFactory(title="Verborgen casus", themes=[theme], **{trait: True})
    for url in (
        "/initiatieven/export.csv?thema=bonding",
        "/feeds/initiatieven/?thema=bonding",
        "/casussen/export.csv?thema=bonding",
        "/feeds/casussen/?thema=bonding",
    ):
        text = content(client.get(url)).decode("utf-8-sig")
        assert "Zichtba" in text, url
        assert "Verborgen" not in text, url  # nor an unpublished case's publication
    case_rows, _header = csv_rows(client.get("/casussen/export.csv"))
    assert [row["title"] for row in case_rows] == ["Zichtbare casus"]
    assert case_rows[0]["publication"] == ""


def test_formulas_are_neutralised_but_numbers_stay_numbers(client):
    InitiativeFactory(
        title='=HYPERLINK("http://evil.example","klik")',
        summary="+31 6 12345678",
        organisation="@SUM(A1:A2)",
        description="-2+3",
        tags=["=cmd"],
        latitude=-33.9,
        longitude=-5.5,
    )
    [row], _header = csv_rows(client.get("/initiatieven/export.csv"))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row["summary"] == "'+31 6 12345678"
    assert row["organisation"] == "'@SUM(A1:A2)"
    assert row["description"] == "'-2+3"
    assert row["tags"] == "'=cmd"
    assert (row["latitude"], row["longitude"]) == ("-33.9", "-5.5")


# Where a program may start a new cell when it splits a line of text, whatever we meant.
SEPARATORS = (",", ";", "\t", "\n", "\r")


def assert_every_cell_quoted_and_no_formula_anywhere(text):
    """OWASP's advice on CSV injection, seen as a program that reads the file naively would:
    every field in double quotes, and no piece that starts a formula, however it splits."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    quoted = io.StringIO()
    csv.writer(quoted, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)
    assert quoted.getvalue() == text
    for separator in SEPARATORS:
        for piece in text.split(separator):
            assert not piece.lstrip(' "\t\r\n').startswith(("=", "+", "-", "@")), piece


def test_no_cell_starts_a_formula_after_a_separator_either(client):
    InitiativeFactory(
        title='Koken, =HYPERLINK("http://evil.example","klik")',
        summary="Samen eten;+31 6 12345678\n@SUM(A1:A2)",
        organisation="Buurthuis\t-2+3",
        tags=["koffie, =cmd"],
    )
    CaseFactory(title="De Buurtkamer, =1+1", summary="Samen;@A1")

    response = client.get("/initiatieven/export.csv")
    text = content(response).decode("utf-8-sig")

    assert_every_cell_quoted_and_no_formula_anywhere(text)
    [row] = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    assert row["title"] == 'Koken, \'=HYPERLINK("http://evil.example","klik")'
    assert row["summary"] == "Samen eten;'+31 6 12345678\n'@SUM(A1:A2)"
    assert row["organisation"] == "Buurthuis\t'-2+3"
    assert row["tags"] == "koffie, '=cmd"
    cases = content(client.get("/casussen/export.csv")).decode("utf-8-sig")
    assert_every_cell_quoted_and_no_formula_anywhere(cases)


def test_feed_is_atom_with_the_newest_items_first(client, catalogue):
    root = feed(client.get("/feeds/initiatieven/?thema=bonding&gemeente=GM0344&page=2"))
    assert root.findtext(f"{ATOM}title") == "Initiatieven — Bonding, Utrecht"
    assert root.find(f"{ATOM}updated") is not None and root.find(f"{ATOM}id") is not None
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Wijkplatform"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/initiatieven/?thema=bonding&gemeente=GM0344"
    assert links["self"].startswith("http://testserver/feeds/initiatieven/?thema=bonding")
    items = entries(root)
    assert [e.findtext(f"{ATOM}title") for e in items] == [
        f"Buurtinitiatief {n:02d}" for n in range(6, -1, -1)
    ]
    first = items[0]
    assert first.find(f"{ATOM}link").get("href") == (
        "http://testserver/initiatieven/buurtinitiatief-06/"
    )
    assert first.findtext(f"{ATOM}summary") == "Neighbours meet every week over coffee."
    assert first.find(f"{ATOM}published") is not None
    assert first.find(f"{ATOM}updated") is not None and first.find(f"{ATOM}id") is not None
    published = [e.findtext(f"{ATOM}published") for e in items]
    assert published == sorted(published, reverse=True)


def test_feed_is_newest_first_even_when_the_page_sorts_by_title(client, catalogue):
    items = entries(feed(client.get("/feeds/initiatieven/?sort=titel")))
    assert items[0].findtext(f"{ATOM}title") == "Buurtinitiatief 11"


def test_feed_holds_at_most_fifty_items(client):
    theme = ThemeFactory()
    start = timezone.now() - datetime.timedelta(days=1)
    for n in range(55):
        InitiativeFactory(
            title=f"Nummer {n:02d}",
            themes=[theme],
            published_at=start + datetime.timedelta(minutes=n),
        )
    items = entries(feed(client.get("/feeds/initiatieven/")))
    assert [e.findtext(f"{ATOM}title") for e in items] == [
        f"Nummer {n:02d}" for n in range(54, 4, -1)
    ]


def test_case_feed(client):
    municipality = MunicipalityFactory(code="GM0344", name="Utrecht")
    CaseFactory(title="De <Buurtkamer>", summary="Koffie & thee", municipality=municipality)
    root = feed(client.get("/feeds/casussen/?gemeente=GM0344"))
    assert root.findtext(f"{ATOM}title") == "Casussen — Utrecht"
    [entry] = entries(root)
    assert entry.findtext(f"{ATOM}title") == "De <Buurtkamer>"
    # The summary is HTML in Atom: the plain text arrives escaped, not as markup.
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.findtext(f"{ATOM}summary") == "Koffie &amp; thee"
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/casussen/de-buurtkamer/"


def test_feed_title_names_the_search_but_not_how_it_is_ordered(client, catalogue):
    root = feed(client.get("/feeds/initiatieven/?q=koffie&letterlijk=1&sort=titel&status=afgerond"))
    assert root.findtext(f"{ATOM}title") == "Initiatieven — “koffie”, Afgerond"


def test_a_search_with_control_characters_still_gives_a_feed(client):
    CaseFactory(title="Koffie\x0bochtend", summary="Elke\x01 week")
    root = feed(client.get("/feeds/casussen/?q=koffie%01%0B"))
    assert root.findtext(f"{ATOM}title") == "Casussen — “koffie”"
    [entry] = entries(root)
    assert entry.findtext(f"{ATOM}title") == "Koffieochtend"


def test_feed_without_filters_is_named_for_the_list(client, catalogue):
    root = feed(client.get("/feeds/initiatieven/"))
    assert root.findtext(f"{ATOM}title") == "Initiatieven"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/initiatieven/"


EXPORTS = [
    "/initiatieven/export.csv",
    "/casussen/export.csv",
    "/feeds/initiatieven/",
    "/feeds/casussen/",
    "/en/initiatieven/export.csv",
]


@pytest.mark.parametrize("url", EXPORTS)
@pytest.mark.parametrize(
    "query", ["thema=bestaat-niet", "gemeente=GM9999", "sort=willekeurig", "tag=" + "a" * 200]
)
def test_invalid_input_is_a_plain_400(client, catalogue, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    expected = "This search does not work." if url.startswith("/en/") else "Deze zoekopdracht"
    assert response.content.decode().startswith(expected)


def test_the_400_is_dutch_and_names_the_problem(client, catalogue):
    text = client.get("/initiatieven/export.csv?thema=bestaat-niet&status=x").content.decode()
    assert text.startswith("Deze zoekopdracht werkt niet.")
    assert "Thema: Het thema “bestaat-niet” bestaat niet." in text
    assert "Status: " in text
    feed_text = client.get("/feeds/initiatieven/?thema=bestaat-niet").content.decode()
    assert "Het thema “bestaat-niet” bestaat niet." in feed_text


# The same nasty values and parameters as every other list endpoint.


@pytest.mark.parametrize("url", EXPORTS)
def test_no_value_gives_a_server_error(client, catalogue, url):
    # Every parameter on one catalogue: the failures are named together, not one per test.
    client.raise_request_exception = False
    failures = []
    for param in PARAMS:
        for value in NASTY:
            response = client.get(f"{url}?{param}={value}&{param}={value}")
            content(response)  # a streamed export fails, if at all, while it is read
            if response.status_code >= 500:
                failures.append((param, value[:40], response.status_code))
    assert failures == []


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        content(response)  # the rows are read while streaming
    assert response.status_code == 200
    return len(queries)


GROWING_EXPORTS = [
    "/initiatieven/export.csv?thema=bonding&doelgroep=ouderen",
    "/casussen/export.csv?thema=bonding",
    "/feeds/initiatieven/?thema=bonding",
    "/feeds/casussen/?thema=bonding",
]


def test_queries_do_not_grow_with_the_rows(client):
    """The export reads rows in chunks of 2000, so up to that size one chunk's queries hold.
    Every export is measured on the same growing catalogue."""
    theme = ThemeFactory(slug="bonding", name="Bonding")
    group = TargetGroupFactory(slug="ouderen")
    municipality = MunicipalityFactory()
    publication = PublicationFactory()

    def add(count):
        for n in range(count):
            InitiativeFactory(
                themes=[theme],
                target_groups=[group],
                tags=["moestuin", f"tag{n}"],
                municipality=municipality,
                district=DistrictFactory(municipality=municipality),
            )
            CaseFactory(
                themes=[theme],
                target_groups=[group],
                tags=["moestuin"],
                municipality=municipality,
                publication=publication,
            )

    add(5)
    small = {url: count_queries(client, url) for url in GROWING_EXPORTS}
    add(45)
    large = {url: count_queries(client, url) for url in GROWING_EXPORTS}
    print(f"queries: {large}")
    assert large == small
    assert {url: n for url, n in large.items() if n > 8} == {}


def test_list_pages_link_to_the_feed_and_the_export_with_the_query(client, catalogue):
    html = client.get("/initiatieven/?thema=bonding&gemeente=GM0344&page=1").content.decode()
    query = "?thema=bonding&amp;gemeente=GM0344"
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Initiatieven — Bonding, '
        f'Utrecht" href="/feeds/initiatieven/{query}">'
    ) in html
    assert f'href="/feeds/initiatieven/{query}" type="application/atom+xml"><span>Volg deze' in html
    assert f'href="/meldingen/initiatieven/{query}">Houd mij op de hoogte per e-mail' in html
    assert f'href="/initiatieven/export.csv{query}" type="text/csv">Download als CSV' in html
    cases = client.get("/casussen/").content.decode()
    assert 'href="/feeds/casussen/"' in cases and 'href="/casussen/export.csv"' in cases


def test_list_page_with_a_bad_filter_offers_no_broken_links(client, catalogue):
    html = client.get("/initiatieven/?thema=bestaat-niet").content.decode()
    assert "export.csv" not in html and "/feeds/" not in html

"""Importing initiatives: rows become initiatives with their links, re-imports change nothing,
a bad file changes nothing and every problem is named by row and column."""

import csv
import datetime
import io
import threading

import pytest
from django.core.management import call_command, execute_from_command_line
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag

from catalogue import imports as engine
from catalogue.models import CatalogueVersion, State
from initiatives import imports
from initiatives.models import Initiative
from places.models import Postcode
from tests.catalogue.test_submissions import initiative_data
from tests.commands import refused, run
from tests.commands import write_csv as write_rows
from tests.factories import (
    DistrictFactory,
    InitiativeFactory,
    MunicipalityFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# The documented columns (DESIGN.md); email and state may also be left out.
COLUMNS = [*imports.InitiativeImport.columns, "email", "state"]


def write_csv(tmp_path, rows, columns=None, name="data.csv"):
    """Write rows (dicts) under the documented header, or `columns`."""
    return write_rows(tmp_path, rows, columns or COLUMNS, name)


def snapshot():
    """Everything an initiative import may touch, to prove a refused import changed nothing."""
    return {
        "initiatives": sorted(
            Initiative.objects.values_list("slug", "title", "summary", "state", "updated_at")
        ),
        "themes": sorted(
            Initiative.themes.through.objects.values_list("initiative_id", "theme_id")
        ),
        "tags": sorted(Tag.objects.values_list("name", flat=True)),
    }


# --- Initiatives: the happy paths --------------------------------------------------------------


@pytest.fixture
def catalogue():
    """The themes, target group and places the sample rows refer to."""
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht")
    return {
        "bonding": ThemeFactory(name="Bonding", slug="bonding"),
        "loneliness": ThemeFactory(name="Eenzaamheid", slug="eenzaamheid"),
        "elderly": TargetGroupFactory(name="Ouderen", slug="ouderen"),
        "utrecht": utrecht,
        "west": DistrictFactory(code="WK034401", name="West", municipality=utrecht),
        "amsterdam": MunicipalityFactory(code="GM0363", name="Amsterdam"),
    }


def row(**values):
    """A valid initiative row; keyword arguments replace or add values."""
    base = {
        "title": "Buurtkamer Lombok",
        "summary": "Een huiskamer voor de buurt.",
        "description": "<p>Elke dag open.</p><script>alert(1)</script>",
        "themes": "bonding",
        "municipality": "GM0344",
        "latitude": "52.0907",
        "longitude": "5.1050",
        "state": "published",
    }
    return base | values


def test_initiatives_are_created_with_their_links(tmp_path, catalogue):
    path = write_csv(
        tmp_path,
        [
            row(
                themes="Bonding; EENZAAMHEID",
                target_groups="ouderen",
                tags="koffie;Ontmoeting;koffie",
                district="WK034401",
                postcode="3531ab",
                start_year="2019",
                status="afgerond",
                organisation="Bewoners Lombok",
                website="https://example.org/lombok",
                email="info@example.org",
            ),
            row(
                title="Samen eten",
                municipality="Amsterdam",
                state="",
                latitude="",
                longitude="",
                website="www.samen-eten.nl",
            ),
        ],
    )

    output = run("import_initiatives", path)

    assert "2 created, 0 updated, 0 unchanged" in output
    lombok = Initiative.objects.get(slug="buurtkamer-lombok")
    assert set(lombok.themes.all()) == {catalogue["bonding"], catalogue["loneliness"]}
    assert list(lombok.target_groups.all()) == [catalogue["elderly"]]
    assert sorted(lombok.tags.names()) == ["Ontmoeting", "koffie"]
    # Filters read the item's own copy of its links: the import keeps it current too.
    assert lombok.theme_ids == sorted(t.pk for t in lombok.themes.all())
    assert lombok.tag_ids == sorted(t.pk for t in lombok.tags.all())
    assert (lombok.municipality, lombok.district) == (catalogue["utrecht"], catalogue["west"])
    assert (lombok.postcode, lombok.start_year, lombok.status) == ("3531 AB", 2019, "afgerond")
    assert (lombok.latitude, lombok.longitude) == (52.0907, 5.105)
    assert lombok.description == "<p>Elke dag open.</p>"
    assert lombok.source == Initiative.Source.IMPORT
    assert lombok.state == State.PUBLISHED and lombok.published_at is not None
    meal = Initiative.objects.get(slug="samen-eten")
    assert meal.website == "https://www.samen-eten.nl"
    assert meal.municipality == catalogue["amsterdam"]
    assert meal.state == State.DRAFT and meal.published_at is None
    assert meal.latitude is None
    # Optional columns were absent, so the model defaults apply.
    assert (meal.scope, meal.vulnerable, meal.help_wanted, meal.last_verified) == (
        Initiative.Scope.NEIGHBOURHOOD,
        False,
        [],
        None,
    )


def test_optional_columns_are_read(tmp_path, catalogue):
    columns = [*COLUMNS, "werkgebied", "vulnerable", "help_wanted", "last_verified"]
    path = write_csv(
        tmp_path,
        [
            row(
                werkgebied="Online",
                vulnerable="ja",
                help_wanted="geld; Vrijwilligers",
                last_verified="31-03-2022",
            ),
            row(title="Tweede", vulnerable="0", last_verified="2024-01-15"),
        ],
        columns=columns,
    )

    run("import_initiatives", path)

    first = Initiative.objects.get(slug="buurtkamer-lombok")
    assert first.scope == Initiative.Scope.ONLINE
    assert first.vulnerable is True
    assert first.help_wanted == ["vrijwilligers", "geld"]
    assert first.last_verified == datetime.date(2022, 3, 31)
    first.help_wanted = ["geld", "vrijwilligers"]  # as an editor might have ticked them
    first.save()
    assert "0 created, 0 updated, 2 unchanged" in run("import_initiatives", path)
    second = Initiative.objects.get(slug="tweede")
    assert (second.scope, second.vulnerable) == (Initiative.Scope.NEIGHBOURHOOD, False)
    assert second.last_verified == datetime.date(2024, 1, 15)


def test_visiting_address_times_and_cost_are_read_and_kept_when_left_out(tmp_path, catalogue):
    """The Dutch headings an editor writes; a later file without the columns keeps them."""
    columns = [*COLUMNS, "bezoekadres", "wanneer", "kosten"]
    path = write_csv(
        tmp_path,
        [row(bezoekadres="Kanaalstraat 190", wanneer="Elke zaterdag 11-15 uur", kosten="Gratis")],
        columns=columns,
    )

    run("import_initiatives", path)

    lombok = Initiative.objects.get(slug="buurtkamer-lombok")
    assert (lombok.address, lombok.schedule, lombok.cost) == (
        "Kanaalstraat 190",
        "Elke zaterdag 11-15 uur",
        "Gratis",
    )
    output = run("import_initiatives", write_csv(tmp_path, [row()], name="without.csv"))
    assert "0 created, 0 updated, 1 unchanged" in output
    lombok.refresh_from_db()
    assert (lombok.address, lombok.cost) == ("Kanaalstraat 190", "Gratis")


def test_a_too_long_cost_is_named_by_its_column(tmp_path, catalogue):
    path = write_csv(tmp_path, [row(cost="x" * 201)], columns=[*COLUMNS, "cost"])

    problems = refused("import_initiatives", path)

    assert "row 2 (“Buurtkamer Lombok”), column cost:" in problems and "200" in problems


def test_a_district_alone_gives_the_municipality(tmp_path, catalogue):
    path = write_csv(tmp_path, [row(municipality="", district="WK034401")])

    run("import_initiatives", path)

    assert Initiative.objects.get().municipality == catalogue["utrecht"]


def test_reimporting_the_same_file_changes_nothing(tmp_path, catalogue):
    path = write_csv(
        tmp_path,
        [
            row(tags="koffie;ontmoeting", target_groups="ouderen", district="WK034401"),
            row(title="Samen eten", description='<a href="https://example.org">site</a>'),
        ],
    )
    run("import_initiatives", path)
    before = snapshot()
    published_at = Initiative.objects.get(slug="buurtkamer-lombok").published_at

    output = run("import_initiatives", path)

    assert "0 created, 0 updated, 2 unchanged" in output
    assert snapshot() == before  # updated_at included: unchanged rows are not saved
    assert Initiative.objects.get(slug="buurtkamer-lombok").published_at == published_at


def test_a_changed_row_updates_only_that_initiative(tmp_path, catalogue):
    run("import_initiatives", write_csv(tmp_path, [row(), row(title="Samen eten")]))
    stamps = dict(Initiative.objects.values_list("slug", "updated_at"))
    changed = write_csv(
        tmp_path,
        [row(themes="eenzaamheid", tags="nieuw"), row(title="Samen eten")],
        name="changed.csv",
    )

    output = run("import_initiatives", changed)

    assert "0 created, 1 updated, 1 unchanged" in output
    lombok = Initiative.objects.get(slug="buurtkamer-lombok")
    assert list(lombok.themes.all()) == [catalogue["loneliness"]]
    assert list(lombok.tags.names()) == ["nieuw"]
    assert lombok.updated_at > stamps["buurtkamer-lombok"]
    assert Initiative.objects.get(slug="samen-eten").updated_at == stamps["samen-eten"]


def test_dry_run_reports_but_changes_nothing(tmp_path, catalogue):
    InitiativeFactory(
        title="Buurtkamer Lombok", summary="Old summary", themes=[catalogue["bonding"]]
    )
    before = snapshot()
    path = write_csv(tmp_path, [row(tags="nieuw"), row(title="Samen eten")])

    output = run("import_initiatives", path, "--dry-run")

    assert "Dry run, nothing was saved" in output
    assert "would create 1, update 1, leave 0 unchanged" in output
    assert snapshot() == before


def test_a_utf8_bom_is_accepted(tmp_path, catalogue):
    path = write_csv(tmp_path, [row()])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    run("import_initiatives", path)

    assert Initiative.objects.filter(slug="buurtkamer-lombok").exists()


def test_progress_is_shown_on_a_terminal_only(tmp_path, catalogue, monkeypatch):
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 2)
    path = write_csv(tmp_path, [row(title=f"Initiatief {n}") for n in range(5)])

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal, log = Terminal(), io.StringIO()
    call_command("import_initiatives", str(path), stdout=io.StringIO(), stderr=terminal)
    call_command("import_initiatives", str(path), stdout=io.StringIO(), stderr=log)

    assert "4 rows read" in terminal.getvalue()
    assert log.getvalue() == ""


# --- Initiatives: every refusal changes nothing and says where ---------------------------------


LOMBOK = "row 3 (“Buurtkamer Lombok”), column"  # where a problem of the bad row is named


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (
            row(themes="bonding;onbekend"),
            f"{LOMBOK} themes: We do not know the theme “onbekend”. Choose a theme from the "
            "list: Bonding, Eenzaamheid.",
        ),
        (
            row(target_groups="kinderen"),
            f"{LOMBOK} target_groups: We do not know the target group “kinderen”. Choose a "
            "target group from the list: Ouderen.",
        ),
        (
            row(municipality="GM9999"),
            f"{LOMBOK} municipality: We do not know the municipality “GM9999”. Write the name "
            "of the municipality, such as Utrecht, or its CBS code, such as GM0344.",
        ),
        (
            row(municipality="Utreht"),
            f"{LOMBOK} municipality: We do not know the municipality “Utreht”. Did you mean "
            "“Utrecht”?",
        ),
        (
            row(municipality="GM0363", district="WK034401"),
            f"{LOMBOK} district: The district West (WK034401) lies in Utrecht, not in "
            "Amsterdam. Check the municipality and the district.",
        ),
        (
            row(district="WK999999"),
            f"{LOMBOK} district: We do not know the district “WK999999” in Utrecht. Choose a "
            "district of Utrecht: West.",
        ),
        (
            row(district="Wset"),
            f"{LOMBOK} district: We do not know the district “Wset” in Utrecht. Did you mean "
            "“West”?",
        ),
        (
            row(municipality="", district="West"),
            f"{LOMBOK} district: Also fill in the municipality, so that we know where the "
            "district “West” is.",
        ),
        (row(latitude="52.1.2"), f"{LOMBOK} latitude: “52.1.2” is not a number"),
        (row(latitude="95"), f"{LOMBOK} latitude: Ensure this value is less than or equal to 90."),
        (row(longitude=""), f"{LOMBOK} longitude: give both latitude and longitude, or neither"),
        (row(title=""), "row 3, column title: Fill in a title."),
        (
            row(summary=""),
            f"{LOMBOK} summary: Fill in a summary of at most 300 characters.",
        ),
        (
            row(summary="x" * 301),
            f"{LOMBOK} summary: The summary has 301 characters. Make it 300 characters at most.",
        ),
        (
            row(themes=""),
            f"{LOMBOK} themes: Choose at least one theme from the list: Bonding, Eenzaamheid.",
        ),
        (
            row(state="live"),
            f"{LOMBOK} state: We do not know the publishing state “live”. Choose draft, in "
            "review, published or archived, or leave it empty.",
        ),
        (
            row(status="klaar"),
            f"{LOMBOK} status: We do not know the status “klaar”. Choose active or finished, or "
            "leave it empty.",
        ),
        (
            row(start_year="twintig"),
            f"{LOMBOK} start_year: “twintig” is not a year we can use. Write a year from 1900 "
            "to 2100.",
        ),
        (row(start_year="1850"), f"{LOMBOK} start_year: “1850” is not a year we can use."),
        (
            row(website="not a url"),
            f"{LOMBOK} website: “not a url” is not a web address. Write it like www.example.org",
        ),
        (
            row(email="info@"),
            f"{LOMBOK} email: “info@” is not an e-mail address. Write it like name@example.org.",
        ),
        (
            row(postcode="35311"),
            f"{LOMBOK} postcode: “35311” is not a postcode. Write it like 3511 or 3511 AB.",
        ),
        (
            row(title="Eerste rij!"),
            "row 3 (“Eerste rij!”), column title: This title is (almost) the same as the title "
            "in row 2. Give each initiative a title of its own.",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_bad_row_changes_nothing_and_is_located(tmp_path, catalogue, bad_row, expected):
    InitiativeFactory(title="Bestaand", themes=[catalogue["bonding"]])
    before = snapshot()
    path = write_csv(tmp_path, [row(title="Eerste rij", tags="nieuw"), bad_row])

    message = refused("import_initiatives", path)

    assert expected in message
    assert "nothing was changed" in message
    assert snapshot() == before


def test_optional_column_errors_are_located(tmp_path, catalogue):
    columns = [*COLUMNS, "werkgebied", "vulnerable", "help_wanted", "last_verified"]
    path = write_csv(
        tmp_path,
        [
            row(
                werkgebied="wereld",
                vulnerable="misschien",
                help_wanted="geld;koekjes",
                last_verified="31 maart 2022",
            )
        ],
        columns=columns,
    )

    message = refused("import_initiatives", path)

    lombok = "row 2 (“Buurtkamer Lombok”), column"
    assert (
        f"{lombok} werkgebied: We do not know the area of work “wereld”. Choose neighbourhood, "
        "district, municipality, region, nationwide or online, or leave it empty."
    ) in message
    assert (
        f"{lombok} vulnerable: “misschien” is not yes or no. Fill in ja or nee, or leave it empty."
    ) in message
    assert (
        f"{lombok} help_wanted: We do not know the kind of help “koekjes”. Choose one or more "
        "of volunteers, a place to meet, money or expertise, or leave it empty."
    ) in message
    assert (
        f"{lombok} last_verified: “31 maart 2022” is not a date we can read. Write the day, "
        "month and year, such as 31-03-2025, or leave it empty."
    ) in message
    assert not Initiative.objects.exists()


def test_every_bad_row_is_reported_not_just_the_first(tmp_path, catalogue):
    path = write_csv(
        tmp_path,
        [row(title="Goed"), row(title="Een", themes="x"), row(title="Twee", municipality="y")],
    )

    message = refused("import_initiatives", path)

    assert "fix 2 problems" in message
    assert "row 3 (“Een”), column themes" in message
    assert "row 4 (“Twee”), column municipality" in message


def test_a_long_list_of_problems_is_capped(tmp_path, catalogue):
    path = write_csv(tmp_path, [row(title=f"Rij {n}", themes="x") for n in range(60)])

    message = refused("import_initiatives", path)

    assert "row 51 (“Rij 49”), column themes" in message
    assert "row 52" not in message
    assert "… and 10 more problems" in message


def test_rows_already_written_in_earlier_batches_are_rolled_back(tmp_path, catalogue, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    rows = [row(title=f"Rij {n}") for n in range(4)] + [row(title="Fout", latitude="x")]
    path = write_csv(tmp_path, rows)

    message = refused("import_initiatives", path)

    assert "row 6 (“Fout”), column latitude" in message
    assert not Initiative.objects.exists()


def test_a_wrong_header_is_refused(tmp_path, catalogue):
    columns = [name for name in COLUMNS if name != "summary"] + ["sumary", "kleur"]
    path = write_csv(tmp_path, [{"title": "Buurtkamer"}], columns=columns)

    message = refused("import_initiatives", path)

    assert "row 1: We do not know the column “sumary”. Did you mean “summary”?" in message
    assert "row 1: We do not know the column “kleur”. The columns are: title, summary," in message
    # The file names its columns in English, so the missing one is named in English too.
    assert "row 1: These columns are missing in the first row: summary. Add them." in message
    assert not Initiative.objects.exists()


# --- Dutch headings and values, and problems a person can act on -------------------------------

# The Dutch headings, written as people do: capitals, a curly apostrophe, a singular.
DUTCH = {
    "title": "Titel",
    "summary": "SAMENVATTING",
    "description": "Beschrijving",
    "themes": "Thema’s",
    "target_groups": "doelgroep",
    "tags": "Trefwoorden",
    "municipality": "Gemeente",
    "district": "Wijk",
    "postcode": "Postcode",
    "latitude": "Breedtegraad",
    "longitude": "Lengtegraad",
    "start_year": "Startjaar",
    "status": "Status",
    "organisation": "Organisatie",
    "website": "Website",
    "email": "E-mail",
    "state": "Publicatiestatus",
    "werkgebied": "Werkgebied",
    "vulnerable": "Kwetsbaar",
    "help_wanted": "Hulp gezocht",
    "last_verified": "Laatst gecontroleerd",
}


def write_dutch_csv(tmp_path, rows):
    """Write rows (dicts by column name) under Dutch headings, separated by semicolons."""
    path = tmp_path / "nederlands.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(DUTCH.values())
        writer.writerows([values.get(column, "") for column in DUTCH] for values in rows)
    return path


def test_dutch_headings_and_the_names_editors_see_are_read(tmp_path, catalogue):
    path = write_dutch_csv(
        tmp_path,
        [
            row(
                themes="bonding; EENZAAMHEID",
                target_groups="ouderen",
                municipality="utrecht",
                district="west",
                latitude="",
                longitude="",
                status="Afgerond",
                state="Gepubliceerd",
                werkgebied="Wijk",
                vulnerable="Ja",
                help_wanted="Vrijwilligers; ruimte",
                last_verified="31-3-2022",
            )
        ],
    )

    assert "1 created" in run("import_initiatives", path)

    lombok = Initiative.objects.get()
    assert set(lombok.themes.all()) == {catalogue["bonding"], catalogue["loneliness"]}
    assert list(lombok.target_groups.all()) == [catalogue["elderly"]]
    assert (lombok.municipality, lombok.district) == (catalogue["utrecht"], catalogue["west"])
    assert (lombok.status, lombok.state, lombok.scope) == ("afgerond", "published", "wijk")
    assert lombok.vulnerable is True
    assert lombok.help_wanted == ["vrijwilligers", "ruimte"]
    assert lombok.last_verified == datetime.date(2022, 3, 31)
    assert "0 created, 0 updated, 1 unchanged" in run("import_initiatives", path)


def test_a_problem_names_the_row_its_title_and_the_column_as_the_file_does(tmp_path, catalogue):
    path = write_dutch_csv(
        tmp_path, [row(title="Samen eten"), row(title="Buurtkeuken De Pan", themes="Bondig")]
    )

    with translation.override("nl"), path.open("rb") as file:
        with pytest.raises(engine.ImportFailed) as failure:
            imports.import_initiatives(file)
        lines = failure.value.lines()

    assert lines == [
        "Rij 3 (“Buurtkeuken De Pan”), kolom “Thema’s”: Thema “Bondig” kennen we niet. Bedoel je "
        "“Bonding”? Kies een thema uit de lijst: Bonding, Eenzaamheid."
    ]
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Tema's", "Rij 1: Kolom “Tema's” kennen we niet. Bedoel je “thema's”?"),
        ("Kleur", "Rij 1: Kolom “Kleur” kennen we niet. De kolommen zijn: titel, samenvatting,"),
        ("Title", "Rij 1: De kolom “Title” staat er twee keer in (ook als “Titel”). Haal er één"),
        (" ", "Rij 1: Kolom Q heeft geen naam. Geef de kolom een naam uit de lijst van kolommen"),
    ],
)
def test_a_heading_we_do_not_know_is_named_with_what_was_meant(
    tmp_path, catalogue, heading, expected
):
    path = write_dutch_csv(tmp_path, [row()])
    path.write_text(path.read_text().replace("Publicatiestatus", heading))

    with translation.override("nl"), path.open("rb") as file:
        with pytest.raises(engine.ImportFailed) as failure:
            imports.import_initiatives(file)
        lines = failure.value.lines()

    assert lines[0].startswith(expected)
    assert not Initiative.objects.exists()


def test_an_export_imports_again_unchanged(client, tmp_path, catalogue):
    """What /initiatieven/export.csv writes (semicolons, BOM, no e-mail column, url and
    updated_at, guarded formulas) is what import_initiatives reads."""
    from tests.factories import InitiativeFactory, ThemeFactory

    theme = ThemeFactory(slug="armoede", name="Armoede")
    InitiativeFactory(
        title="Samen eten",
        summary="=Koken; met buren, @thuis",
        themes=[theme],
        tags=["Koken"],
        help_wanted=["geld", "ruimte"],
        vulnerable=True,
    )
    path = tmp_path / "export.csv"
    path.write_bytes(b"".join(client.get("/initiatieven/export.csv").streaming_content))
    Initiative.objects.all().delete()

    run("import_initiatives", path)

    initiative = Initiative.objects.get()
    assert (initiative.title, initiative.summary) == ("Samen eten", "=Koken; met buren, @thuis")
    assert [t.slug for t in initiative.themes.all()] == ["armoede"]
    assert [t.name for t in initiative.tags.all()] == ["Koken"]
    assert (initiative.help_wanted, initiative.vulnerable) == (["ruimte", "geld"], True)
    assert "unchanged" in run("import_initiatives", path)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    assert "row 1: The file is empty. The first row must name the columns: titel," in refused(
        "import_initiatives", path
    )


def test_a_wrong_number_of_values_is_refused(tmp_path, catalogue):
    path = write_csv(tmp_path, [row()])
    with path.open("a", encoding="utf-8") as file:
        file.write("Te kort,samenvatting\n")
        file.write("Te lang" + "," * len(COLUMNS) + "\n")

    message = refused("import_initiatives", path)

    assert "row 3 (“Te kort”), column description: the row ends early: 2 values" in message
    assert "row 4 (“Te lang”): 18 values where the header has 17 columns" in message
    assert not Initiative.objects.exists()


def test_bytes_that_are_not_utf8_are_refused(tmp_path, catalogue):
    path = write_csv(tmp_path, [row(), row(title="Caf\u00e9 de Buurt")])
    path.write_bytes(path.read_bytes().replace("é".encode(), "é".encode("latin-1")))

    message = refused("import_initiatives", path)

    assert "column title: This contains characters we cannot read." in message
    assert "row 3 (“Caf\ufffd de Buurt”), column title" in message
    assert not Initiative.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    message = refused("import_initiatives", tmp_path / "nowhere.csv")

    assert "Cannot read" in message and "nowhere.csv" in message


def test_a_refused_import_exits_with_a_non_zero_status(tmp_path, catalogue, capsys, monkeypatch):
    path = write_csv(tmp_path, [row(themes="onbekend")])
    # manage.py closes every connection on the way out, which would take the test's with it.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "import_initiatives", str(path)])

    assert exit_.value.code != 0
    assert "row 2 (“Buurtkamer Lombok”), column themes" in capsys.readouterr().err
    assert not Initiative.objects.exists()


def test_stray_quotes_and_nul_characters_are_refused(tmp_path, catalogue):
    path = write_csv(tmp_path, [row(), row(title="Tweede"), row(title="Derde")])
    data = path.read_bytes().replace(b"Tweede", b'"Twee"de').replace(b"Derde", b"Der\x00de")
    path.write_bytes(data)

    message = refused("import_initiatives", path)

    assert "row 3: this is not valid CSV" in message
    assert "row 4 (“Derde”), column title: contains a NUL character" in message
    assert not Initiative.objects.exists()


def test_large_files_are_written_in_batches(tmp_path, catalogue, monkeypatch):
    """Streaming: rows are written per batch as the file is read, not all at the end."""
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    sizes = []
    write = imports.InitiativeImport.write

    def recording_write(self, batch):
        sizes.append(len(batch))
        write(self, batch)

    monkeypatch.setattr(imports.InitiativeImport, "write", recording_write)
    path = write_csv(tmp_path, [row(title=f"Rij {n}") for n in range(5)])

    run("import_initiatives", path)

    assert sizes == [2, 2, 1]
    assert Initiative.objects.count() == 5


def test_imported_initiatives_are_found_by_search(client, tmp_path):
    from tests.factories import MunicipalityFactory, ThemeFactory

    ThemeFactory(slug="bonding", name="Bonding")
    MunicipalityFactory(code="GM0344", name="Utrecht")
    path = tmp_path / "search.csv"
    path.write_text(
        "title,summary,description,themes,target_groups,tags,municipality,district,postcode,"
        "latitude,longitude,start_year,status,organisation,website,email,state\n"
        "Zonnebloemcafé,Koffie met buren,,bonding,,Breien,GM0344,,,,,,actief,,,,published\n",
        encoding="utf-8",
    )
    call_command("import_initiatives", str(path), stdout=io.StringIO())
    for query in ("zonnebloemcafe", "breien"):
        titles = [
            r["title"] for r in client.get("/api/v1/initiatieven/", {"q": query}).json()["results"]
        ]
        assert titles == ["Zonnebloemcafé"], query


# --- Points from postcodes -------------------------------------------------------------------


def test_a_row_without_a_point_gets_its_postcodes_centre(tmp_path, catalogue):
    Postcode.objects.create(postcode="3531", latitude=52.09, longitude=5.10)
    path = write_csv(
        tmp_path,
        [
            row(title="Zonder punt", postcode="3531 AB", latitude="", longitude=""),
            row(title="Met punt", postcode="3531", latitude="52.2", longitude="5.2"),
            row(title="Onbekende postcode", postcode="9999", latitude="", longitude=""),
        ],
        columns=[*COLUMNS, "werkgebied"],
    )
    run("import_initiatives", path)
    points = dict(Initiative.objects.values_list("title", "latitude"))
    assert points == {"Zonder punt": 52.09, "Met punt": 52.2, "Onbekende postcode": None}
    assert "0 created, 0 updated, 3 unchanged" in run("import_initiatives", path)


def test_an_online_initiative_gets_no_point_from_its_postcode(tmp_path, catalogue):
    Postcode.objects.create(postcode="3531", latitude=52.09, longitude=5.10)
    path = write_csv(
        tmp_path,
        [row(postcode="3531", latitude="", longitude="", werkgebied="online")],
        columns=[*COLUMNS, "werkgebied"],
    )
    run("import_initiatives", path)
    assert Initiative.objects.get().latitude is None


# --- A dry run (the admin's preview) beside the public site ------------------------------------


def propose_while_importing(tmp_path, catalogue, monkeypatch, *, dry_run):
    """Import three rows, one per batch; while row 3 is read, with the import's transaction
    open and row 2 written, a resident proposes an initiative from another connection.
    Returns what the resident got (and whether they waited 5 s), and the import's report."""
    monkeypatch.setattr(engine, "BATCH_SIZE", 1)  # row 2 is written before row 3 is read
    rows = [row(title=f"Initiatief {n}", tags=f"nieuw {n}") for n in range(3)]
    path = write_csv(tmp_path, rows)
    proposal, residents = {}, []

    def propose():
        data = initiative_data(catalogue["bonding"], catalogue["utrecht"])
        proposal["status"] = Client().post(reverse("initiatives:submit"), data).status_code
        connection.close()  # this thread's own connection

    def reader(file, problems):
        for number, values, bad in engine.CsvRecords(file, problems):
            if number == 3:  # the import's transaction is open and has done its work on row 2
                residents.append(threading.Thread(target=propose))
                residents[0].start()
                residents[0].join(timeout=5)
                proposal["waited"] = residents[0].is_alive()
            yield number, values, bad

    with path.open("rb") as file:
        report = imports.import_initiatives(file, dry_run=dry_run, reader=reader)
    residents[0].join()
    return proposal, report


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_holds_no_lock_that_a_residents_proposal_needs(tmp_path, catalogue, monkeypatch):
    """A preview of a long file takes seconds; residents must not wait for it meanwhile."""
    proposal, report = propose_while_importing(tmp_path, catalogue, monkeypatch, dry_run=True)

    assert proposal == {"waited": False, "status": 302}
    assert report.created == 3
    assert list(Initiative.objects.values_list("title", flat=True)) == ["Buurtsoep Lombok"]


@pytest.mark.django_db(transaction=True)
def test_an_import_holds_no_lock_that_a_residents_proposal_needs(tmp_path, catalogue, monkeypatch):
    """Nor for an import itself: every saved item steps the catalogue version, and as a row
    that version stayed locked until the import ended (a long one outlasts the server's time
    for a request, and the resident's proposal was lost)."""
    version = CatalogueVersion.current()
    proposal, report = propose_while_importing(tmp_path, catalogue, monkeypatch, dry_run=False)

    assert proposal == {"waited": False, "status": 302}
    assert report.created == 3
    assert Initiative.objects.count() == 4  # the three and the proposal
    assert CatalogueVersion.current() > version  # cached pages and counts expired

"""Import and export of initiatives in the admin: preview, all-or-nothing, permissions, files.

The admin speaks Dutch (its addresses have no language prefix), so expected texts are the
Dutch of their msgids, looked up with `nl()`.
"""

import csv
import io
import re
import tempfile
import zipfile
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from catalogue.models import State
from initiatives import admin_import, imports, resources
from initiatives.models import Initiative
from tests.catalogue.test_exports import assert_every_cell_quoted_and_no_formula_anywhere
from tests.commands import run
from tests.factories import (
    InitiativeFactory,
    MunicipalityFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/initiatives/initiative/import/"
CONFIRM_URL = "/admin/initiatives/initiative/process_import/"
EXPORT_URL = "/admin/initiatives/initiative/export/"
CHANGELIST_URL = "/admin/initiatives/initiative/"
COLUMNS = [
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
    "email",
    "state",
]


def nl(text, **params):
    """The Dutch the admin shows for an English msgid (with its %-parameters filled in)."""
    with translation.override("nl"):
        text = translation.gettext(str(text))
    return text % params if params else text


def staff_client(*codenames):
    """A logged-in staff member with exactly these initiative permissions (no superuser)."""
    user = User.objects.create_user(f"editor-{'-'.join(codenames)}", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="initiatives", codename__in=codenames)
    )
    client = Client()
    client.force_login(user)
    return client


EDITOR = ("view_initiative", "add_initiative", "change_initiative")
FINAL_EDITOR = (*EDITOR, "publish_initiative")


@pytest.fixture
def editor():
    """A Redacteur: may create and change initiatives, not publish them."""
    return staff_client(*EDITOR)


@pytest.fixture
def final_editor():
    """An Eindredacteur: may also publish, unpublish and archive."""
    return staff_client(*FINAL_EDITOR)


@pytest.fixture
def catalogue():
    return {
        "bonding": ThemeFactory(name="Bonding", slug="bonding"),
        "elderly": TargetGroupFactory(name="Ouderen", slug="ouderen"),
        "utrecht": MunicipalityFactory(code="GM0344", name="Utrecht"),
    }


def row(**values):
    base = {
        "title": "Buurtkamer Lombok",
        "summary": "Een huiskamer voor de buurt.",
        "themes": "bonding",
        "municipality": "GM0344",
        "state": "draft",
    }
    return base | values


def csv_upload(rows, columns=COLUMNS, name="initiatieven.csv"):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, restval="", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(), content_type="text/csv")


def xlsx_upload(rows, columns=COLUMNS, name="initiatieven.xlsx"):
    """An Excel workbook as Excel writes one: numbers as numbers, empty cells left out."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for values in rows:
        sheet.append([values.get(column) for column in columns])
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def upload(client, file):
    return client.post(IMPORT_URL, {"import_file": file, "resource": "0"})


def confirm(client, preview):
    """Press "Confirm import" on a preview page."""
    form = preview.context["confirm_form"]
    return client.post(CONFIRM_URL, {name: form[name].value() for name in form.fields})


def preview_rows(response):
    """(row, outcome, title, details) per row of the preview table, as text; the outcome is
    the row's class: new, update, skip (unchanged) or invalid."""
    page = response.content.decode()
    table = page[page.index('<table class="import-preview">') :]
    table = table[: table.index("</table>")]
    rows = []
    for kind, tr in re.findall(r'<tr class="(\w+)[^"]*">(.*?)</tr>', table, re.S):
        number, _outcome, title, details = (
            unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip())
            for cell in re.findall(r"<td>(.*?)</td>", tr, re.S)
        )
        rows.append((number, kind, title, details))
    return rows


def form_errors(response):
    with translation.override("nl"):
        return [str(error) for error in response.context["form"].errors.get("import_file", [])]


def confirm_button(response):
    return nl("Import these rows") in response.content.decode()


# --- Preview and confirm --------------------------------------------------------------------


def test_the_preview_shows_new_changed_and_unchanged_rows_and_saves_nothing(editor, catalogue):
    InitiativeFactory(
        title="Buurtkamer Lombok",
        summary="Een huiskamer voor de buurt.",
        themes=[catalogue["bonding"]],
        municipality=catalogue["utrecht"],
        draft=True,
    )
    InitiativeFactory(
        title="Samen eten",
        summary="Oud.",
        themes=[catalogue["bonding"]],
        municipality=catalogue["utrecht"],
        draft=True,
    )
    rows = [
        row(),
        row(title="Samen eten", summary="Elke vrijdag samen koken.", target_groups="Ouderen"),
        row(title="Repair café", tags="repareren"),
    ]

    response = upload(editor, csv_upload(rows))

    assert response.status_code == 200
    assert preview_rows(response) == [
        ("2", "skip", "Buurtkamer Lombok", ""),
        ("3", "update", "Samen eten", nl("Changed columns:") + " summary, target_groups"),
        ("4", "new", "Repair café", ""),
    ]
    html = response.content.decode()
    assert f"<td>{nl('Unchanged')}</td>" in html and f"<td>{nl('New')}</td>" in html
    assert confirm_button(response)
    assert Initiative.objects.get(slug="samen-eten").summary == "Oud."
    assert not Initiative.objects.filter(slug="repair-cafe").exists()


def test_confirming_imports_every_row(editor, catalogue):
    rows = [row(), row(title="Repair café", tags="repareren; fietsen", target_groups="ouderen")]
    preview = upload(editor, csv_upload(rows))

    response = confirm(editor, preview)

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST_URL
    cafe = Initiative.objects.get(slug="repair-cafe")
    assert sorted(cafe.tags.names()) == ["fietsen", "repareren"]
    assert list(cafe.target_groups.all()) == [catalogue["elderly"]]
    assert cafe.source == Initiative.Source.IMPORT
    assert Initiative.objects.count() == 2
    page = editor.get(CHANGELIST_URL).content.decode()
    summary = nl(
        "%(rows)s rows imported: %(created)s created, %(updated)s updated, "
        "%(unchanged)s unchanged.",
        rows=2,
        created=2,
        updated=0,
        unchanged=0,
    )
    assert summary in page
    logged = LogEntry.objects.filter(object_id=str(cafe.pk)).get()
    assert logged.change_message == nl("Added by an import.")


def test_one_bad_row_imports_nothing_and_is_named(editor, catalogue):
    rows = [
        row(),
        row(title="Samen eten", themes="bonding; onbekend"),
        row(title="Repair café", start_year="twintig"),
    ]

    response = upload(editor, csv_upload(rows))

    # Each refused row is named by its number and its title, and says what to do instead.
    assert preview_rows(response) == [
        ("2", "new", "Buurtkamer Lombok", ""),
        (
            "3",
            "invalid",
            "Samen eten",
            "Kolom “themes”: Thema “onbekend” kennen we niet. Kies een thema uit de lijst: "
            "Bonding.",
        ),
        (
            "4",
            "invalid",
            "Repair café",
            "Kolom “start_year”: “twintig” kunnen we niet gebruiken als jaar. Schrijf een jaar "
            "van 1900 tot en met 2100.",
        ),
    ]
    assert nl("Nothing was imported") in response.content.decode()
    assert not confirm_button(response)
    assert not Initiative.objects.exists()
    # Nobody can confirm it, so the upload (contact addresses and all) is not kept.
    stored = response.context["form"].cleaned_data["import_file"].tmp_storage_name
    assert not (Path(tempfile.gettempdir()) / stored).exists()


def test_a_row_that_went_wrong_since_the_preview_stops_the_whole_import(editor, catalogue):
    preview = upload(editor, csv_upload([row(title="Samen eten")]))
    catalogue["bonding"].delete()  # someone else removed the theme meanwhile

    response = confirm(editor, preview)

    assert response.status_code == 200
    assert [line[:2] for line in preview_rows(response)] == [("2", "invalid")]
    assert nl("Nothing was imported") in response.content.decode()
    assert not confirm_button(response)
    assert not Initiative.objects.exists()


def test_a_confirmed_upload_cannot_be_imported_twice(editor, catalogue):
    preview = upload(editor, csv_upload([row()]))
    confirm(editor, preview)

    again = confirm(editor, preview)

    assert again.status_code == 302
    assert again["Location"] == IMPORT_URL
    expired = nl("This upload was already imported or has expired. Upload the file again.")
    assert expired in editor.get(IMPORT_URL).content.decode()
    assert Initiative.objects.count() == 1


# --- The confirm step reads only the upload it previewed -----------------------------------

NOT_YOURS = "This upload is not yours, was changed or has expired. Upload the file again."


@pytest.fixture
def stray_file():
    """Someone else's file in the server's temporary folder, where uploads wait for confirming."""
    with tempfile.NamedTemporaryFile("w", prefix="wijk-stray-", delete=False) as file:
        file.write("db_password=hunter2\n")
    path = Path(file.name)
    yield path
    path.unlink(missing_ok=True)


def confirm_with(client, preview, **changes):
    """Press "Confirm import" after changing hidden fields of the preview's form."""
    form = preview.context["confirm_form"]
    return client.post(CONFIRM_URL, {name: form[name].value() for name in form.fields} | changes)


def test_the_preview_shows_no_server_path(editor, catalogue):
    preview = upload(editor, csv_upload([row()]))

    assert confirm_button(preview)
    assert tempfile.gettempdir() not in preview.content.decode()


def test_the_confirm_step_reads_no_file_the_browser_names(editor, catalogue, stray_file):
    preview = upload(editor, csv_upload([row()]))
    token = preview.context["confirm_form"]["import_file_name"].value()
    forged = stray_file.name + token[token.find(":") :]  # the signature of another name

    for name in (str(stray_file), stray_file.name, forged):
        response = confirm_with(editor, preview, import_file_name=name)

        assert response.status_code == 200
        html = response.content.decode()
        assert nl(NOT_YOURS) in html
        assert "hunter2" not in html
        assert not confirm_button(response)
    assert stray_file.read_text() == "db_password=hunter2\n"
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("field", ["format", "resource"])
def test_other_changed_hidden_fields_get_an_answer_too(editor, catalogue, field):
    preview = upload(editor, csv_upload([row()]))

    response = confirm_with(editor, preview, **{field: "9"})

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Initiative.objects.exists()


def test_another_editors_upload_cannot_be_confirmed(editor, catalogue):
    preview = upload(editor, csv_upload([row()]))

    response = confirm(staff_client(*FINAL_EDITOR), preview)

    assert nl(NOT_YOURS) in response.content.decode()
    assert not Initiative.objects.exists()
    assert confirm(editor, preview).status_code == 302  # still there for the one who uploaded it
    assert Initiative.objects.count() == 1


def test_an_excel_workbook_is_imported_by_the_same_rules(editor, catalogue):
    rows = [
        row(start_year=2019, latitude=52.0907, longitude=5.105, postcode="3531ab"),
        row(title="Samen eten", themes="Bonding", start_year=2021.0),
    ]

    preview = upload(editor, xlsx_upload(rows))

    assert [line[:3] for line in preview_rows(preview)] == [
        ("2", "new", "Buurtkamer Lombok"),
        ("3", "new", "Samen eten"),
    ]
    confirm(editor, preview)
    lombok = Initiative.objects.get(slug="buurtkamer-lombok")
    assert (lombok.start_year, lombok.latitude, lombok.postcode) == (2019, 52.0907, "3531 AB")
    assert Initiative.objects.get(slug="samen-eten").start_year == 2021


def test_a_bad_excel_row_is_named_by_its_excel_row_number(editor, catalogue):
    rows = [row(), {}, row(title="Samen eten", municipality="Nergenshuizen")]

    response = upload(editor, xlsx_upload(rows))

    assert preview_rows(response)[1][:3] == ("4", "invalid", "Samen eten")
    assert "“Nergenshuizen”" in preview_rows(response)[1][3]
    assert not Initiative.objects.exists()


# --- Permissions ----------------------------------------------------------------------------


def test_an_editor_without_the_publish_permission_cannot_publish_by_import(editor, catalogue):
    InitiativeFactory(title="Samen eten", themes=[catalogue["bonding"]], draft=True)
    rows = [
        row(state="published"),
        row(title="Samen eten", state="archived"),
        row(title="Repair café", state="review"),
    ]

    response = upload(editor, csv_upload(rows))

    reason = (
        "Kolom “state”: Je mag initiatieven niet publiceren, offline halen of archiveren. Kies "
        "“concept” of “ter beoordeling”, of laat de publicatiestatus zoals die is."
    )
    assert preview_rows(response) == [
        ("2", "invalid", "Buurtkamer Lombok", reason),
        ("3", "invalid", "Samen eten", reason),
        ("4", "new", "Repair café", ""),
    ]
    assert not confirm_button(response)
    assert Initiative.objects.get(slug="samen-eten").state == State.DRAFT


def test_an_editor_cannot_unpublish_but_may_leave_published_rows_as_they_are(editor, catalogue):
    kwargs = {"themes": [catalogue["bonding"]], "municipality": catalogue["utrecht"]}
    InitiativeFactory(title="Buurtkamer Lombok", summary="Een huiskamer voor de buurt.", **kwargs)
    InitiativeFactory(title="Samen eten", summary="Koken.", **kwargs)
    rows = [row(state="published"), row(title="Samen eten", summary="Koken.", state="draft")]

    response = upload(editor, csv_upload(rows))

    assert [line[:2] for line in preview_rows(response)] == [("2", "skip"), ("3", "invalid")]


def test_a_final_editor_may_publish_by_import(final_editor, catalogue):
    preview = upload(final_editor, csv_upload([row(state="published")]))

    confirm(final_editor, preview)

    initiative = Initiative.objects.get()
    assert initiative.state == State.PUBLISHED and initiative.published_at is not None


@pytest.mark.parametrize("codenames", [("view_initiative", "change_initiative"), EDITOR[:2]])
def test_importing_needs_the_add_and_change_permissions(codenames, catalogue):
    client = staff_client(*codenames)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"import_file": csv_upload([row()])}).status_code == 403
    assert IMPORT_URL not in client.get(CHANGELIST_URL).content.decode()
    assert not Initiative.objects.exists()


def test_exporting_needs_the_view_permission(catalogue):
    InitiativeFactory(email="geheim@example.org")
    client = staff_client("view_theme")

    response = client.post(EXPORT_URL, {"format": "0", "resource": "0"})

    assert response.status_code == 403
    assert b"geheim@example.org" not in response.content


# --- Export ---------------------------------------------------------------------------------


def export(client, query="", file_format="0"):
    return client.post(f"{EXPORT_URL}{query}", {"format": file_format, "resource": "0"})


def csv_rows(response):
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_changelist_has_import_and_export_buttons_that_keep_the_filters(editor):
    html = editor.get(f"{CHANGELIST_URL}?state__exact=draft&q=eten").content.decode()

    assert re.search(f"""href=['"]{IMPORT_URL}['"]""", html)
    assert f'href="{EXPORT_URL}?q=eten&amp;state__exact=draft"' in html


def test_the_export_holds_exactly_the_filtered_and_searched_rows(editor, catalogue):
    kwargs = {"themes": [catalogue["bonding"]], "municipality": catalogue["utrecht"]}
    InitiativeFactory(title="Samen eten", draft=True, email="eten@example.org", **kwargs)
    InitiativeFactory(title="Samen eten op vrijdag", **kwargs)  # published: filtered out
    InitiativeFactory(title="Repair café", draft=True, **kwargs)  # not found by the search

    response = export(editor, "?state__exact=draft&q=eten")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="initiatieven-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    rows = csv_rows(response)
    assert [r["title"] for r in rows] == ["Samen eten"]
    assert list(rows[0]) == list(resources.COLUMNS)
    assert (rows[0]["themes"], rows[0]["municipality"]) == ("bonding", "GM0344")
    assert (rows[0]["email"], rows[0]["state"]) == ("eten@example.org", "draft")


def test_the_excel_export_holds_the_filtered_rows(editor, catalogue):
    InitiativeFactory(title="Samen eten", draft=True, start_year=2019, latitude=52.1, longitude=5.1)
    InitiativeFactory(title="Repair café")

    response = export(editor, "?state__exact=draft", file_format="1")

    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(resources.COLUMNS)
    assert len(values) == 2
    record = dict(zip(values[0], values[1], strict=True))
    assert (record["title"], record["start_year"], record["latitude"]) == ("Samen eten", 2019, 52.1)


def test_text_that_looks_like_a_formula_is_exported_as_text(editor, catalogue):
    InitiativeFactory(title="Samen eten", summary='=HYPERLINK("https://evil.example")')

    csv_summary = csv_rows(export(editor))[0]["summary"]
    xlsx = openpyxl.load_workbook(io.BytesIO(export(editor, file_format="1").content))
    cell = xlsx.worksheets[0]["B2"]

    assert csv_summary.startswith("'=")
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("https://evil.example")')


def test_the_csv_export_quotes_every_cell_and_guards_after_separators(editor, catalogue):
    InitiativeFactory(title="Samen eten", summary='Koken, =HYPERLINK("https://evil.example")')

    response = export(editor)

    assert_every_cell_quoted_and_no_formula_anywhere(response.content.decode("utf-8-sig"))
    assert csv_rows(response)[0]["summary"] == 'Koken, \'=HYPERLINK("https://evil.example")'


@pytest.mark.parametrize("file_format", ["0", "1"])
def test_an_export_imports_again_unchanged(final_editor, catalogue, file_format):
    kwargs = {"themes": [catalogue["bonding"]], "municipality": catalogue["utrecht"]}
    InitiativeFactory(
        title="Samen eten",
        summary="=Koken; met buren, @thuis",
        description="<p>Elke <strong>vrijdag</strong>.</p>",
        target_groups=[catalogue["elderly"]],
        tags=["Koken", "buren"],
        help_wanted=["geld", "ruimte"],
        vulnerable=True,
        postcode="3531 AB",
        latitude=52.0907,
        longitude=5.105,
        start_year=2019,
        website="https://example.org/eten",
        email="eten@example.org",
        **kwargs,
    )
    InitiativeFactory(title="Repair café", draft=True, scope=Initiative.Scope.ONLINE, **kwargs)
    exported = export(final_editor, file_format=file_format)
    name = "export.csv" if file_format == "0" else "export.xlsx"

    preview = upload(final_editor, SimpleUploadedFile(name, exported.content))

    assert sorted(line[1:3] for line in preview_rows(preview)) == [
        ("skip", "Repair café"),
        ("skip", "Samen eten"),
    ]


def test_an_editor_may_reimport_an_export_with_published_rows(editor, catalogue):
    InitiativeFactory(title="Samen eten", themes=[catalogue["bonding"]])
    exported = export(editor)

    preview = upload(editor, SimpleUploadedFile("export.csv", exported.content))

    assert [line[1] for line in preview_rows(preview)] == ["skip"]
    assert confirm_button(preview)


# --- Bad files ------------------------------------------------------------------------------


def zip_bomb(size=admin_import.MAX_UNPACKED_BYTES + 1):
    """A workbook of some kilobytes that unpacks to `size` bytes (more than the limit)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b" " * size)
    return output.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "plaatje.csv",
            PNG,
            "This is not a CSV or Excel file. Upload a CSV file (UTF-8) or an Excel workbook "
            "(.xlsx).",
        ),
        ("leeg.csv", b"", "The submitted file is empty."),
        (
            "oud.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "This is an old Excel file (.xls). Save it in Excel as “Excel workbook (.xlsx)” "
            "or as “CSV UTF-8”, and upload that.",
        ),
        (
            "unicode.csv",
            "title\n".encode("utf-16"),
            "This text is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8”.",
        ),
        (
            "archief.xlsx",
            b"PK\x03\x04" + b"\x00" * 100,
            "This is a zip file, but not an Excel workbook (.xlsx).",
        ),
        (
            "bom.xlsx",
            zip_bomb(),
            "This workbook is too large when unpacked. Split it into smaller files.",
        ),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_with_a_message(editor, name, content, message):
    response = upload(editor, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert form_errors(response) == [nl(message)]
    assert not confirm_button(response)


def test_a_workbook_is_refused_before_it_unpacks_to_more_text_than_a_csv_file_may_hold(editor):
    """Read whole, a workbook's text costs memory and time: 20 MB unpacked holds more than the
    5 MB a CSV file may have (a preview of 47 MB took 68 MB of memory)."""
    response = upload(editor, SimpleUploadedFile("groot.xlsx", zip_bomb(size=21 * 1024 * 1024)))

    message = "This workbook is too large when unpacked. Split it into smaller files."
    assert form_errors(response) == [nl(message)]


def test_a_file_over_the_size_limit_is_refused(editor, monkeypatch):
    monkeypatch.setattr(admin_import, "MAX_UPLOAD_BYTES", 1000)
    big = csv_upload([row(summary="x" * 2000)])

    response = upload(editor, big)

    message = "This file is %(size)s MB; the limit is %(max)s MB. Split it into smaller files."
    assert form_errors(response) == [nl(message, size="0.0", max=0)]


def test_missing_columns_are_named(editor, catalogue):
    response = upload(editor, csv_upload([row()], columns=["title", "summary", "themes"]))

    missing = (
        "Deze kolommen ontbreken in de eerste rij: description, target_groups, tags, "
        "municipality, district, postcode, latitude, longitude, start_year, status, "
        "organisation, website. Voeg ze toe. Een kolom mag leeg blijven, behalve als een waarde "
        "verplicht is."
    )
    assert preview_rows(response) == [("1", "invalid", "", missing)]


def test_a_file_with_only_column_names_is_refused(editor, catalogue):
    response = upload(editor, csv_upload([]))

    assert preview_rows(response) == [("2", "invalid", "", nl(resources.NO_ROWS))]
    assert not confirm_button(response)


def test_a_file_in_another_encoding_is_refused_per_row_in_dutch(catalogue):
    client = staff_client(*EDITOR)
    content = csv_upload([row(title="Café de Hoek")]).read().decode().encode("latin-1")

    response = upload(client, SimpleUploadedFile("windows.csv", content))

    html = response.content.decode()
    assert (
        "Hier staan tekens die we niet kunnen lezen. Sla het bestand op als “CSV UTF-8” en "
        "probeer het opnieuw."
    ) in html
    assert "Import bevestigen" not in html
    assert not Initiative.objects.exists()


def test_a_workbook_with_too_many_rows_is_refused(editor, catalogue, monkeypatch):
    monkeypatch.setattr(resources, "MAX_ROWS", 2)

    response = upload(editor, xlsx_upload([row(title=f"Initiatief {n}") for n in range(4)]))

    assert preview_rows(response)[-1][:3] == ("4", "invalid", "")
    assert " 2 " in preview_rows(response)[-1][3]
    assert not Initiative.objects.exists()


def test_the_import_screen_is_in_dutch(editor, catalogue):
    html = upload(editor, csv_upload([row()])).content.decode()

    assert nl("Import these rows") in html
    assert "Bestand om te importeren" not in html  # our label replaces the library's
    assert f"<h2>{nl('Preview')}</h2>" in html  # django-import-export's heading, in Dutch
    assert '<html lang="nl"' in html


def test_an_export_with_a_broken_filter_address_goes_back_to_the_list(editor):
    response = export(editor, "?no_such_field=1")

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST_URL}?e=1"


def test_a_damaged_workbook_is_refused_with_a_message(editor, catalogue):
    workbook = xlsx_upload([row()]).read()
    damaged = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(damaged, "w") as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]  # cut off halfway
            target.writestr(member, content)

    response = upload(editor, SimpleUploadedFile("kapot.xlsx", damaged.getvalue()))

    assert response.status_code == 200
    assert preview_rows(response)[-1][1] == "invalid"
    assert nl(resources.NOT_XLSX) in preview_rows(response)[-1][3]
    assert not Initiative.objects.exists()


def test_the_export_costs_the_same_queries_for_more_rows(editor, catalogue):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert export(editor).status_code == 200
        return len(captured)

    kwargs = {"themes": [catalogue["bonding"]], "target_groups": [catalogue["elderly"]]}
    InitiativeFactory.create_batch(2, tags=["koffie"], **kwargs)
    few = queries()
    InitiativeFactory.create_batch(5, tags=["thee"], **kwargs)

    assert queries() == few


# --- For people: the page explains the columns, problems say what to do, example files --------

EXAMPLE_URL = "/admin/initiatives/initiative/import/voorbeeld."


def guide(response):
    """The import page's guide to the columns, as text."""
    page = response.content.decode()
    section = page[page.index('<details class="import-columns"') :]
    section = section[: section.index("</details>")]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section)))


def test_the_import_page_lists_the_columns_what_is_required_and_the_valid_values(editor, catalogue):
    ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")

    response = editor.get(IMPORT_URL)

    text = guide(response)
    assert "titel of title Ja, altijd invullen" in text
    assert "wijk of district Alleen de kolom; de vakjes mogen leeg blijven" in text
    assert "hulp gezocht of help_wanted Nee" in text
    assert (
        "thema's of themes Ja, altijd invullen Eén of meer thema's, gescheiden door “;”. " in text
    )
    assert "Kies uit: Bonding, Eenzaamheid." in text
    assert "Kies uit: Ouderen." in text  # the target groups
    assert "Kies uit: concept, ter beoordeling, gepubliceerd, gearchiveerd." in text
    assert "Kies uit: buurt, wijk, gemeente, regio, landelijk, online." in text
    assert "Alle gemeenten en hun wijken" in text
    html = response.content.decode()
    assert '<details class="import-columns" open>' in html
    assert f'href="{EXAMPLE_URL}xlsx"' in html and f'href="{EXAMPLE_URL}csv"' in html
    assert 'href="/gemeenten/"' in html
    assert "slug" not in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"thema's": "Bondig"},
            "Kolom “thema's”: Thema “Bondig” kennen we niet. Bedoel je “Bonding”? Kies een thema "
            "uit de lijst: Bonding.",
        ),
        (
            {"doelgroepen": "Kinderen"},
            "Kolom “doelgroepen”: Doelgroep “Kinderen” kennen we niet. Kies een doelgroep uit de "
            "lijst: Ouderen.",
        ),
        (
            {"gemeente": "Utreht"},
            "Kolom “gemeente”: Gemeente “Utreht” kennen we niet. Bedoel je “Utrecht”? Schrijf de "
            "naam van de gemeente, zoals Utrecht, of de CBS-code, zoals GM0344.",
        ),
        (
            {"wijk": "Oost"},
            "Kolom “wijk”: Van Utrecht kennen we geen wijken. Laat de wijk leeg, of kijk of de "
            "gemeente klopt.",
        ),
        (
            {"publicatiestatus": "live"},
            "Kolom “publicatiestatus”: Publicatiestatus “live” kennen we niet. Kies concept, ter "
            "beoordeling, gepubliceerd of gearchiveerd, of laat het leeg.",
        ),
        (
            {"status": "klaar"},
            "Kolom “status”: Status “klaar” kennen we niet. Kies actief of afgerond, of laat het "
            "leeg.",
        ),
        (
            {"kwetsbaar": "misschien"},
            "Kolom “kwetsbaar”: “misschien” is geen ja of nee. Vul ja of nee in, of laat het leeg.",
        ),
        (
            {"laatst gecontroleerd": "maart"},
            "Kolom “laatst gecontroleerd”: “maart” is geen datum die we kunnen lezen. Schrijf dag, "
            "maand en jaar, zoals 31-03-2025, of laat het leeg.",
        ),
        (
            {"website": "buurtkamer lombok"},
            "Kolom “website”: “buurtkamer lombok” is geen webadres. Schrijf het zoals "
            "www.voorbeeld.nl of https://www.voorbeeld.nl/pagina.",
        ),
        (
            {"startjaar": "volgend jaar"},
            "Kolom “startjaar”: “volgend jaar” kunnen we niet gebruiken als jaar. Schrijf een jaar "
            "van 1900 tot en met 2100.",
        ),
    ],
    ids=lambda value: next(iter(value)) if isinstance(value, dict) else None,
)
def test_a_problem_says_in_plain_dutch_what_to_fill_in(editor, catalogue, changes, expected):
    headings = [column.heading for column in imports.COLUMNS]
    values = {
        "titel": "Buurtkamer Lombok",
        "samenvatting": "Een huiskamer voor de buurt.",
        "thema's": "bonding",
        "gemeente": "Utrecht",
    }

    response = upload(editor, csv_upload([values | changes], columns=headings))

    assert preview_rows(response) == [("2", "invalid", "Buurtkamer Lombok", expected)]
    assert not confirm_button(response)
    assert not Initiative.objects.exists()


def test_a_heading_we_do_not_know_gets_a_suggestion_in_the_preview(editor, catalogue):
    headings = [column.heading for column in imports.COLUMNS if column.heading != "thema's"]

    response = upload(editor, csv_upload([row()], columns=[*headings, "Tema's"]))

    assert preview_rows(response) == [
        (
            "1",
            "invalid",
            "",
            "Kolom “Tema's” kennen we niet. Bedoel je “thema's”? Deze kolommen ontbreken in de "
            "eerste rij: thema's. Voeg ze toe. Een kolom mag leeg blijven, behalve als een "
            "waarde verplicht is.",
        )
    ]


@pytest.fixture
def demo_catalogue(db):
    """The themes, target groups and regions the demo ships with, as a site has them."""
    call_command("loaddata", "taxonomy", "regions", verbosity=0)


def download_example(client, extension):
    response = client.get(f"{EXAMPLE_URL}{extension}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="voorbeeld-initiatieven.{extension}"'
    )
    return response.content


def example_rows(content, extension):
    """The rows of an example file, the headings first, as text."""
    if extension == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [
        [resources.xlsx_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_example_file_imports_as_it_is(editor, demo_catalogue, extension):
    content = download_example(editor, extension)
    rows = example_rows(content, extension)
    assert rows[0] == [column.heading for column in imports.COLUMNS]  # the Dutch headings
    assert len(rows) == 3

    preview = upload(editor, SimpleUploadedFile(f"voorbeeld.{extension}", content))

    assert preview_rows(preview) == [
        ("2", "new", "Buurtkeuken De Pan", ""),
        ("3", "new", "Taalcafé Noordoost", ""),
    ]
    assert not Initiative.objects.exists()
    confirm(editor, preview)
    pan = Initiative.objects.get(title="Buurtkeuken De Pan")
    assert sorted(pan.themes.values_list("name", flat=True)) == ["Bonding", "Eenzaamheid"]
    assert sorted(pan.target_groups.values_list("name", flat=True)) == [
        "Bewoners met weinig geld",
        "Ouderen",
    ]
    assert (pan.municipality.name, pan.district.name) == ("Utrecht", "Overvecht")
    assert (pan.state, pan.scope, pan.vulnerable) == (State.DRAFT, "wijk", True)
    assert pan.help_wanted == ["vrijwilligers", "geld"]
    cafe = Initiative.objects.get(title="Taalcafé Noordoost")
    assert (cafe.state, cafe.district.name, cafe.start_year) == (State.REVIEW, "Noordoost", 2022)


def test_the_example_csv_file_imports_by_the_command_too(editor, demo_catalogue, tmp_path):
    path = tmp_path / "voorbeeld.csv"
    path.write_bytes(download_example(editor, "csv"))

    assert "would create 2, update 0" in run("import_initiatives", path, "--dry-run")
    assert not Initiative.objects.exists()
    assert "2 rows imported: 2 created" in run("import_initiatives", path)


def test_the_example_takes_what_this_catalogue_has(editor, catalogue):
    """A catalogue without the themes and places the example names: it takes others."""
    content = download_example(editor, "xlsx")

    preview = upload(editor, SimpleUploadedFile("voorbeeld.xlsx", content))

    assert [line[1] for line in preview_rows(preview)] == ["new", "new"]
    assert confirm_button(preview)


def test_the_example_files_need_the_import_permission(editor):
    viewer = staff_client("view_initiative")

    assert viewer.get(f"{EXAMPLE_URL}csv").status_code == 403
    assert editor.get(f"{EXAMPLE_URL}pdf").status_code == 404

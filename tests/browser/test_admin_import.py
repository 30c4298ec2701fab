"""An editor imports a spreadsheet in the admin as a person would: upload, preview, confirm."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.browser.test_csp import RECORD_VIOLATIONS

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def csp_page(browser):
    """A page that obeys the site's Content Security Policy and records what it refused."""
    context = browser.new_context(locale="nl-NL", viewport=DESKTOP, accept_downloads=True)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_an_editor_imports_checks_the_preview_and_exports_the_filtered_list(
    demo_site, csp_page, screenshot_dir, django_user_model, tmp_path
):
    from initiatives.models import Initiative

    page = csp_page
    editor = django_user_model.objects.create_user(
        "redacteur", "redacteur@example.org", "redacteur-wachtwoord", is_staff=True
    )
    editor.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_initiative", "add_initiative", "change_initiative"]
        )
    )
    theme = Initiative.objects.filter(themes__isnull=False).first().themes.first()
    bad = tmp_path / "fout.csv"
    bad.write_text(
        "Titel;Samenvatting;Beschrijving;Thema's;Doelgroepen;Trefwoorden;Gemeente;Wijk;"
        "Postcode;Breedtegraad;Lengtegraad;Startjaar;Status;Organisatie;Website;Kwetsbaar\n"
        f"Taalcafé Noord;Samen Nederlands oefenen.;;{theme.name};;taal;;;;;;2023;;;;\n"
        "Moestuin West;Samen tuinieren.;;Bondig;;;;;;;;volgend jaar;;;;\n"
        f"Buurtkeuken De Pan;Samen koken.;;{theme.name};;;Utreht;;;;;;;;;misschien\n",
        encoding="utf-8",
    )
    good = tmp_path / "goed.csv"
    good.write_text(
        bad.read_text()
        .replace("Bondig", theme.name)
        .replace("volgend jaar", "")
        .replace("Utreht", "Utrecht")
        .replace("misschien", "ja")
    )
    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", "redacteur-wachtwoord")
    page.locator("input[type=submit]").click()

    page.goto(demo_site + "/admin/initiatives/initiative/")
    page.locator("a.import_link").click()
    # The page explains the columns and offers an example that imports as it is.
    expect(page.locator("details.import-columns")).to_contain_text("Kies uit: Bonding, Bridging")
    page.screenshot(path=screenshot_dir / "admin-import-page.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="voorbeeld in Excel (.xlsx)").click()
    assert download.value.suggested_filename == "voorbeeld-initiatieven.xlsx"
    page.set_input_files("#id_import_file", str(download.value.path()))
    page.locator("input[type=submit]").click()
    expect(page.locator("tr.new")).to_have_count(2)
    expect(page.locator("tr.invalid")).to_have_count(0)

    page.goto(demo_site + "/admin/initiatives/initiative/import/")
    page.set_input_files("#id_import_file", str(bad))
    page.locator("input[type=submit]").click()

    # Each refused row shows its title and, per column, what to fill in instead.
    problems = page.locator("tr.invalid")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("Moestuin West")
    expect(problems.nth(0)).to_contain_text(
        "Kolom “Thema's”: Thema “Bondig” kennen we niet. Bedoel je “Bonding”? Kies een thema "
        "uit de lijst: Bonding, Bridging"
    )
    expect(problems.nth(0)).to_contain_text("“volgend jaar” kunnen we niet gebruiken als jaar")
    expect(problems.nth(1)).to_contain_text("Buurtkeuken De Pan")
    expect(problems.nth(1)).to_contain_text(
        "Gemeente “Utreht” kennen we niet. Bedoel je “Utrecht”?"
    )
    expect(problems.nth(1)).to_contain_text("“misschien” is geen ja of nee")
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    expect(page.locator("details.import-columns")).not_to_have_attribute("open", "")
    page.screenshot(path=screenshot_dir / "admin-import-problems.png", full_page=True)

    page.set_input_files("#id_import_file", str(good))
    page.locator("input[type=submit]").click()
    expect(page.locator("tr.new")).to_have_count(3)
    page.screenshot(path=screenshot_dir / "admin-import-preview.png", full_page=True)
    page.locator("input[name=confirm]").click()

    expect(page.locator(".messagelist")).to_contain_text("3")
    titles = ["Taalcafé Noord", "Moestuin West", "Buurtkeuken De Pan"]
    assert Initiative.objects.filter(title__in=titles).count() == 3
    refused = page.evaluate("window.__refused")

    # The list filtered on drafts and searched, then exported: the file holds just that one.
    page.goto(demo_site + "/admin/initiatives/initiative/?state__exact=draft")
    page.fill("#searchbar", "Taalcafé Noord")
    page.keyboard.press("Enter")
    page.locator("a.export_link").click()
    page.select_option("#id_format", label="CSV")
    with page.expect_download() as download:
        page.locator("input[type=submit]").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[0] for row in rows] == ["title", "Taalcafé Noord"]
    assert refused == [] and page.evaluate("window.__refused") == []

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
        "title;summary;description;themes;target_groups;tags;municipality;district;postcode;"
        "latitude;longitude;start_year;status;organisation;website\n"
        f"Taalcafé Noord;Samen Nederlands oefenen.;;{theme.slug};;taal;;;;;;2023;;;\n"
        "Moestuin West;Samen tuinieren.;;geen-thema;;;;;;;;volgend jaar;;;\n",
        encoding="utf-8",
    )
    good = tmp_path / "goed.csv"
    good.write_text(bad.read_text().replace("geen-thema", theme.slug).replace("volgend jaar", ""))
    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", "redacteur-wachtwoord")
    page.locator("input[type=submit]").click()

    page.goto(demo_site + "/admin/initiatives/initiative/")
    page.locator("a.import_link").click()
    page.set_input_files("#id_import_file", str(bad))
    page.locator("input[type=submit]").click()

    problems = page.locator("tr.invalid")
    expect(problems).to_have_count(1)
    expect(problems).to_contain_text("geen-thema")
    expect(problems).to_contain_text("volgend jaar")
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "admin-import-problems.png", full_page=True)

    page.set_input_files("#id_import_file", str(good))
    page.locator("input[type=submit]").click()
    expect(page.locator("tr.new")).to_have_count(2)
    page.screenshot(path=screenshot_dir / "admin-import-preview.png", full_page=True)
    page.locator("input[name=confirm]").click()

    expect(page.locator(".messagelist")).to_contain_text("2")
    assert Initiative.objects.filter(title__in=["Taalcafé Noord", "Moestuin West"]).count() == 2
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

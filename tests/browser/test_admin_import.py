"""An editor imports a spreadsheet in the admin as a person would: upload, preview, confirm."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.browser
def test_an_editor_uploads_checks_the_preview_and_imports(
    demo_site, page, page_problems, screenshot_dir, django_user_model, tmp_path
):
    from initiatives.models import Initiative

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
    page.set_viewport_size(DESKTOP)
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
    assert not page_problems, "\n".join(page_problems)

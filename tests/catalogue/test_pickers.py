"""The admin's pickers (catalogue/pickers.py): what a picker lists for what was typed, first
match first, and that every picker in the admin carries the script that makes Enter and a
chip's × work (tests/browser/test_admin_pickers.py tries them in a browser)."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.core.management import call_command
from django.test import RequestFactory

from catalogue.pickers import MultiplePicker, Picker
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy():
    """The real themes and target groups: Bonding's description mentions bridging."""
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "taxonomy.json"), verbosity=0)


def listed(client, field, term, model="initiative", app_label="initiatives"):
    """What the picker for `field` on the model's form lists for `term`, in its order."""
    response = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": app_label, "model_name": model, "field_name": field},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_a_theme_is_found_by_its_name_not_by_a_description_that_mentions_it(admin_client, taxonomy):
    assert listed(admin_client, "themes", "Bridg") == ["Bridging"]
    assert listed(admin_client, "themes", "bon") == ["Bonding"]
    assert listed(admin_client, "themes", "cohesie") == ["Sociale cohesie"]
    assert listed(admin_client, "target_groups", "Mantel") == ["Mantelzorgers"]


def test_the_names_that_start_with_what_was_typed_come_first(admin_client, taxonomy):
    # By position, Nieuwkomers (its "me" inside a word) would come first and take the Enter.
    assert listed(admin_client, "target_groups", "me") == [
        "Mensen met een (licht verstandelijke) beperking",
        "Mensen met psychische kwetsbaarheid",
        "Bewoners met weinig geld",
        "Nieuwkomers",
    ]
    assert listed(admin_client, "themes", "TAAL") == ["Taal"]


def test_a_place_picker_puts_the_exact_name_first_then_the_names_starting_with_it(admin_client):
    for name in ["Losser", "Oss", "Capelle aan den IJssel", "IJsselstein", "Oude IJsselstreek"]:
        MunicipalityFactory(name=name)
    assert listed(admin_client, "municipality", "oss") == ["Oss", "Losser"]
    assert listed(admin_client, "municipality", "ijssel") == [
        "IJsselstein",
        "Capelle aan den IJssel",
        "Oude IJsselstreek",
    ]


def test_the_change_list_search_keeps_the_list_order(admin_client, taxonomy):
    page = admin_client.get("/admin/themes/targetgroup/", {"q": "me"}).content.decode()
    names = ["Nieuwkomers", "Mensen met een", "Mensen met psychische", "Bewoners met weinig"]
    assert sorted(names, key=page.index) == names


def picker_widgets(request):
    """Every autocomplete field of every admin form and inline: (where, its widget)."""
    for model_admin in admin.site._registry.values():
        for each in [model_admin, *model_admin.get_inline_instances(request)]:
            fields = each.get_autocomplete_fields(request)
            if not fields:
                continue
            if isinstance(each, InlineModelAdmin):
                form = each.get_formset(request).form
            else:
                form = each.get_form(request)
            for name in fields:
                widget = form.base_fields[name].widget
                yield f"{type(each).__name__}.{name}", getattr(widget, "widget", widget)


def test_every_picker_in_the_admin_is_ours(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    widgets = dict(picker_widgets(request))
    assert "InitiativeAdmin.themes" in widgets and "CaseAdmin.district" in widgets
    assert "PublicationAuthorInline.author" in widgets
    not_ours = {
        where: type(widget).__name__
        for where, widget in widgets.items()
        if not isinstance(widget, Picker | MultiplePicker)
    }
    assert not_ours == {}


def test_the_picker_script_comes_after_djangos_own(admin_client):
    html = admin_client.get("/admin/initiatives/initiative/add/").content.decode()
    assert html.count("/static/js/admin_pickers.js") == 1
    assert html.index("/static/admin/js/autocomplete.js") < html.index(
        "/static/js/admin_pickers.js"
    )

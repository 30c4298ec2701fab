"""The admin's messages and titles read right in Dutch for every kind, de-words ("de casus")
and het-words ("het initiatief") alike: Django's own put "De" before every kind ("De initiatief
… is met succes gewijzigd"). An editor logged in to the admin, in Dutch (the site's language)."""

import pytest
from bs4 import BeautifulSoup

from tests.admin_forms import change_form_data
from tests.factories import (
    AuthorFactory,
    CaseFactory,
    DistrictFactory,
    InitiativeFactory,
    MunicipalityFactory,
    ProvinceFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# Each kind of the catalogue: how to make one, and its name in Dutch (one, more).
KINDS = {
    "initiative": (
        lambda: InitiativeFactory(themes=[ThemeFactory()]),
        "initiatief",
        "initiatieven",
    ),
    "case": (lambda: CaseFactory(themes=[ThemeFactory()]), "casus", "casussen"),
    "publication": (PublicationFactory, "publicatie", "publicaties"),
    "theme": (ThemeFactory, "thema", "thema's"),
    "target-group": (TargetGroupFactory, "doelgroep", "doelgroepen"),
    "province": (ProvinceFactory, "provincie", "provincies"),
    "municipality": (MunicipalityFactory, "gemeente", "gemeenten"),
    "district": (DistrictFactory, "wijk", "wijken"),
    "author": (AuthorFactory, "auteur", "auteurs"),
}

# After saving: what the editor reads, by the button they pressed (%s: the kind).
SAVED = {
    "_save": "",
    "_continue": " Je kunt hieronder verder werken.",
    "_addanother": " Hieronder kun je nog een %s toevoegen.",
}


# Every kind with the button used most; every button with a het-word and a de-word.
BUTTONS = [("_continue", name) for name in KINDS] + [
    (button, name) for button in ("_save", "_addanother") for name in ("initiative", "case")
]


@pytest.fixture(params=KINDS, ids=list(KINDS))
def kind(request):
    return KINDS[request.param]


def url(obj, view, *args):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{''.join(f'{a}/' for a in args)}{view}/"


def messages(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(item.get_text().split()) for item in page.select("ul.messagelist li")]


def heading(response):
    return BeautifulSoup(response.content, "html.parser").select_one("#content h1").get_text()


@pytest.mark.parametrize("button, name", BUTTONS)
def test_saving_says_which_kind_was_saved(admin_client, button, name):
    make, one, _more = KINDS[name]
    obj = make()
    page = admin_client.get(url(obj, "change", obj.pk))
    assert heading(page) == f"{one.capitalize()} wijzigen"

    response = admin_client.post(
        url(obj, "change", obj.pk), {**change_form_data(page), button: "1"}, follow=True
    )
    then = SAVED[button].replace("%s", one)
    assert messages(response) == [f"Opgeslagen: {one} “{obj}”.{then}"]


@pytest.mark.parametrize("button, name", BUTTONS)
def test_adding_says_which_kind_was_added(admin_client, button, name):
    make, one, _more = KINDS[name]
    obj = make()
    # The values of one that existed, added anew once it is gone: a complete, valid form.
    data = change_form_data(admin_client.get(url(obj, "change", obj.pk)))
    type(obj).objects.filter(pk=obj.pk).delete()
    page = admin_client.get(url(obj, "add"))
    assert heading(page) == f"{one.capitalize()} toevoegen"

    response = admin_client.post(url(obj, "add"), {**data, button: "1"}, follow=True)
    then = SAVED[button].replace("%s", one)
    assert messages(response) == [f"Toegevoegd: {one} “{obj}”.{then}"]


def test_deleting_one_asks_and_says_which_kind_was_deleted(admin_client, kind):
    make, one, _more = kind
    obj = make()
    confirm = admin_client.get(url(obj, "delete", obj.pk))
    question = BeautifulSoup(confirm.content, "html.parser").select_one("#content p").get_text()
    # Django's question names the kind without an article: right for both.
    assert question.startswith(f"Weet u zeker dat u {one} '{obj}' wilt verwijderen?")

    response = admin_client.post(url(obj, "delete", obj.pk), {"post": "yes"}, follow=True)
    assert messages(response) == [f"Verwijderd: {one} “{obj}”."]


def test_deleting_several_asks_and_says_how_many_of_which_kind(admin_client, kind):
    make, _one, more = kind
    objs = [make(), make()]
    changelist = url(objs[0], "")[:-1]  # …/<model>/
    selection = {"action": "delete_selected", "_selected_action": [o.pk for o in objs]}
    confirm = admin_client.post(changelist, selection)
    question = BeautifulSoup(confirm.content, "html.parser").select_one("#content p").get_text()
    assert question.startswith(f"Weet u zeker dat u de geselecteerde {more} wilt verwijderen?")

    response = admin_client.post(changelist, {**selection, "post": "yes"}, follow=True)
    assert messages(response) == [f"Verwijderd: 2 {more}."]


def test_an_address_of_one_that_is_gone_says_so(admin_client, kind):
    make, one, _more = kind
    obj = make()
    pk = obj.pk
    type(obj).objects.filter(pk=pk).delete()
    response = admin_client.get(url(obj, "change", pk), follow=True)
    assert messages(response) == [
        f"Niet gevonden: {one} met ID “{pk}”. Misschien is dit al verwijderd."
    ]

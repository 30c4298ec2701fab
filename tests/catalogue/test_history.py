"""Every change to an initiative, case or publication is in its history: who, when, what
changed; an editor restores an earlier version through the form, as a new version."""

import io

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext

from cases.models import Case, CaseQuote, PublicationAuthor
from catalogue.models import State
from initiatives.imports import import_initiatives
from initiatives.models import Initiative
from tests.factories import (
    AuthorFactory,
    CaseFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def nl(text):
    """`text` as the (Dutch) admin shows it, once locale/ has it."""
    with translation.override("nl"):
        return str(gettext(text))


def label(model, name):
    with translation.override("nl"):
        return str(capfirst(model._meta.get_field(name).verbose_name))


def change(model, name, old, new):
    """One line of the history's diff."""
    old, new = escape(old), escape(new)
    return f"{escape(label(model, name))}:</strong> <del>{old}</del> &rarr; <ins>{new}</ins>"


def editor(username, first_name=""):
    """A staff member who may change items and their inline parts (quotes, authors), and
    publish them: their saves of a published item go live, with an entry in its history (a
    redacteur's wait for review as a revision: test_revisions.py)."""
    user = User.objects.create_user(username, password="x", is_staff=True, first_name=first_name)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                f"{action}_{model}"
                for action in ("view", "change", "publish")
                for model in ("initiative", "case", "publication")
            ]
            + [
                f"{action}_{model}"
                for action in ("view", "add", "change", "delete")
                for model in ("casequote", "casemedialink", "publicationauthor")
            ]
        )
    )
    return user


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def form_data(client, url):
    """What the browser would send back for the form at `url`, unchanged."""
    response = client.get(url)
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if name in ("image", "file") or value is None:
            continue
        if hasattr(field, "queryset") and isinstance(value, list | tuple):
            value = [getattr(item, "pk", item) for item in value]
        if name == "tags":
            value = ", ".join(tag.name for tag in value) if not isinstance(value, str) else value
        data[name] = value
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[inline_form.add_prefix(name)] = value
    return data


def test_an_admin_save_is_one_entry_with_the_editor_and_the_changed_fields(client):
    lonely, bonding = ThemeFactory(name="Eenzaamheid"), ThemeFactory(name="Bonding")
    initiative = InitiativeFactory(title="Buurtsoep", themes=[lonely])
    before = initiative.history.count()
    anna = editor("anna", "Anna")
    client.force_login(anna)
    url = change_url(initiative)
    data = form_data(client, url)
    data.update(title="Buurtsoep Oost", themes=[lonely.pk, bonding.pk], tags="soep, koken")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    entries = list(initiative.history.all())
    assert len(entries) == before + 1  # fields and links in one entry
    newest = entries[0]
    assert newest.history_user == anna
    assert newest.history_type == "~"
    assert {t.name for t in (row.theme for row in newest.themes.all())} == {
        "Eenzaamheid",
        "Bonding",
    }

    page = client.get(f"{url.removesuffix('change/')}history/").content.decode()
    assert "Anna" in page
    assert change(Initiative, "title", "Buurtsoep", "Buurtsoep Oost") in page
    assert change(Initiative, "themes", "Eenzaamheid", "Bonding, Eenzaamheid") in page
    assert change(Initiative, "tags", nl("(empty)"), "koken, soep") in page
    assert "search_vector" not in page
    assert f"{label(Initiative, 'updated_at')}:</strong>" not in page


def test_the_diff_shows_labels_not_stored_codes(client):
    initiative = InitiativeFactory(
        status=Initiative.Status.ACTIVE, vulnerable=False, themes=[ThemeFactory()]
    )
    client.force_login(editor("bob"))
    url = change_url(initiative)
    data = form_data(client, url)
    data.update(status="afgerond", vulnerable="on", help_wanted=["geld", "ruimte"])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = client.get(f"{url.removesuffix('change/')}history/").content.decode()
    labels = {value: nl(str(text)) for value, text in Initiative.Status.choices}
    assert change(Initiative, "status", labels["actief"], labels["afgerond"]) in page
    assert change(Initiative, "vulnerable", nl("no"), nl("yes")) in page
    helps = f"{nl(str(Initiative.Help.MONEY.label))}, {nl(str(Initiative.Help.SPACE.label))}"
    assert change(Initiative, "help_wanted", nl("(empty)"), helps) in page


def test_the_search_index_is_not_kept_in_the_history():
    for model in (Initiative, Case):
        fields = {f.name for f in model.history.model._meta.fields}
        assert not fields & {"search_vector", "theme_ids", "target_group_ids", "tag_ids"}


def test_restoring_an_earlier_version_validates_and_records_a_new_version(client):
    first, second = ThemeFactory(name="Eerste"), ThemeFactory(name="Tweede")
    initiative = InitiativeFactory(title="Oud", summary="Oude samenvatting", themes=[first])
    client.force_login(editor("anna", "Anna"))
    url = change_url(initiative)
    data = form_data(client, url)
    data.update(title="Nieuw", summary="Nieuwe samenvatting", themes=[second.pk])
    assert client.post(url, data).status_code == 302
    old = initiative.history.filter(title="Oud").first()

    restore_url = f"{url.removesuffix('change/')}history/{old.history_id}/"
    page = client.get(restore_url)
    form = page.context["adminform"].form
    assert form["title"].value() == "Oud"
    assert [getattr(t, "pk", t) for t in form["themes"].value()] == [first.pk]  # the links of then
    assert nl("Restore this version") in page.content.decode()

    # Validation still applies: an empty title is refused and the input stays.
    data = form_data(client, restore_url)
    bad = {**data, "title": "", "summary": "Mijn eigen tekst"}
    refused = client.post(restore_url, bad)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["title"]
    assert 'value="Mijn eigen tekst"' in refused.content.decode()

    count = initiative.history.count()
    assert client.post(restore_url, data).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.summary) == ("Oud", "Oude samenvatting")
    assert list(initiative.themes.all()) == [first]
    assert initiative.history.count() == count + 1
    assert initiative.history.first().history_user.username == "anna"


def test_restoring_keeps_the_publishing_state_of_now(client):
    initiative = InitiativeFactory(draft=True, title="Concept", themes=[ThemeFactory()])
    first = initiative.history.first()
    initiative.title = "Gepubliceerd"
    initiative.state = State.PUBLISHED
    initiative.save()
    client.force_login(editor("anna"))
    restore_url = f"{change_url(initiative).removesuffix('change/')}history/{first.history_id}/"
    data = form_data(client, restore_url)
    assert "state" not in data  # a restore never changes it, so it is not offered
    assert client.post(restore_url, data | {"state": State.DRAFT}).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.state) == ("Concept", State.PUBLISHED)


def test_an_editor_who_may_set_the_state_restores_and_sees_the_state_of_now(client):
    """The state field is theirs on the change form, yet not part of a restore."""
    initiative = InitiativeFactory(draft=True, summary="Eerste tekst", themes=[ThemeFactory()])
    first = initiative.history.first()
    initiative.summary = "Tweede tekst"
    initiative.state = State.REVIEW
    initiative.save()
    client.force_login(editor("anna"))
    restore_url = f"{change_url(initiative).removesuffix('change/')}history/{first.history_id}/"
    page = client.get(restore_url)
    assert page.status_code == 200
    assert f'<div class="readonly">{nl("In review")}</div>' in page.content.decode()
    assert client.post(restore_url, form_data(client, restore_url)).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.summary, initiative.state) == ("Eerste tekst", State.REVIEW)


def test_case_history_tracks_its_initiatives(client):
    theme = ThemeFactory()
    case = CaseFactory(themes=[theme])
    described = InitiativeFactory(title="Het beschreven initiatief")
    client.force_login(editor("anna"))
    url = change_url(case)
    data = form_data(client, url)
    data["initiatives"] = [described.pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = client.get(f"{url.removesuffix('change/')}history/").content.decode()
    assert "<ins>Het beschreven initiatief</ins>" in page


HEADER = (
    "title,summary,description,themes,target_groups,tags,municipality,district,postcode,"
    "latitude,longitude,start_year,status,organisation,website\n"
)


def test_an_import_records_one_entry_per_new_or_changed_initiative_with_its_links():
    ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
    TargetGroupFactory(name="Ouderen", slug="ouderen")
    MunicipalityFactory(code="GM0344", name="Utrecht")
    row = "Soep {n},Samen eten,,eenzaamheid,ouderen,soep,GM0344,,,,,2020,actief,,\n"
    import_initiatives(io.BytesIO((HEADER + row.format(n=1) + row.format(n=2)).encode()))
    soup = Initiative.objects.get(title="Soep 1")
    [entry] = soup.history.all()
    assert entry.history_type == "+"
    assert [r.theme.name for r in entry.themes.all()] == ["Eenzaamheid"]
    assert [r.tag.name for r in entry.tags.all()] == ["soep"]

    changed = row.format(n=1).replace("Samen eten", "Samen koken").replace(",soep,", ",koken,")
    import_initiatives(io.BytesIO((HEADER + changed + row.format(n=2)).encode()))
    newest, first = soup.history.all()
    assert newest.history_type == "~"
    assert [r.tag.name for r in newest.tags.all()] == ["koken"]
    assert Initiative.objects.get(title="Soep 2").history.count() == 1  # unchanged: no entry


def test_publication_history_shows_changed_fields_and_tags(client):
    from tests.factories import PublicationFactory

    publication = PublicationFactory(title="Wij in de Wijk 3")
    client.force_login(editor("anna", "Anna"))
    url = change_url(publication)
    data = form_data(client, url)
    data.update(subtitle="Bonding als basis", tags="bonding, zelforganisatie")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = client.get(f"{url.removesuffix('change/')}history/").content.decode()
    assert change(publication, "subtitle", nl("(empty)"), "Bonding als basis") in page
    assert change(publication, "tags", nl("(empty)"), "bonding, zelforganisatie") in page


def test_a_mangled_version_address_is_not_found(client):
    initiative = InitiativeFactory(themes=[ThemeFactory()])
    client.force_login(editor("anna"))
    base = change_url(initiative).removesuffix("change/")
    assert client.get(f"{base}history/abc/").status_code == 404
    assert client.get(f"{base}history/999999/").status_code == 404


def test_case_history_shows_changed_quotes_and_media_links(client):
    case = CaseFactory(themes=[ThemeFactory()])
    CaseQuote.objects.create(case=case, text="Samen koken verbindt.", speaker="Fatima")
    case.save()  # the version the editor opens, quote included
    client.force_login(editor("anna"))
    url = change_url(case)
    data = form_data(client, url)
    data["quotes-0-text"] = "Samen koken verbindt de buurt."
    data["media_links-TOTAL_FORMS"] = int(data["media_links-TOTAL_FORMS"]) + 1
    index = int(data["media_links-TOTAL_FORMS"]) - 1
    data[f"media_links-{index}-title"] = "Film over de buurtkeuken"
    data[f"media_links-{index}-url"] = "https://example.nl/film"
    data[f"media_links-{index}-kind"] = "film"
    data[f"media_links-{index}-position"] = 0
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].errors
    page = client.get(f"{url.removesuffix('change/')}history/").content.decode()
    quotes = escape(nl("quotes").capitalize())
    assert f"{quotes}:</strong> <del>Samen koken verbindt. · Fatima</del>" in page
    assert "<ins>Samen koken verbindt de buurt. · Fatima</ins>" in page
    assert "<ins>Film over de buurtkeuken · https://example.nl/film · Film</ins>" in page


def test_publication_history_shows_a_changed_author_list(client):
    publication = PublicationFactory(themes=[ThemeFactory()])
    first = AuthorFactory(surname="Jansen", initials="A.")
    PublicationAuthor.objects.create(publication=publication, author=first, position=0)
    publication.save()  # the version the editor opens, author included
    client.force_login(editor("anna"))
    url = change_url(publication)
    data = form_data(client, url)
    prefix = next(name for name in data if name.endswith("-TOTAL_FORMS") and "author" in name)
    prefix = prefix.removesuffix("-TOTAL_FORMS")
    added = AuthorFactory(surname="Bakker", initials="B.")
    data[f"{prefix}-TOTAL_FORMS"] = int(data[f"{prefix}-TOTAL_FORMS"]) + 1
    index = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    data[f"{prefix}-{index}-author"] = added.pk
    data[f"{prefix}-{index}-position"] = 1
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].errors
    page = client.get(f"{url.removesuffix('change/')}history/").content.decode()
    assert f"<del>{escape(str(first))}</del>" in page
    assert f"<ins>{escape(str(first))}; {escape(str(added))}</ins>" in page

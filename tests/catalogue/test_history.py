"""Every change to an initiative, case or publication is in its history: who, when, what
changed (word by word, whole texts); an editor restores an earlier version through the form,
as a new version that says which one it brought back."""

import copy
import io
import json
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from lxml import html as lxml_html

from cases.models import Case, CaseQuote, Publication, PublicationAuthor
from catalogue import history
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


@dataclass
class Row:
    """One row of the history page, as an editor reads it."""

    when: str
    who: str
    action: str
    changes: dict  # label -> the <dd> that shows what changed in that field
    note: str  # the text of the "what changed" cell

    def removed(self, label):
        return [word.text_content().strip() for word in self.changes[label].xpath(".//del")]

    def added(self, label):
        return [word.text_content().strip() for word in self.changes[label].xpath(".//ins")]

    def text(self, label):
        return self.changes[label].text_content()


def words(element):
    return " ".join(element.text_content().split())


def history_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/history/"


def history_rows(client, obj, page=1):
    """The rows of the item's history page, newest first."""
    response = client.get(history_url(obj), {"p": page})
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content.decode())
    rows = []
    for row in tree.xpath('//table[@id="change-history"]/tbody/tr'):
        version, what, _link = row.xpath("./th|./td")
        when, who, action = (
            version.xpath(f'.//*[contains(@class, "history-{part}")]')[0]
            for part in ("when", "who", "action")
        )
        changes = {
            words(change.xpath("./dt")[0]): change.xpath("./dd")[0]
            for change in what.xpath('.//*[contains(@class, "field-change ")]')
        }
        rows.append(Row(words(when), words(who), words(action), changes, words(what)))
    return rows


def editor(username, first_name="", last_name=""):
    """A staff member who may change items and their inline parts (quotes, authors), and
    publish them: their saves of a published item go live, with an entry in its history (a
    redacteur's wait for review as a revision: test_revisions.py)."""
    user = User.objects.create_user(
        username, password="x", is_staff=True, first_name=first_name, last_name=last_name
    )
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
    data.update(title="Buurtsoep Oost", themes=[bonding.pk], tags="soep, koken")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    entries = list(initiative.history.all())
    assert len(entries) == before + 1  # fields and links in one entry
    newest = entries[0]
    assert newest.history_user == anna
    assert newest.history_type == "~"
    assert [row.theme.name for row in newest.themes.all()] == ["Bonding"]

    saved = history_rows(client, initiative)[0]
    assert saved.who == "Anna"
    assert saved.action == nl("Changed")
    title, themes, tags = (label(Initiative, name) for name in ("title", "themes", "tags"))
    assert list(saved.changes) == [title, themes, tags]  # what was saved, nothing else
    assert (saved.removed(title), saved.added(title)) == ([], ["Oost"])
    assert words(saved.changes[title]) == "Buurtsoep Oost"
    # Links as the names added and removed, said in words as well as marked.
    assert (saved.removed(themes), saved.added(themes)) == (["Eenzaamheid"], ["Bonding"])
    assert saved.text(themes).splitlines() == [
        f"{nl('Added:')} Bonding",
        f"{nl('Removed:')} Eenzaamheid",
    ]
    assert (saved.removed(tags), saved.added(tags)) == ([], ["koken", "soep"])


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
    saved = history_rows(client, initiative)[0]
    labels = {value: nl(str(text)) for value, text in Initiative.Status.choices}
    status, vulnerable, help_wanted = (
        label(Initiative, name) for name in ("status", "vulnerable", "help_wanted")
    )
    # Short values as "old → new".
    assert words(saved.changes[status]) == f"{labels['actief']} → {labels['afgerond']}"
    assert (saved.removed(status), saved.added(status)) == (
        [labels["actief"]],
        [labels["afgerond"]],
    )
    assert words(saved.changes[vulnerable]) == f"{nl('no')} → {nl('yes')}"
    helps = sorted(nl(str(help.label)) for help in (Initiative.Help.MONEY, Initiative.Help.SPACE))
    assert saved.added(help_wanted) == helps


def test_the_search_index_is_not_kept_in_the_history():
    for model in (Initiative, Case):
        fields = {f.name for f in model.history.model._meta.fields}
        assert not fields & {"search_vector", "theme_ids", "target_group_ids", "tag_ids"}


def test_restoring_an_earlier_version_validates_and_records_a_new_version(client):
    first, second = ThemeFactory(name="Eerste"), ThemeFactory(name="Tweede")
    initiative = InitiativeFactory(title="Oud", summary="Oude samenvatting", themes=[first])
    client.force_login(editor("anna", "Anna", "Jansen"))
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
    assert "Mijn eigen tekst</textarea>" in refused.content.decode()  # the summary's box

    count = initiative.history.count()
    assert client.post(restore_url, data).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.title, initiative.summary) == ("Oud", "Oude samenvatting")
    assert list(initiative.themes.all()) == [first]
    assert initiative.history.count() == count + 1
    restore = initiative.history.first()
    assert restore.history_user.username == "anna"

    # The new entry says what happened: which version came back, by whom, in Dutch words.
    with translation.override("nl"):
        when = formats.date_format(timezone.localtime(old.history_date), "DATETIME_FORMAT")
    said = f"Teruggezet naar de versie van {when} door Anna Jansen"
    assert restore.history_change_reason == said
    restored, rewritten, *_older = history_rows(client, initiative)
    assert (restored.who, restored.action) == ("Anna Jansen", said)
    title = label(Initiative, "title")
    assert (restored.removed(title), restored.added(title)) == (["Nieuw"], ["Oud"])
    assert rewritten.action == nl("Changed")


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
    saved = history_rows(client, case)[0]
    assert saved.added(label(Case, "initiatives")) == ["Het beschreven initiatief"]


HEADER = (
    "title,summary,description,themes,target_groups,tags,municipality,district,postcode,"
    "latitude,longitude,start_year,status,organisation,website\n"
)


def test_an_import_records_one_entry_per_new_or_changed_initiative_with_its_links(client):
    ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
    TargetGroupFactory(name="Ouderen", slug="ouderen")
    MunicipalityFactory(code="GM0344", name="Utrecht")
    row = "Soep {n},Samen eten,,eenzaamheid,ouderen,soep,GM0344,,,,,2020,actief,,\n"
    import_initiatives(io.BytesIO((HEADER + row.format(n=1) + row.format(n=2)).encode()))
    soup = Initiative.objects.get(title="Soep 1")
    [entry] = soup.history.all()
    assert (entry.history_type, entry.history_change_reason) == ("+", nl("Added by an import."))
    assert [r.theme.name for r in entry.themes.all()] == ["Eenzaamheid"]
    assert [r.tag.name for r in entry.tags.all()] == ["soep"]

    changed = row.format(n=1).replace("Samen eten", "Samen koken").replace(",soep,", ",koken,")
    import_initiatives(io.BytesIO((HEADER + changed + row.format(n=2)).encode()))
    newest, first = soup.history.all()
    assert newest.history_type == "~"
    assert [r.tag.name for r in newest.tags.all()] == ["koken"]
    assert Initiative.objects.get(title="Soep 2").history.count() == 1  # unchanged: no entry
    client.force_login(editor("anna"))
    rows = history_rows(client, soup)
    assert [row.action for row in rows] == [nl("Changed by an import."), nl("Added by an import.")]


def test_publication_history_shows_changed_fields_and_tags(client):
    from tests.factories import PublicationFactory

    publication = PublicationFactory(title="Wij in de Wijk 3")
    client.force_login(editor("anna", "Anna"))
    url = change_url(publication)
    data = form_data(client, url)
    data.update(subtitle="Bonding als basis", tags="bonding, zelforganisatie")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = history_rows(client, publication)[0]
    assert saved.added(label(Publication, "subtitle")) == ["Bonding als basis"]
    assert saved.removed(label(Publication, "subtitle")) == []
    assert saved.added(label(Publication, "tags")) == ["bonding", "zelforganisatie"]


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
    saved = history_rows(client, case)[0]
    quotes, media = capfirst(nl("quotes")), capfirst(nl("media links"))
    # A quote's words, not the whole quote removed and added again.
    assert words(saved.changes[quotes]) == "Samen koken verbindt. verbindt de buurt. · Fatima"
    assert (saved.removed(quotes), saved.added(quotes)) == (["verbindt."], ["verbindt de buurt."])
    assert saved.added(media) == ["Film over de buurtkeuken · https://example.nl/film · Film"]


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
    saved = history_rows(client, publication)[0]
    authors = capfirst(nl("authors"))
    assert saved.text(authors).splitlines() == [str(first), str(added)]  # one author a line
    assert (saved.removed(authors), saved.added(authors)) == ([], [str(added)])


def long_description(middle):
    """About 3,000 characters of rich text, `middle` as a paragraph deep inside it."""
    paragraphs = [
        f"<p>Alinea {n}: buren ontmoeten elkaar in het buurthuis en drinken samen koffie.</p>"
        for n in range(1, 41)
    ]
    return "".join([*paragraphs[:36], f"<p>{middle}</p>", *paragraphs[36:]])


def save_in_the_admin(client, obj, **changes):
    url = change_url(obj)
    data = form_data(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_a_change_deep_in_a_long_text_shows_with_the_words_around_it(client):
    before = long_description("Elke dinsdag koken de buren samen in het buurthuis.")
    assert len(before) > 3000
    initiative = InitiativeFactory(description=before, themes=[ThemeFactory()])
    client.force_login(editor("anna"))
    save_in_the_admin(client, initiative, description=before.replace("dinsdag", "woensdag"))

    saved = history_rows(client, initiative)[0]
    description = label(Initiative, "description")
    assert (saved.removed(description), saved.added(description)) == (["dinsdag"], ["woensdag"])
    lines = saved.text(description).splitlines()  # the whole text, a paragraph a line
    assert len(lines) == 41
    assert lines[0].startswith("Alinea 1: buren ontmoeten elkaar")
    assert " ".join(lines[36].split()) == (
        "Elke dinsdag woensdag koken de buren samen in het buurthuis."
    )
    assert lines[-1].endswith(
        "Alinea 40: buren ontmoeten elkaar in het buurthuis en drinken samen koffie."
    )
    assert "…" not in saved.text(description)


def test_rich_text_is_compared_block_by_block_and_markup_is_no_change_of_words(client):
    before = (
        "<p>Wij zijn tuiniers.</p><h2>Wat we doen</h2><ul><li>Tuinieren</li><li>Koken</li></ul>"
    )
    initiative = InitiativeFactory(description=before, themes=[ThemeFactory()])
    client.force_login(editor("anna"))
    save_in_the_admin(client, initiative, description=before.replace("Koken", "Koken en eten"))
    bolder = before.replace("Koken", "Koken en eten").replace(
        "tuiniers", "<strong>tuiniers</strong>"
    )
    save_in_the_admin(client, initiative, description=bolder)

    description = label(Initiative, "description")
    bold, reworded, *_older = history_rows(client, initiative)
    assert reworded.text(description).splitlines() == [
        "Wij zijn tuiniers.",
        "Wat we doen",
        "• Tuinieren",
        "• Koken en eten",
    ]
    assert (reworded.removed(description), reworded.added(description)) == ([], ["en eten"])
    # Bold type alone: the field is named, no word is marked as changed.
    assert (bold.removed(description), bold.added(description)) == ([], [])
    assert words(bold.changes[description]) == nl("Only the layout changed, not the words.")


def make_initiative(user=None):
    """An initiative made as the admin makes one: one entry, links included."""
    initiative = Initiative(
        title="Buurtsoep", summary="Samen eten.", municipality=MunicipalityFactory()
    )
    initiative._history_user = user
    history.pause(initiative)
    initiative.save()
    initiative.themes.set([ThemeFactory()])
    initiative.tags.set(["soep"])
    history.record(initiative, created=True)
    return initiative


def test_the_history_reads_newest_first_down_to_the_creation(client):
    anna = editor("anna", "Anna", "Jansen")
    initiative = make_initiative(anna)
    client.force_login(anna)
    save_in_the_admin(client, initiative, title="Buurtsoep Oost")
    save_in_the_admin(client, initiative, summary="Samen koken en eten.")

    rows = history_rows(client, initiative)
    assert [row.action for row in rows] == [nl("Changed"), nl("Changed"), nl("Created")]
    assert [row.who for row in rows] == ["Anna Jansen"] * 3
    summary, title = label(Initiative, "summary"), label(Initiative, "title")
    assert [list(row.changes) for row in rows] == [[summary], [title], []]
    assert rows[-1].note == ""  # made: nothing to compare with, and said once
    times = [row.when for row in rows]
    assert all(times), times


def test_an_item_whose_first_versions_were_not_kept_says_so(client):
    initiative = make_initiative()
    initiative.history.filter(history_type="+").update(history_type="~")  # older than the history
    client.force_login(editor("anna"))
    save_in_the_admin(client, initiative, title="Buurtsoep Oost")

    changed, oldest = history_rows(client, initiative)
    assert changed.action == nl("Changed")
    assert oldest.who == nl("Unknown (import or system)")
    assert oldest.action == nl("Oldest version kept")
    assert oldest.note == nl("Earlier changes were not kept.")


def test_a_demo_item_starts_with_one_entry_that_says_where_it_came_from(
    client, editor_roles, tmp_path, monkeypatch
):
    """`make run` loads the demo: each item's history starts with one entry, links included
    (not one for each link it got while loading, above which "Created" then stood)."""
    from devtools.management.commands import load_demo

    demo = json.loads((load_demo.FIXTURE_DIR / "demo.json").read_text())
    first = next(row for row in demo if row["model"] == "initiatives.initiative")
    tagged = [
        row
        for row in demo
        if row["model"] == "initiatives.taggedinitiative"
        and row["fields"]["content_object"] == first["pk"]
    ]
    tags = [
        row
        for row in demo
        if row["model"] == "taggit.tag" and row["pk"] in {t["fields"]["tag"] for t in tagged}
    ]
    for name in ("taxonomy", "regions"):
        (tmp_path / f"{name}.json").write_text((load_demo.FIXTURE_DIR / f"{name}.json").read_text())
    (tmp_path / "demo.json").write_text(json.dumps([*tags, first, *tagged]))
    monkeypatch.setattr(load_demo, "FIXTURE_DIR", tmp_path)  # one item of the demo: quicker
    call_command("load_demo", stdout=io.StringIO())

    initiative = Initiative.objects.get()
    [entry] = initiative.history.all()
    assert entry.history_type == "+"
    assert entry.themes.count() == len(first["fields"]["themes"]) > 0
    assert entry.tags.count() == len(tagged) > 0
    client.force_login(editor("anna"))
    [made] = history_rows(client, initiative)
    assert made.action == nl("Added with the demo data.")


def test_the_history_page_takes_the_same_number_of_queries_for_any_number_of_entries(client):
    client.force_login(editor("anna"))

    def initiative_with_versions(count):
        initiative = make_initiative()
        versions = []
        for n in range(count - 1):
            version = copy.copy(initiative)
            version.title = f"Buurtsoep {n}"
            version.description = long_description(f"Versie {n}")
            versions.append(version)
        history.record_many(Initiative, versions, created=False)
        return initiative

    history_rows(client, initiative_with_versions(1))  # content types are cached after this
    counts = []
    for count in (3, 25, 31):  # one page, a full page, a page with one after it
        initiative = initiative_with_versions(count)
        with CaptureQueriesContext(connection) as queries:
            rows = history_rows(client, initiative)
        counts.append(len(queries))
    # The page with a next one reads the entry before its last, to compare it with.
    assert counts == [counts[0], counts[0], counts[0] + 1], counts
    assert counts[0] <= 15, counts
    assert len(rows) == 25
    title = label(Initiative, "title")
    assert (rows[-1].removed(title), rows[-1].added(title)) == (["4"], ["5"])
    assert history_rows(client, initiative, page=2)[-1].action == nl("Created")

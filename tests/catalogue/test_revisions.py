"""Revisions: a Redacteur's change to a published item waits for an Eindredacteur, the public
keeps reading the published version, and the Eindredacteur compares, publishes or sends back.

Editors are real users in the groups the migration makes, working through the admin with
the test client, in English (as in test_workflow.py)."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Case, Publication
from catalogue.models import Revision, State
from initiatives.models import Initiative
from tests.admin_forms import change_form_data as form_data
from tests.catalogue.test_workflow import (  # noqa: F401 -- english: a fixture
    admin_url,
    editor_client,
    english,
    messages_of,
)
from tests.factories import (
    AuthorFactory,
    CaseFactory,
    InitiativeFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OLD_SUMMARY = "Buren tuinieren samen in de moestuin achter de kerk."
NEW_SUMMARY = "Buren tuinieren samen en oogsten elke zaterdag voor de voedselbank."
OLD_DESCRIPTION = "<p>Elke week werken buren samen in de moestuin.</p><p>Iedereen mag meedoen.</p>"
NEW_DESCRIPTION = (
    "<p>Elke week werken buren samen in de moestuin.</p>"
    "<p>De oogst gaat naar de voedselbank.</p><p>Iedereen mag meedoen.</p>"
)


@pytest.fixture
def redacteur(django_user_model, editor_roles):
    client = editor_client(django_user_model, "Redacteur", "rosa")
    client.user.first_name, client.user.last_name = "Rosa", "Jansen"
    client.user.email = "rosa@example.org"
    client.user.save()
    return client


@pytest.fixture
def eindredacteur(django_user_model, editor_roles):
    client = editor_client(django_user_model, "Eindredacteur", "eva")
    client.user.first_name, client.user.last_name = "Eva", "de Boer"
    client.user.save()
    return client


@pytest.fixture
def garden():
    bonding = ThemeFactory(name="Bonding", slug="bonding")
    return InitiativeFactory(
        title="Moestuin De Kerk",
        summary=OLD_SUMMARY,
        description=OLD_DESCRIPTION,
        themes=[bonding],
        published_at=timezone.now() - datetime.timedelta(days=30),
    )


def save_as(client, item, changes, button="_continue", **kwargs):
    """Open the change form as `client` and send it back with `changes`."""
    page = client.get(admin_url(item))
    assert page.status_code == 200
    return client.post(admin_url(item), form_data(page) | changes | {button: "x"}, **kwargs)


def revision_url(item, view=""):
    """The admin's pages of an item's pending change: "" (the comparison), "preview/",
    "publish/"."""
    opts = item._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{item.pk}/revision/{view}"


def public_text(client, item):
    return client.get(item.get_absolute_url()).content.decode()


def search_titles(client, words):
    response = client.get("/api/v1/initiatieven/", {"q": words})
    return [result["title"] for result in response.json()["results"]]


def test_a_redacteurs_change_to_a_published_initiative_waits_and_the_public_sees_no_change(
    redacteur, garden, client
):
    new_theme = ThemeFactory(name="Voedsel", slug="voedsel")
    group = TargetGroupFactory(name="Ouderen", slug="ouderen")
    page = redacteur.get(admin_url(garden))
    assert "When you save, your change waits for review" in page.content.decode()

    response = save_as(
        redacteur,
        garden,
        {
            "summary": NEW_SUMMARY,
            "description": NEW_DESCRIPTION,
            "themes": [t.pk for t in garden.themes.all()] + [new_theme.pk],
            "target_groups": [group.pk],
            "tags": "oogst, voedselbank",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert any("waits for review by an eindredacteur" in m for m in messages_of(response))

    stored = Initiative.objects.get(pk=garden.pk)
    assert (stored.summary, stored.description) == (OLD_SUMMARY, OLD_DESCRIPTION)
    assert [t.slug for t in stored.themes.all()] == ["bonding"]
    assert not stored.target_groups.exists() and not stored.tags.exists()
    assert stored.updated_at == garden.updated_at  # not even saved
    assert stored.history.count() == garden.history.count()

    html = public_text(client, garden)
    assert OLD_SUMMARY in html and "voedselbank" not in html
    assert "preview-banner" not in html
    assert search_titles(client, "voedselbank") == []
    assert search_titles(client, "moestuin") == ["Moestuin De Kerk"]
    listed = client.get("/initiatieven/", {"thema": "voedsel"}).content.decode()
    assert "Moestuin De Kerk" not in listed
    api = client.get("/api/v1/initiatieven/").json()["results"]
    assert [(r["summary"], r["themes"]) for r in api] == [(OLD_SUMMARY, ["bonding"])]

    revision = Revision.objects.get()
    assert revision.item == stored
    assert revision.author == redacteur.user
    assert revision.state == Revision.State.PENDING
    assert set(revision.data["fields"]) == {
        "summary",
        "description",
        "themes",
        "target_groups",
        "tags",
    }

    # The change form shows the change, with the banner; the state stays as it is.
    page = redacteur.get(admin_url(garden))
    html = page.content.decode()
    assert "A change is waiting for review" in html
    form = page.context["adminform"].form
    assert form["summary"].value() == NEW_SUMMARY
    assert {str(pk) for pk in form["themes"].value()} == {
        str(t.pk) for t in (*garden.themes.all(), new_theme)
    }
    assert "oogst" in form["tags"].value() and "voedselbank" in form["tags"].value()
    assert not form.errors


def test_further_edits_go_on_in_the_revision(redacteur, garden):
    save_as(redacteur, garden, {"summary": NEW_SUMMARY})
    first = Revision.objects.get()
    save_as(redacteur, garden, {"title": "Moestuin De Kerk en de voedselbank"})
    revision = Revision.objects.get()
    assert revision.pk == first.pk
    assert set(revision.data["fields"]) == {"summary", "title"}
    page = redacteur.get(admin_url(garden))
    form = page.context["adminform"].form
    assert form["summary"].value() == NEW_SUMMARY
    assert form["title"].value() == "Moestuin De Kerk en de voedselbank"
    assert Initiative.objects.get().title == "Moestuin De Kerk"

    # Back to what is published: nothing waits any more.
    back = {"summary": OLD_SUMMARY, "title": garden.title}
    response = save_as(redacteur, garden, back, follow=True)
    assert any("no longer differs from the published version" in m for m in messages_of(response))
    assert not Revision.objects.exists()


def test_an_eindredacteur_compares_and_publishes_and_the_public_reads_the_new_text(
    redacteur, eindredacteur, garden, client, settings
):
    settings.PAGE_CACHE_SECONDS = 300  # whole pages for visitors, keyed by the catalogue version
    new_theme = ThemeFactory(name="Voedsel", slug="voedsel")
    assert public_text(client, garden).count(OLD_SUMMARY)
    cached = client.get(garden.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit"
    save_as(
        redacteur,
        garden,
        {
            "summary": NEW_SUMMARY,
            "description": NEW_DESCRIPTION,
            "themes": [t.pk for t in garden.themes.all()] + [new_theme.pk],
        },
    )
    assert client.get(garden.get_absolute_url())["X-Page-Cache"] == "hit"  # nothing changed

    # The admin home lists it, with a link to the list of exactly those items.
    home = eindredacteur.get("/admin/").content.decode()
    queue = home[home.index('id="pending-changes"') :]
    compare_url = revision_url(garden)
    assert f'<a href="{compare_url}">Moestuin De Kerk</a>' in queue
    assert "Rosa Jansen" in queue
    assert "Initiatives with a pending change: 1" in queue
    listed = eindredacteur.get("/admin/initiatives/initiative/?revision=pending")
    assert list(listed.context["cl"].result_list) == [garden]
    InitiativeFactory(title="Zonder wijziging")
    assert eindredacteur.get("/admin/initiatives/initiative/").context["cl"].result_count == 2

    # The comparison: per field, word by word, rich text as text, links by name.
    page = eindredacteur.get(compare_url)
    html = page.content.decode()
    changes = {change.label: str(change.diff) for change in page.context["changes"]}
    assert set(changes) == {"Summary", "Description", "Themes"}
    assert "<del>in de moestuin achter de kerk.</del>" in changes["Summary"]
    assert "<ins>en oogsten elke zaterdag voor de voedselbank.</ins>" in changes["Summary"]
    assert changes["Description"] == (
        "Elke week werken buren samen in de moestuin.\n"
        "<ins>De oogst gaat naar de voedselbank.\n</ins>"
        "Iedereen mag meedoen."
    )
    assert changes["Themes"] == "Bonding<ins>\nVoedsel</ins>"  # a name a line
    assert "Publish this change" in html and "Send back with this comment" in html
    token = page.context["revision_version"]

    response = eindredacteur.post(revision_url(garden, "publish/"), {"revision_version": token})
    assert response.status_code == 302
    assert response["Location"] == admin_url(garden)
    messages = messages_of(eindredacteur.get(response["Location"]))
    assert "The change to “Moestuin De Kerk” by Rosa Jansen is published." in messages

    stored = Initiative.objects.get(pk=garden.pk)
    assert (stored.summary, stored.description) == (NEW_SUMMARY, NEW_DESCRIPTION)
    assert {t.slug for t in stored.themes.all()} == {"bonding", "voedsel"}
    assert (stored.state, stored.published_at) == (State.PUBLISHED, garden.published_at)
    assert stored.updated_by == eindredacteur.user
    entry = stored.history.first()
    assert entry.history_user == eindredacteur.user and entry.summary == NEW_SUMMARY
    assert not Revision.objects.exists()

    # Visitors: the page (no longer the cached one), search, lists and the API.
    response = client.get(garden.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert NEW_SUMMARY in html and "De oogst gaat naar de voedselbank." in html
    assert OLD_SUMMARY not in html
    assert search_titles(client, "voedselbank") == ["Moestuin De Kerk"]
    assert search_titles(client, "achter kerk") == []
    listed = client.get("/initiatieven/", {"thema": "voedsel"}).content.decode()
    assert "Moestuin De Kerk" in listed


def test_a_case_changes_with_its_sections_and_quotes_and_a_publication_with_its_authors(
    redacteur, eindredacteur, client
):
    theme = ThemeFactory()
    case = CaseFactory(
        title="Buurtkamer Oost", approach="Bewoners openen de buurtkamer zelf.", themes=[theme]
    )
    case.quotes.create(text="Hier ken ik iedereen.", speaker="Ans", position=1)
    page = redacteur.get(admin_url(case))
    data = form_data(page) | {
        "approach": "Bewoners openen de buurtkamer zelf, drie ochtenden per week.",
        "quotes-0-text": "Hier ken ik iedereen, en iedereen kent mij.",
        "quotes-1-text": "Koffie is hier altijd klaar.",
        "quotes-1-speaker": "Mo",
        "quotes-1-position": "2",
        "quotes-TOTAL_FORMS": "2",
        "_continue": "x",
    }
    assert redacteur.post(admin_url(case), data).status_code == 302
    assert Case.objects.get().approach == "Bewoners openen de buurtkamer zelf."
    assert [q.text for q in Case.objects.get().quotes.all()] == ["Hier ken ik iedereen."]
    assert "Koffie" not in public_text(client, case)

    # Editing goes on in it: the form shows both quotes.
    page = redacteur.get(admin_url(case))
    formset = page.context["inline_admin_formsets"][0].formset
    assert [form["text"].value() for form in formset.forms] == [
        "Hier ken ik iedereen, en iedereen kent mij.",
        "Koffie is hier altijd klaar.",
    ]

    compare = eindredacteur.get(revision_url(case))
    changes = {change.label: str(change.diff) for change in compare.context["changes"]}
    assert changes["Approach and activities"] == (
        "Bewoners openen de buurtkamer <del>zelf.</del><ins>zelf, drie ochtenden per week.</ins>"
    )
    assert changes["Quotes"] == (
        "Hier ken ik <del>iedereen. · Ans</del><ins>iedereen, en iedereen kent mij. · Ans\n"
        "Koffie is hier altijd klaar. · Mo</ins>"
    )
    token = compare.context["revision_version"]
    eindredacteur.post(revision_url(case, "publish/"), {"revision_version": token})
    html = public_text(client, case)
    assert "drie ochtenden per week" in html and "Koffie is hier altijd klaar." in html
    assert [q.speaker for q in Case.objects.get().quotes.all()] == ["Ans", "Mo"]

    first, second = AuthorFactory(surname="Wit"), AuthorFactory(surname="Zwart")
    publication = PublicationFactory(title="Wij in de Wijk 3", authors=[first], themes=[theme])
    page = redacteur.get(admin_url(publication))
    formset = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix != "submission"
    )
    prefix = formset.prefix
    data = form_data(page) | {
        f"{prefix}-1-author": str(second.pk),
        f"{prefix}-1-position": "2",
        "_continue": "x",
    }
    assert redacteur.post(admin_url(publication), data).status_code == 302
    assert list(Publication.objects.get().authors.all()) == [first]
    compare = eindredacteur.get(revision_url(publication))
    changes = {change.label: str(change.diff) for change in compare.context["changes"]}
    assert changes == {"Authors": f"{first}<ins>\n{second}</ins>"}
    token = compare.context["revision_version"]
    eindredacteur.post(revision_url(publication, "publish/"), {"revision_version": token})
    assert list(Publication.objects.get().authors.order_by("publicationauthor")) == [
        first,
        second,
    ]

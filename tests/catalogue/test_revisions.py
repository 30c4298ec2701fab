"""Revisions: a Redacteur's change to a published item waits for an Eindredacteur, the public
keeps reading the published version, and the Eindredacteur compares, publishes or sends back.

Editors are real users in the groups the migration makes, working through the admin with
the test client, in English (as in test_workflow.py)."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from cases.models import Case, Publication
from catalogue.models import CatalogueVersion, Revision, State
from initiatives.models import Initiative
from tests.admin_forms import change_form_data as form_data
from tests.catalogue.test_history import form_data as restore_form_data
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
    MunicipalityFactory,
    PublicationFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.outbox import queued

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
def bart(django_user_model, editor_roles):
    """A second redacteur, who saves a change for review while others have the form open."""
    client = editor_client(django_user_model, "Redacteur", "bart")
    client.user.email = "bart@example.org"
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
    assert '?revision=pending">Initiatives (1)</a>' in queue
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
    assert changes["Themes"] == '<span class="diff-label">Added:</span> <ins>Voedsel</ins>'
    assert "Publish this change" in html and "Send back with this comment" in html
    token = page.context["revision_version"]

    response = eindredacteur.post(revision_url(garden, "publish/"), {"revision_version": token})
    assert response.status_code == 302
    assert response["Location"] == admin_url(garden)
    messages = messages_of(eindredacteur.get(response["Location"]))
    assert "The change to “Moestuin De Kerk” by Rosa Jansen is published." in messages
    # The history says whose change it was, and who published it.
    entry = garden.history.latest()
    assert entry.history_user.username == "eva"
    assert entry.history_change_reason == "Change by Rosa Jansen, published by Eva de Boer"

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


# Sending back --------------------------------------------------------------------------------


def send_back(client, item, comment):
    url = f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/send-back/"
    return client.post(url, {"comment": comment})


COMMENT = "Noem ook de openingstijden.\nEn de naam van de voedselbank."


def test_a_change_sent_back_with_a_comment_reaches_its_author(
    redacteur, eindredacteur, garden, client
):
    save_as(redacteur, garden, {"summary": NEW_SUMMARY})
    page = eindredacteur.get(revision_url(garden))
    assert "Send back with this comment" in page.content.decode()
    assert send_back(eindredacteur, garden, "").status_code == 200  # a comment is needed
    assert Revision.objects.get().state == Revision.State.PENDING

    response = send_back(eindredacteur, garden, COMMENT)
    assert response.status_code == 302
    revision = Revision.objects.get()
    assert (revision.state, revision.comment, revision.sent_back_by) == (
        Revision.State.SENT_BACK,
        COMMENT,
        eindredacteur.user,
    )
    assert Initiative.objects.get().summary == OLD_SUMMARY  # the public version stays
    assert OLD_SUMMARY in public_text(client, garden)

    # The e-mail (in the site's language), with the comment and the way back to the item.
    [message] = queued()
    assert message.to == ["rosa@example.org"]
    assert message.subject == "Sent back to you: Moestuin De Kerk"
    assert COMMENT in message.body and "Eva de Boer" in message.body
    assert f"http://testserver{admin_url(garden)}" in message.body

    # Rosa sees it on her admin home and on the item, whose form still holds her change.
    home = redacteur.get("/admin/").content.decode()
    queue = home[home.index('id="sent-back-to-me"') :]
    assert f'<a href="{admin_url(garden)}">Moestuin De Kerk</a>' in queue
    assert "Noem ook de openingstijden." in queue and "Eva de Boer" in queue
    assert '?revision=sent_back_to_me">Initiatives (1)</a>' in queue
    mine = redacteur.get("/admin/initiatives/initiative/?revision=sent_back_to_me")
    assert list(mine.context["cl"].result_list) == [garden]
    theirs = eindredacteur.get("/admin/").content.decode()
    assert "Nothing was sent back to you." in theirs[theirs.index('id="sent-back-to-me"') :]
    page = redacteur.get(admin_url(garden))
    html = page.content.decode()
    assert "This change was sent back" in html
    assert "Noem ook de openingstijden.<br>En de naam van de voedselbank." in html
    assert "Eva de Boer sent it back on" in html
    assert page.context["adminform"].form["summary"].value() == NEW_SUMMARY

    # She revises and saves: it waits for review again, out of her queue.
    save_as(redacteur, garden, {"summary": NEW_SUMMARY + " Open op zaterdag."})
    assert Revision.objects.get().state == Revision.State.PENDING
    assert (
        not redacteur.get("/admin/initiatives/initiative/?revision=sent_back_to_me")
        .context["cl"]
        .result_count
    )


def test_sending_back_succeeds_when_the_mail_server_is_down_and_the_mail_waits(
    redacteur, eindredacteur, garden, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    save_as(redacteur, garden, {"summary": NEW_SUMMARY})
    response = send_back(eindredacteur, garden, COMMENT)
    assert response.status_code == 302
    assert Revision.objects.get().comment == COMMENT
    assert [message.to for message in queued()] == [["rosa@example.org"]]
    assert "Noem ook de openingstijden." in redacteur.get(admin_url(garden)).content.decode()


def test_an_item_in_review_goes_back_to_draft_with_a_comment(redacteur, eindredacteur):
    draft = InitiativeFactory(draft=True, title="Repair café", themes=[ThemeFactory()])
    save_as(redacteur, draft, {"_workflow_submit": "x"})
    draft.refresh_from_db()
    assert draft.state == State.REVIEW
    page = eindredacteur.get(admin_url(draft))
    send_back_url = f"/admin/initiatives/initiative/{draft.pk}/send-back/"
    assert send_back_url in page.content.decode()
    assert "Comment for the author" in eindredacteur.get(send_back_url).content.decode()

    response = send_back(eindredacteur, draft, "Voeg een foto toe.")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert draft.history.first().history_user == eindredacteur.user
    revision = Revision.objects.get()
    assert (revision.author, revision.data, revision.comment) == (
        redacteur.user,
        None,
        "Voeg een foto toe.",
    )
    assert [message.to for message in queued()] == [["rosa@example.org"]]
    assert (
        "Repair café" in redacteur.get("/admin/").content.decode().split('id="sent-back-to-me"')[1]
    )
    html = redacteur.get(admin_url(draft)).content.decode()
    assert "This item was sent back to draft" in html and "Voeg een foto toe." in html

    # Submitted again: the comment has had its answer.
    save_as(redacteur, draft, {"_workflow_submit": "x"})
    assert not Revision.objects.exists()
    # Only an item in review, or a pending change, can be sent back.
    published = InitiativeFactory(themes=[ThemeFactory()])
    send_back(eindredacteur, published, "Nee.")
    assert not Revision.objects.exists()


def test_a_redacteur_cannot_publish_nor_send_back_by_a_crafted_request(
    redacteur, eindredacteur, garden
):
    save_as(redacteur, garden, {"summary": NEW_SUMMARY})
    token = eindredacteur.get(revision_url(garden)).context["revision_version"]
    page = redacteur.get(revision_url(garden))
    assert page.status_code == 200  # she may read the comparison of her change
    assert "Publish this change" not in page.content.decode()
    response = redacteur.post(revision_url(garden, "publish/"), {"revision_version": token})
    assert response.status_code == 403
    assert send_back(redacteur, garden, "Zelf teruggestuurd.").status_code == 403
    assert Initiative.objects.get().summary == OLD_SUMMARY
    assert Revision.objects.get().state == Revision.State.PENDING
    # Nor with the state field or a button on the form.
    save_as(redacteur, garden, {"state": "draft", "_workflow_publish": "x"})
    assert Initiative.objects.get().summary == OLD_SUMMARY
    # An eindredacteur who opened the comparison before the change was saved again must look
    # once more.
    save_as(redacteur, garden, {"summary": NEW_SUMMARY + " Nog iets."})
    response = eindredacteur.post(revision_url(garden, "publish/"), {"revision_version": token})
    assert response.status_code == 302 and response["Location"] == revision_url(garden)
    assert Initiative.objects.get().summary == OLD_SUMMARY


def test_a_redacteur_restoring_an_old_version_of_a_published_item_makes_a_revision(
    redacteur, eindredacteur, garden, client
):
    old = garden.history.first()
    eindredacteur_page = eindredacteur.get(admin_url(garden))
    data = form_data(eindredacteur_page) | {"summary": NEW_SUMMARY, "_continue": "x"}
    assert eindredacteur.post(admin_url(garden), data).status_code == 302  # live: she may
    assert NEW_SUMMARY in public_text(client, garden)

    restore_url = f"/admin/initiatives/initiative/{garden.pk}/history/{old.history_id}/"
    response = redacteur.post(restore_url, restore_form_data(redacteur, restore_url))
    assert response.status_code == 302
    assert response["Location"] == admin_url(garden)
    stored = Initiative.objects.get()
    assert stored.summary == NEW_SUMMARY and NEW_SUMMARY in public_text(client, garden)
    revision = Revision.objects.get()
    assert revision.author == redacteur.user
    changes = {
        c.label: str(c.diff) for c in eindredacteur.get(revision_url(garden)).context["changes"]
    }
    assert list(changes) == ["Summary"], changes
    assert "<ins>in de moestuin achter de kerk.</ins>" in changes["Summary"]


def test_an_import_by_a_redacteur_never_changes_a_published_initiative(client):
    from initiatives.imports import import_initiatives
    from tests.initiatives import test_admin_import as admin_import

    ThemeFactory(name="Bonding", slug="bonding")
    MunicipalityFactory(code="GM0344", name="Utrecht")
    published = admin_import.row(state="published")
    import_initiatives(admin_import.csv_upload([published]).file)  # as `manage.py` does
    lombok = Initiative.objects.get()
    assert lombok.is_published

    editor = admin_import.staff_client(*admin_import.EDITOR)
    columns = [column for column in admin_import.COLUMNS if column != "state"]
    same = admin_import.upload(editor, admin_import.csv_upload([published], columns))
    assert admin_import.preview_rows(same)[0][1] == "skip"  # unchanged: nothing to review
    changed = admin_import.row(summary="Een huiskamer voor de hele wijk.")
    response = admin_import.upload(editor, admin_import.csv_upload([changed], columns))
    [(number, outcome, _title, details)] = admin_import.preview_rows(response)
    assert (number, outcome) == ("2", "invalid")
    assert "This initiative is published, and an import may not change it." in details
    assert not admin_import.confirm_button(response)
    assert Initiative.objects.get().summary == "Een huiskamer voor de buurt."
    assert "Een huiskamer voor de buurt." in public_text(client, lombok)


# Preview, caches, two editors, files ---------------------------------------------------------


def test_the_preview_shows_the_change_to_editors_and_nothing_of_it_reaches_visitors(
    redacteur, eindredacteur, garden, client, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    public_text(client, garden)
    client.get("/initiatieven/", {"thema": "bonding"})  # facet counts cached as well
    save_as(redacteur, garden, {"summary": NEW_SUMMARY, "title": "Moestuin en voedselbank"})

    version = CatalogueVersion.current()
    page = redacteur.get(admin_url(garden))
    preview_url = revision_url(garden, "preview/")
    assert preview_url in page.content.decode()  # the "Preview" link of the change form
    for editor in (redacteur, eindredacteur):
        response = editor.get(preview_url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Preview of a change waiting for review." in html
        assert NEW_SUMMARY in html and "<h1>Moestuin en voedselbank</h1>" in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert "no-store" in response["Cache-Control"]

    # Nothing was saved, and nothing rendered from the change is in any cache; the caches of
    # visitors stay as valid as they were.
    assert CatalogueVersion.current() == version
    assert client.get(garden.get_absolute_url())["X-Page-Cache"] == "hit"
    stored = Initiative.objects.get()
    assert (stored.title, stored.summary) == ("Moestuin De Kerk", OLD_SUMMARY)
    assert not Revision.objects.get().data.get("scratch")  # no file was written
    for response in (
        client.get(garden.get_absolute_url()),
        client.get("/initiatieven/", {"thema": "bonding"}),
    ):
        html = response.content.decode()
        assert "Moestuin De Kerk" in html
        assert NEW_SUMMARY not in html and "Moestuin en voedselbank" not in html
    assert search_titles(client, "voedselbank") == []
    assert client.get(preview_url).status_code == 302  # to the login: not for visitors


def test_a_form_opened_before_someone_saved_a_change_for_review_is_refused_once(
    redacteur, eindredacteur, bart, garden
):
    rosa_page = redacteur.get(admin_url(garden))
    eva_page = eindredacteur.get(admin_url(garden))
    save_as(bart, garden, {"title": "Moestuin van Bart"})

    # Eva would publish over Bart's change unseen; Rosa would replace it unseen.
    for client, page, changes in (
        (eindredacteur, eva_page, {"organisation": "Kerkraad"}),
        (redacteur, rosa_page, {"summary": NEW_SUMMARY}),
    ):
        data = form_data(page) | changes | {"_continue": "x"}
        refused = client.post(admin_url(garden), data)
        assert refused.status_code == 200
        [message] = refused.context["adminform"].form.non_field_errors()
        assert "saved a change for review on" in message and "bart" in message
    assert Initiative.objects.get().organisation != "Kerkraad"
    assert Revision.objects.get().data["form"] == {"title": ["Moestuin van Bart"]}
    # Saved again on purpose: Rosa's version replaces Bart's, and Bart gets what he wrote.
    data = form_data(refused) | {"_continue": "x"}
    assert redacteur.post(admin_url(garden), data).status_code == 302
    assert Revision.objects.get().data["form"] == {"summary": [NEW_SUMMARY]}
    [mail] = queued()
    assert mail.to == ["bart@example.org"]
    assert "Rosa Jansen" in mail.body and "Moestuin van Bart" in mail.body


def test_an_eindredacteur_saving_over_an_unseen_change_sends_it_back_kept(
    eindredacteur, bart, garden
):
    """Nothing is lost: a walk found the other editor's change deleted without a word."""
    eva_page = eindredacteur.get(admin_url(garden))
    save_as(bart, garden, {"title": "Moestuin van Bart"})
    refused = eindredacteur.post(
        admin_url(garden), form_data(eva_page) | {"organisation": "Kerkraad", "_continue": "x"}
    )
    assert refused.status_code == 200
    saved = eindredacteur.post(admin_url(garden), form_data(refused) | {"_continue": "x"})
    assert saved.status_code == 302
    live = Initiative.objects.get()
    assert (live.organisation, live.title) == ("Kerkraad", "Moestuin De Kerk")
    kept = Revision.objects.get()
    assert kept.state == Revision.State.SENT_BACK
    assert kept.data["form"] == {"title": ["Moestuin van Bart"]}
    assert kept.author == bart.user and kept.sent_back_by == eindredacteur.user
    assert "Eva de Boer saved their own version" in kept.comment
    assert [message.to for message in queued()] == [["bart@example.org"]]


def test_an_eindredacteur_saving_a_change_the_form_held_publishes_it(
    redacteur, eindredacteur, garden
):
    save_as(redacteur, garden, {"summary": NEW_SUMMARY})
    assert save_as(eindredacteur, garden, {"organisation": "Kerkraad"}).status_code == 302
    live = Initiative.objects.get()
    assert (live.summary, live.organisation) == (NEW_SUMMARY, "Kerkraad")
    assert not Revision.objects.exists()


def test_marking_a_published_initiative_verified_counts_at_once_beside_a_pending_change(
    redacteur, garden, client
):
    save_as(redacteur, garden, {"summary": NEW_SUMMARY})
    response = save_as(redacteur, garden, {}, button="_verify", follow=True)
    stored = Initiative.objects.get()
    assert stored.last_verified == timezone.localdate()
    assert stored.summary == OLD_SUMMARY
    assert f"“{garden.title}” is marked as verified today." in messages_of(response)
    assert Revision.objects.get().data["form"] == {"summary": [NEW_SUMMARY]}
    assert "Last checked" in public_text(client, garden)


def test_a_new_image_waits_with_the_change_and_is_published_with_it(
    redacteur, eindredacteur, garden, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from PIL import Image

    from tests.catalogue.test_images import phone_photo, upload

    settings.MEDIA_ROOT = tmp_path
    page = redacteur.get(admin_url(garden))
    data = form_data(page) | {
        "image": upload(content=phone_photo(), name="oogst.jpg"),
        "image_alt": "Buren met een krat groente",
        "_continue": "x",
    }
    assert redacteur.post(admin_url(garden), data).status_code == 302
    assert not Initiative.objects.get().image
    [(key, stashed)] = Revision.objects.get().data["files"].items()
    assert key == "image" and stashed.startswith("revisions/")
    with default_storage.open(stashed) as file, Image.open(file) as image:
        assert not image.getexif() and "comment" not in image.info  # no place, no camera
    assert "Buren met een krat groente" not in public_text(client, garden)

    # Saved again without choosing the file again: the image stays in the change.
    save_as(redacteur, garden, {"summary": NEW_SUMMARY})
    assert Revision.objects.get().data["files"] == {"image": stashed}

    compare = eindredacteur.get(revision_url(garden))
    changes = {c.label: str(c.diff) for c in compare.context["changes"]}
    assert changes["Image"] == "(empty) → <ins>oogst.jpg</ins>"
    preview = eindredacteur.get(revision_url(garden, "preview/")).content.decode()
    assert 'alt="Buren met een krat groente"' in preview
    scratch = Revision.objects.get().data["scratch"]
    assert scratch and all(default_storage.exists(name) for name in scratch)

    token = compare.context["revision_version"]
    with django_capture_on_commit_callbacks(execute=True):
        eindredacteur.post(revision_url(garden, "publish/"), {"revision_version": token})
    stored = Initiative.objects.get()
    assert stored.image and stored.image.name.startswith("initiatives/")
    assert 'alt="Buren met een krat groente"' in public_text(client, garden)
    assert not default_storage.exists(stashed)
    assert not any(default_storage.exists(name) for name in scratch)


def test_the_queues_cost_the_same_queries_however_much_waits(redacteur, eindredacteur):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(client):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    def wait(factory):
        item = factory(themes=[ThemeFactory()])
        save_as(redacteur, item, {"title": f"{item.title} (nieuw)"})
        return item

    for factory in (InitiativeFactory, CaseFactory, PublicationFactory):  # one of each kind
        send_back(eindredacteur, wait(factory), "Nee.")
        wait(factory)
    few = queries(eindredacteur), queries(redacteur)
    for factory in (InitiativeFactory, CaseFactory, PublicationFactory) * 3:
        send_back(eindredacteur, wait(factory), "Nog niet.")
        wait(factory)
    assert (queries(eindredacteur), queries(redacteur)) == few
    assert '?revision=sent_back_to_me">Cases (4)</a>' in redacteur.get("/admin/").content.decode()


def test_deleting_an_item_takes_its_pending_change_and_files_along(
    redacteur, eindredacteur, garden, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.catalogue.test_images import upload

    settings.MEDIA_ROOT = tmp_path
    data = form_data(redacteur.get(admin_url(garden))) | {
        "image": upload(),
        "image_alt": "Buren",
        "_continue": "x",
    }
    redacteur.post(admin_url(garden), data)
    stashed = Revision.objects.get().data["files"]["image"]
    with django_capture_on_commit_callbacks(execute=True):
        response = eindredacteur.post(f"{admin_url(garden, 'delete')}", {"post": "yes"})
    assert response.status_code == 302
    assert not Revision.objects.exists() and not default_storage.exists(stashed)


def test_what_changed_in_the_published_version_meanwhile_is_kept_when_the_change_goes_live(
    redacteur, eindredacteur, garden
):
    save_as(redacteur, garden, {"summary": NEW_SUMMARY})
    # Meanwhile the initiative is checked (a list action: it counts at once).
    redacteur.post(
        "/admin/initiatives/initiative/",
        {"action": "mark_verified", "_selected_action": [garden.pk], "index": 0},
    )
    assert Initiative.objects.get().last_verified == timezone.localdate()
    compare = eindredacteur.get(revision_url(garden))
    assert compare.context["changed_since"]
    assert "after this change was written" in compare.content.decode()
    assert [change.label for change in compare.context["changes"]] == ["Summary"]
    token = compare.context["revision_version"]
    eindredacteur.post(revision_url(garden, "publish/"), {"revision_version": token})
    stored = Initiative.objects.get()
    assert (stored.summary, stored.last_verified) == (NEW_SUMMARY, timezone.localdate())

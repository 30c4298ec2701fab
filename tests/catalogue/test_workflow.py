"""The editors' workflow: two roles, who may publish by which route, keeping
initiatives current and previewing what is not public yet.

Editors are real users in the groups the migration creates, working through the admin with
the test client, in English (the site's default language is switched for these tests), so
the assertions do not depend on the Dutch translation."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches
from django.utils import timezone

from catalogue.models import State
from initiatives.models import Initiative
from tests.admin_forms import change_form_data as form_data
from tests.factories import (
    AuthorFactory,
    CaseFactory,
    InitiativeFactory,
    PublicationFactory,
    ThemeFactory,
)
from wijkplatform.roles import apply_roles

pytestmark = pytest.mark.django_db

EDIT = {"add", "change", "view"}
REDACTEUR = (
    {f"initiatives.{action}_initiative" for action in EDIT}
    | {f"cases.{action}_case" for action in EDIT}
    | {f"cases.{action}_publication" for action in EDIT}
    | {"cases.add_author", "cases.view_author"}
    | {
        f"cases.{action}_{model}"
        for action in EDIT | {"delete"}
        for model in ("casequote", "casemedialink", "publicationauthor")
    }
    | {f"themes.view_{model}" for model in ("theme", "targetgroup")}
    | {
        f"places.view_{model}"
        for model in ("province", "municipality", "district", "neighbourhood", "postcode")
    }
    | {"taggit.view_tag", "catalogue.view_searchterm"}
)
EINDREDACTEUR = REDACTEUR | {
    "initiatives.publish_initiative",
    "initiatives.delete_initiative",
    "cases.publish_case",
    "cases.delete_case",
    "cases.publish_publication",
    "cases.delete_publication",
    "cases.change_author",  # a new name shows on published pages at once
    # the search lexicon ("Zoekwoorden") is kept by the Eindredacteur
    "catalogue.add_searchterm",
    "catalogue.change_searchterm",
    "catalogue.delete_searchterm",
}


@pytest.fixture
def english(settings):
    """English as the default language; addresses are reversed afresh before and after, since
    the resolver keeps them per language, with or without the /en/ prefix."""
    default = settings.LANGUAGE_CODE
    clear_url_caches()
    settings.LANGUAGE_CODE = "en"
    yield
    settings.LANGUAGE_CODE = default
    clear_url_caches()


def group_permissions(name):
    permissions = Group.objects.get(name=name).permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def editor_client(django_user_model, role, username=None):
    """A logged-in staff member in the group `role` (None: in no group)."""
    user = django_user_model.objects.create_user(
        username or role.lower(), password="geheim-wachtwoord", is_staff=True
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def redacteur(django_user_model, editor_roles, english):
    return editor_client(django_user_model, "Redacteur")


@pytest.fixture
def eindredacteur(django_user_model, editor_roles, english):
    return editor_client(django_user_model, "Eindredacteur")


def admin_url(obj, view="change"):
    opts = obj._meta
    suffix = "" if view == "changelist" else f"{obj.pk}/{view}/"
    return f"/admin/{opts.app_label}/{opts.model_name}/{suffix}"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Roles --------------------------------------------------------------------------------------


def test_the_groups_have_exactly_their_permissions(editor_roles):
    assert group_permissions("Redacteur") == REDACTEUR
    assert group_permissions("Eindredacteur") == EINDREDACTEUR
    assert not any(
        "publish" in name or "delete_" in name
        for name in REDACTEUR
        - {f"cases.delete_{model}" for model in ("casequote", "casemedialink", "publicationauthor")}
    )


def test_the_roles_can_be_put_back_to_exactly_their_permissions(editor_roles):
    redacteur = Group.objects.get(name="Redacteur")
    redacteur.permissions.remove(Permission.objects.get(codename="change_initiative"))
    redacteur.permissions.add(Permission.objects.get(codename="publish_case"))

    apply_roles()

    assert group_permissions("Redacteur") == REDACTEUR
    assert group_permissions("Eindredacteur") == EINDREDACTEUR


# A Redacteur writes and submits, but never publishes -----------------------------------------


def test_a_redacteur_adds_a_draft_and_submits_it_for_review(redacteur):
    theme = ThemeFactory()
    form = redacteur.get("/admin/initiatives/initiative/add/")
    choices = [value for value, label in form.context["adminform"].form.fields["state"].choices]
    assert choices == ["draft", "review"]
    data = form_data(form) | {
        "title": "Samen eten",
        "summary": "Elke week.",
        "themes": [theme.pk],
    }
    response = redacteur.post("/admin/initiatives/initiative/add/", data | {"_save": "Save"})
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Samen eten")
    assert initiative.state == State.DRAFT
    assert initiative.created_by == redacteur.user

    page = redacteur.get(admin_url(initiative))
    html = page.content.decode()
    assert 'name="_workflow_submit"' in html
    assert 'name="_workflow_publish"' not in html
    response = redacteur.post(
        admin_url(initiative), form_data(page) | {"_workflow_submit": "Submit"}, follow=True
    )
    initiative.refresh_from_db()
    assert initiative.state == State.REVIEW
    assert initiative.published_at is None
    assert "Submitted for review: 1 initiative." in messages_of(response)


def test_a_redacteur_cannot_publish_through_the_state_field(redacteur):
    initiative = InitiativeFactory(review=True, themes=[ThemeFactory()])
    page = redacteur.get(admin_url(initiative))
    data = form_data(page) | {"state": "published", "title": "Mijn nieuwe titel"}
    response = redacteur.post(admin_url(initiative), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "You may not give an item this state" in str(form.errors["state"])
    assert 'value="Mijn nieuwe titel"' in response.content.decode()  # the input is kept
    initiative.refresh_from_db()
    assert (initiative.state, initiative.published_at) == (State.REVIEW, None)


def test_a_redacteur_cannot_publish_with_a_crafted_button(redacteur):
    initiative = InitiativeFactory(review=True, themes=[ThemeFactory()])
    data = form_data(redacteur.get(admin_url(initiative)))
    for button in ("_workflow_publish", "_workflow_archive"):
        response = redacteur.post(admin_url(initiative), data | {button: "x"})
        assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == State.REVIEW


def test_a_redacteur_has_no_publishing_actions_and_a_crafted_one_does_nothing(redacteur):
    initiative = InitiativeFactory(draft=True)
    changelist = redacteur.get(admin_url(initiative, "changelist"))
    actions = [name for name, label in changelist.context["action_form"].fields["action"].choices]
    assert "submit" in actions
    assert not {"publish", "unpublish", "archive", "delete_selected"} & set(actions)

    redacteur.post(
        admin_url(initiative, "changelist"),
        {"action": "publish", "_selected_action": [initiative.pk], "index": 0},
    )
    initiative.refresh_from_db()
    assert initiative.state == State.DRAFT


def test_a_redacteurs_correction_of_a_published_item_waits_for_review_and_keeps_it_online(
    redacteur,
):
    published_at = timezone.now() - datetime.timedelta(days=30)
    initiative = InitiativeFactory(published_at=published_at, themes=[ThemeFactory()])
    page = redacteur.get(admin_url(initiative))
    assert "state" not in page.context["adminform"].form.fields  # shown, not editable
    html = page.content.decode()
    assert "_workflow_" not in html  # no submit, unpublish or archive for them here
    data = form_data(page) | {"summary": "Gecorrigeerd.", "state": "draft", "_save": "Save"}
    response = redacteur.post(admin_url(initiative), data)
    assert response.status_code == 302
    initiative.refresh_from_db()
    # The correction waits for an eindredacteur (test_revisions.py); the item stays online.
    assert initiative.summary != "Gecorrigeerd."
    assert initiative.revisions.get().data["form"]["summary"] == ["Gecorrigeerd."]
    assert (initiative.state, initiative.published_at) == (State.PUBLISHED, published_at)
    # Nor can a crafted button send it back to review.
    page = redacteur.get(admin_url(initiative))
    response = redacteur.post(admin_url(initiative), form_data(page) | {"_workflow_submit": "x"})
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.state == State.PUBLISHED


@pytest.mark.parametrize("factory", [InitiativeFactory, CaseFactory, PublicationFactory])
def test_a_redacteur_cannot_publish_any_kind_of_item(redacteur, factory):
    item = factory(review=True, themes=[ThemeFactory()])
    page = redacteur.get(admin_url(item))
    assert page.status_code == 200
    assert [v for v, _ in page.context["adminform"].form.fields["state"].choices] == [
        "draft",
        "review",
    ]
    assert (
        redacteur.post(admin_url(item), form_data(page) | {"_workflow_publish": "x"}).status_code
        == 403
    )
    redacteur.post(
        admin_url(item, "changelist"),
        {"action": "publish", "_selected_action": [item.pk], "index": 0},
    )
    item.refresh_from_db()
    assert item.state == State.REVIEW


# An Eindredacteur publishes, unpublishes and archives -----------------------------------------


@pytest.mark.parametrize("factory", [InitiativeFactory, CaseFactory, PublicationFactory])
def test_an_eindredacteur_publishes_from_the_list_and_hears_what_was_left_alone(
    eindredacteur, factory
):
    theme = ThemeFactory()  # what the change form requires, publishing requires too
    waiting = [factory(review=True, title=f"Wacht {n}", themes=[theme]) for n in range(2)]
    already = factory(title="Al online")
    response = eindredacteur.post(
        admin_url(already, "changelist"),
        {"action": "publish", "_selected_action": [i.pk for i in [*waiting, already]], "index": 0},
        follow=True,
    )
    plural = type(already)._meta.verbose_name_plural
    assert f"Published: 2 {plural}." in messages_of(response)
    assert "Left alone, 1 item: “Al online” (the state is already “Published”)." in messages_of(
        response
    )
    for item in waiting:
        item.refresh_from_db()
        assert item.state == State.PUBLISHED
        assert item.published_at is not None
    # Publishing is public: the page is there for everyone.
    assert Client().get(waiting[0].get_absolute_url()).status_code == 200


def test_an_eindredacteur_unpublishes_and_archives_from_the_list(eindredacteur):
    online, offline = InitiativeFactory(), InitiativeFactory(draft=True)
    url = admin_url(online, "changelist")
    response = eindredacteur.post(
        url,
        {"action": "unpublish", "_selected_action": [online.pk, offline.pk], "index": 0},
        follow=True,
    )
    assert "Taken offline, back to draft: 1 initiative." in messages_of(response)
    assert f"“{offline.title}” (the state is already “Draft”)" in messages_of(response)[1]
    online.refresh_from_db()
    assert online.state == State.DRAFT
    assert Client().get(online.get_absolute_url()).status_code == 404

    eindredacteur.post(url, {"action": "archive", "_selected_action": [online.pk], "index": 0})
    online.refresh_from_db()
    assert online.state == State.ARCHIVED


def test_an_eindredacteur_publishes_and_archives_with_the_buttons(eindredacteur):
    initiative = InitiativeFactory(review=True, themes=[ThemeFactory()])
    page = eindredacteur.get(admin_url(initiative))
    html = page.content.decode()
    assert 'name="_workflow_publish"' in html and 'name="_workflow_archive"' in html
    assert 'name="_workflow_submit"' not in html  # it is in review already
    # The edit made with the button is saved along with it.
    data = form_data(page) | {"summary": "Nu online.", "_workflow_publish": "Publish"}
    response = eindredacteur.post(admin_url(initiative), data, follow=True)
    assert "Published: 1 initiative." in messages_of(response)
    initiative.refresh_from_db()
    assert (initiative.state, initiative.summary) == (State.PUBLISHED, "Nu online.")
    assert initiative.published_at is not None
    assert initiative.updated_by == eindredacteur.user

    page = eindredacteur.get(admin_url(initiative))
    assert 'name="_workflow_unpublish"' in page.content.decode()
    eindredacteur.post(admin_url(initiative), form_data(page) | {"_workflow_archive": "Archive"})
    initiative.refresh_from_db()
    assert initiative.state == State.ARCHIVED


def test_an_eindredacteur_may_set_any_state_in_the_form(eindredacteur):
    initiative = InitiativeFactory(draft=True, themes=[ThemeFactory()])
    page = eindredacteur.get(admin_url(initiative))
    choices = [value for value, _ in page.context["adminform"].form.fields["state"].choices]
    assert choices == ["draft", "review", "published", "archived"]
    eindredacteur.post(admin_url(initiative), form_data(page) | {"state": "published"})
    initiative.refresh_from_db()
    assert initiative.state == State.PUBLISHED and initiative.published_at is not None


# Keeping initiatives current -----------------------------------------------------------------


def test_the_verification_filter_finds_what_needs_a_check(redacteur, settings):
    today = timezone.localdate()
    never = InitiativeFactory(title="Nooit gecontroleerd", last_verified=None)
    old = InitiativeFactory(title="Lang geleden", last_verified=today - datetime.timedelta(400))
    recent = InitiativeFactory(title="Pas gecontroleerd", last_verified=today)
    # Only what is on the site is due for a check (the admin home's queue counts the same).
    draft = InitiativeFactory(draft=True, title="Concept", last_verified=None)
    archived = InitiativeFactory(archived=True, last_verified=today - datetime.timedelta(900))

    def listed(value):
        response = redacteur.get(f"/admin/initiatives/initiative/?verified={value}")
        return set(response.context["cl"].result_list)

    assert listed("overdue") == {never, old}
    assert listed("never") == {never, draft}
    assert listed("current") == {recent}
    html = redacteur.get("/admin/initiatives/initiative/").content.decode()
    assert "Due for a check: published, not checked in 12 months or never" in html
    page = redacteur.get("/admin/initiatives/initiative/?verified=overdue").content.decode()
    assert html.count("check due") == 2 and page.count("check due") == 2
    assert archived.title not in page

    settings.VERIFY_AFTER_MONTHS = 24  # the threshold is a setting
    assert listed("overdue") == {never}


def test_an_editor_marks_an_initiative_verified_with_one_click(redacteur):
    initiative = InitiativeFactory(last_verified=None, themes=[ThemeFactory()])
    page = redacteur.get(admin_url(initiative))
    assert 'name="_verify"' in page.content.decode()
    response = redacteur.post(
        admin_url(initiative), form_data(page) | {"_verify": "x"}, follow=True
    )
    initiative.refresh_from_db()
    assert initiative.last_verified == timezone.localdate()
    assert initiative.state == State.PUBLISHED  # checking does not change the workflow
    assert f"“{initiative.title}” is marked as verified today." in messages_of(response)


def test_editors_mark_several_initiatives_verified_from_the_list(redacteur):
    stale = InitiativeFactory.create_batch(2, last_verified=datetime.date(2020, 1, 1))
    response = redacteur.post(
        "/admin/initiatives/initiative/",
        {"action": "mark_verified", "_selected_action": [i.pk for i in stale], "index": 0},
        follow=True,
    )
    assert "Marked as verified today: 2 initiatives." in messages_of(response)
    assert {i.last_verified for i in Initiative.objects.all()} == {timezone.localdate()}


def test_residents_see_when_an_initiative_was_last_checked(client):
    checked = InitiativeFactory(last_verified=datetime.date(2025, 3, 4))
    html = client.get(checked.get_absolute_url()).content.decode()
    assert "Laatst gecontroleerd" in html and "4 maart 2025" in html
    never = InitiativeFactory(last_verified=None)
    assert "Laatst gecontroleerd" not in client.get(never.get_absolute_url()).content.decode()


# Preview --------------------------------------------------------------------------------------

UNPUBLISHED = [{"draft": True}, {"review": True}, {"archived": True}]


@pytest.fixture(params=[InitiativeFactory, CaseFactory, PublicationFactory])
def factory(request):
    return request.param


@pytest.mark.parametrize("state", UNPUBLISHED, ids=["draft", "review", "archived"])
def test_staff_preview_an_unpublished_item_at_its_public_address(redacteur, factory, state):
    item = factory(title="Nog geheim", **state)
    response = redacteur.get(item.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="preview-banner" role="status">' in html
    assert "Preview: this item is not public." in html
    assert "Nog geheim" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_nobody_else_can_open_an_unpublished_item(client, django_user_model, english, factory):
    item = factory(draft=True)
    url = item.get_absolute_url()
    assert client.get(url).status_code == 404
    resident = django_user_model.objects.create_user("bewoner", password="geheim-wachtwoord")
    client.force_login(resident)
    assert client.get(url).status_code == 404
    # Staff status alone is not enough: they must be allowed to see this kind of item.
    no_rights = editor_client(django_user_model, None, username="stagiair")
    assert no_rights.get(url).status_code == 404


def test_a_published_item_has_no_preview_banner_for_staff(redacteur, factory):
    item = factory()
    response = redacteur.get(item.get_absolute_url())
    assert "preview-banner" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_the_change_form_links_to_the_preview_of_an_unpublished_item(redacteur):
    draft, published = InitiativeFactory(draft=True), InitiativeFactory()
    html = redacteur.get(admin_url(draft)).content.decode()
    assert f'<a href="{draft.get_absolute_url()}" class="viewsitelink">Preview</a>' in html
    assert "View on site" not in html
    html = redacteur.get(admin_url(published)).content.decode()
    assert "View on site" in html and ">Preview</a>" not in html


def test_a_preview_costs_an_anonymous_visitor_nothing(client):
    """The public pages keep their query budget (tests/catalogue/test_query_counts.py):
    deciding who may preview asks the database nothing for an anonymous visitor."""
    for item in (InitiativeFactory(), CaseFactory(), PublicationFactory()):
        with CaptureQueriesContext(connection) as captured:
            client.get(item.get_absolute_url())
        assert not any("auth_" in query["sql"] for query in captured)


def test_a_redacteur_adds_authors_but_renaming_one_is_for_the_eindredacteur(
    client, redacteur, eindredacteur
):
    """A new name would show at once on every published page naming the author, unreviewed."""
    author = AuthorFactory(initials="M.", surname="Jansen")
    publication = PublicationFactory(state=State.PUBLISHED, authors=[author])
    renamed = {"initials": "M.", "infix": "", "surname": "Janssen"}

    assert redacteur.post(admin_url(author), renamed).status_code == 403
    assert "Jansen" in client.get(publication.get_absolute_url()).content.decode()
    added = redacteur.post("/admin/cases/author/add/", {"initials": "K.", "surname": "Bos"})
    assert added.status_code == 302

    assert eindredacteur.post(admin_url(author), renamed).status_code == 302
    author.refresh_from_db()
    assert author.surname == "Janssen"

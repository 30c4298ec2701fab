"""Residents propose initiatives and professionals publications: drafts for the editors, who
hear about them by e-mail; the submitter's details never reach a public page."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases.models import Publication
from catalogue.models import State
from initiatives.models import Initiative
from tests.admin_forms import change_form_data
from tests.factories import (
    InitiativeFactory,
    MunicipalityFactory,
    TargetGroupFactory,
    ThemeFactory,
)
from tests.outbox import queued
from themes.models import Theme

pytestmark = pytest.mark.django_db

SUBMITTER_EMAIL = "aanmelder-prive@example.org"
SUBMITTER_PHONE = "06-12345678"


@pytest.fixture
def editors(django_user_model, editor_roles):
    """An Eindredacteur with an address, and a staff member outside the groups."""
    group = Group.objects.get(name="Eindredacteur")
    editor = django_user_model.objects.create_user(
        "eindredacteur", email="eindredactie@example.org", is_staff=True
    )
    editor.groups.add(group)
    django_user_model.objects.create_user("beheer", email="beheer@example.org", is_staff=True)
    return editor


@pytest.fixture
def theme():
    return ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Utrecht", code="GM0344")


def nl(text):
    """What the Dutch page says for `text` (the English msgid)."""
    with translation.override("nl"):
        return translation.gettext(text)


def initiative_data(theme, municipality, **changes):
    data = {
        "title": "Buurtsoep Lombok",
        "summary": "Elke donderdag koken buren samen soep.",
        "story": "We koken samen.\n\nIedereen is welkom <script>alert(1)</script>",
        "themes": [theme.pk],
        "municipality": municipality.pk,
        "postcode": "3531ab",
        "website": "buurtsoep.example.org",
        "email": "buurtsoep@example.org",
        "start_year": "2021",
        "help_wanted": ["vrijwilligers", "ruimte"],
        "vulnerable": "on",
        "submitter_name": "Fatima El Amrani",
        "submitter_email": SUBMITTER_EMAIL,
        "submitter_phone": SUBMITTER_PHONE,
        "is_initiator": "ja",
        "homepage": "",
    }
    data.update(changes)
    return data


def test_a_submitted_initiative_waits_as_a_draft_and_the_editors_hear_of_it(
    client, editors, theme, municipality
):
    response = client.post(reverse("initiatives:submit"), initiative_data(theme, municipality))

    assert response.status_code == 302
    assert response.url == reverse("initiatives:submitted")
    initiative = Initiative.objects.get(title="Buurtsoep Lombok")
    assert initiative.state == State.DRAFT
    assert initiative.source == Initiative.Source.SUBMITTED
    assert list(initiative.themes.all()) == [theme]
    assert initiative.postcode == "3531 AB"
    assert initiative.website == "https://buurtsoep.example.org"
    assert initiative.help_wanted == ["vrijwilligers", "ruimte"]
    assert initiative.vulnerable
    # Plain text: escaped, blank lines made paragraphs.
    assert initiative.description.startswith("<p>We koken samen.</p>")
    assert "<script>" not in initiative.description
    submission = initiative.submission
    assert (submission.name, submission.email, submission.phone) == (
        "Fatima El Amrani",
        SUBMITTER_EMAIL,
        SUBMITTER_PHONE,
    )
    assert submission.is_initiator

    mail, confirmation = queued()
    assert mail.to == ["eindredactie@example.org"]
    assert "Buurtsoep Lombok" in mail.subject
    admin_url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    assert f"http://testserver{admin_url}" in mail.body
    assert SUBMITTER_EMAIL in mail.body
    # The sender hears that it arrived, and what they sent; not where the editors look.
    assert confirmation.to == [SUBMITTER_EMAIL]
    assert "Buurtsoep Lombok" in confirmation.subject
    assert initiative.summary in confirmation.body
    assert "/admin/" not in confirmation.body


def test_an_initiative_proposed_without_themes_reaches_the_editors_who_choose_them(
    client, editors, theme, municipality
):
    """Themes are suggestions for the resident: the editors complete them, and only an item
    with a theme is published."""
    response = client.post(
        reverse("initiatives:submit"), initiative_data(theme, municipality, themes=[])
    )

    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Buurtsoep Lombok")
    assert initiative.state == State.DRAFT
    assert not initiative.themes.exists()
    assert [mail.to for mail in queued()] == [["eindredactie@example.org"], [SUBMITTER_EMAIL]]

    # It waits on the admin home among what residents proposed, and opens for the editor.
    client.force_login(editors)
    change_url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    home = client.get(reverse("admin:index")).text
    queue = re.search(r'id="submitted-by-residents".*?</section>', home, re.S).group()
    assert f'href="{change_url}"' in queue and "Buurtsoep Lombok" in queue
    form = client.get(change_url)
    assert form.status_code == 200
    assert (
        nl(
            "At least one. Residents may leave the themes open when they propose an "
            "initiative: you choose them here."
        )
        in form.text
    )

    # Publishing it asks the editor for a theme, in the admin.
    published = client.post(change_url, change_form_data(form) | {"_workflow_publish": "x"})
    assert published.status_code == 200
    assert published.context["adminform"].form.errors["themes"]
    answer = client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish", "_selected_action": [initiative.pk], "index": 0},
        follow=True,
    )
    [message] = [str(m) for m in answer.context["messages"]]
    assert "Buurtsoep Lombok" in message
    assert (
        nl("no %(links)s yet: choose at least one in its form") % {"links": nl("themes")} in message
    )
    initiative.refresh_from_db()
    assert initiative.state == State.DRAFT

    # With a theme it goes out.
    data = change_form_data(form) | {"themes": [theme.pk], "_workflow_publish": "x"}
    assert client.post(change_url, data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.PUBLISHED


def test_the_proposal_form_asks_who_you_are_then_what_where_for_whom_and_how_to_reach_it(
    client, theme
):
    TargetGroupFactory()
    html = client.get(reverse("initiatives:submit")).text
    order = [
        "is_initiator",
        "title",
        "summary",
        "scope",
        "municipality",
        "postcode",
        "target_groups",
        "themes",
        "email",
        "submitter_name",
    ]
    positions = [html.index(f'name="{name}"') for name in order]
    assert positions == sorted(positions)
    # The themes are a question one may skip.
    themes = html[html.rindex('<fieldset class="choices"', 0, positions[7]) : positions[7]]
    assert escape(nl("Does one of these themes fit the initiative?")) in themes
    assert f'<span class="optional">({nl("optional")})</span>' in themes


def test_a_resident_says_where_it_happens_in_plain_words(client, editors, theme, municipality):
    html = client.get(reverse("initiatives:submit")).text
    assert nl("Only online") in html and nl("In one neighbourhood") in html
    assert 'name="scope" value="buurt" id="id_scope_0" checked' not in html  # nothing chosen

    client.post(
        reverse("initiatives:submit"),
        initiative_data(theme, municipality, title="Online koffie", scope="online"),
    )
    client.post(reverse("initiatives:submit"), initiative_data(theme, municipality))
    assert Initiative.objects.get(title="Online koffie").scope == Initiative.Scope.ONLINE
    # Left open, it is what it was before the question: a neighbourhood.
    assert Initiative.objects.get(title="Buurtsoep Lombok").scope == Initiative.Scope.NEIGHBOURHOOD


def test_a_link_fills_in_the_place_group_and_theme_and_ignores_what_names_nothing(
    client, theme, municipality
):
    """A white spot's "Ken je er een? Meld het aan" (tests/initiatives/test_insight.py)."""
    group = TargetGroupFactory(name="Mantelzorgers", slug="mantelzorgers")
    url = reverse("initiatives:submit")

    form = client.get(
        url,
        {"gemeente": "gm0344", "doelgroep": ["mantelzorgers", "bestaat-niet"], "thema": theme.slug},
    ).context["form"]

    assert form["municipality"].value() == municipality.pk
    assert form["target_groups"].value() == [group.pk]
    assert form["themes"].value() == [theme.pk]
    assert not form.is_bound  # a suggestion, not a submission: no errors shown
    nothing = client.get(url, {"gemeente": "GM9999", "doelgroep": "bestaat-niet", "thema": ""})
    assert nothing.status_code == 200
    assert nothing.context["form"]["municipality"].value() is None


def test_the_confirmation_says_what_happens_next_and_is_not_indexed(client):
    response = client.get(reverse("initiatives:submitted"))

    assert response.status_code == 200
    assert b'name="robots" content="noindex"' in response.content
    assert nl("What happens now?") in response.text


def test_the_submitters_details_stay_off_every_public_page(client, editors, theme, municipality):
    client.post(reverse("initiatives:submit"), initiative_data(theme, municipality))
    initiative = Initiative.objects.get(title="Buurtsoep Lombok")
    # Even once an editor publishes it.
    initiative.state = State.PUBLISHED
    initiative.save()

    for url in (
        initiative.get_absolute_url(),
        reverse("initiatives:list"),
        reverse("api:initiatives"),
        reverse("initiatives:export"),
        reverse("feeds:initiatives"),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode("utf-8-sig")
        assert "Buurtsoep" in body, url
        assert SUBMITTER_EMAIL not in body, url
        assert SUBMITTER_PHONE not in body, url
        assert "Fatima" not in body, url


def test_without_an_address_list_the_editors_groups_then_the_superusers_hear_of_it(
    client, django_user_model, theme, municipality, settings
):
    settings.EDITORS_EMAIL = []
    django_user_model.objects.create_superuser("baas", email="baas@example.org")
    client.post(reverse("initiatives:submit"), initiative_data(theme, municipality))
    assert queued()[0].to == ["baas@example.org"]


def test_an_address_list_in_the_settings_takes_precedence(
    client, editors, theme, municipality, settings
):
    settings.EDITORS_EMAIL = ["redactie@example.org", "tweede@example.org"]
    client.post(reverse("initiatives:submit"), initiative_data(theme, municipality))
    assert queued()[0].to == ["redactie@example.org", "tweede@example.org"]


def test_a_submission_with_mistakes_comes_back_with_the_errors_and_the_input(
    client, theme, municipality
):
    data = initiative_data(
        theme,
        municipality,
        title="",
        scope="op-de-maan",
        postcode="35311",
        submitter_email="geen-adres",
        start_year="2999",
    )
    response = client.post(reverse("initiatives:submit"), data)

    assert response.status_code == 200
    html = response.text
    assert 'class="error-summary"' in html
    # Each error in the summary links to its field (a group: its first option).
    for anchor in ("id_title", "id_scope_0", "id_postcode", "id_submitter_email", "id_start_year"):
        assert f'href="#{anchor}"' in html
    assert nl("Give the name of the initiative.") in html
    assert nl("Enter a postcode like 3511 AB.") in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_postcode_helptext id_postcode_error"' in html
    # What was typed is still there.
    assert 'value="Fatima El Amrani"' in html
    assert "Elke donderdag koken buren samen soep." in html
    for name, value in (("help_wanted", "vrijwilligers"), ("help_wanted", "ruimte")):
        assert re.search(rf'name="{name}" value="{value}"[^>]*checked', html)
    assert re.search(r'name="is_initiator" value="ja"[^>]*checked', html)
    assert re.search(r'name="vulnerable"[^>]*checked', html)
    assert not Initiative.objects.exists()
    assert queued() == []


def test_a_filled_in_honeypot_looks_like_success_but_keeps_and_sends_nothing(
    client, editors, theme, municipality
):
    data = initiative_data(theme, municipality, homepage="https://spam.example")
    response = client.post(reverse("initiatives:submit"), data)

    assert response.status_code == 302
    assert response.url == reverse("initiatives:submitted")
    assert not Initiative.objects.exists()
    assert queued() == []


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client):
    html = client.get(reverse("initiatives:submit")).text
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert 'name="homepage"' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html


def test_too_many_posts_from_one_address_get_a_friendly_429_that_keeps_the_input(
    client, editors, theme, municipality, settings
):
    settings.FORM_RATE_LIMIT = 2
    settings.FORM_RATE_WINDOW_SECONDS = 600
    url = reverse("initiatives:submit")
    for n in range(2):
        data = initiative_data(theme, municipality, title=f"Initiatief {n}")
        assert client.post(url, data).status_code == 302

    response = client.post(url, initiative_data(theme, municipality, title="Derde initiatief"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 600
    html = response.text
    assert 'class="notice notice--warning" role="alert"' in html
    assert 'value="Derde initiatief"' in html
    assert re.search(rf'name="themes" value="{theme.pk}"[^>]*checked', html)
    assert re.search(rf'<option value="{municipality.pk}" selected>', html)
    assert 'class="error-summary"' not in html  # nothing was checked, nothing is wrong
    assert Initiative.objects.count() == 2
    assert [mail.to for mail in queued()].count([SUBMITTER_EMAIL]) == 2
    # Another address is not held back.
    other = client.post(url, initiative_data(theme, municipality), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_the_form_offers_grouped_themes_and_the_municipalities(client, theme, municipality):
    ThemeFactory(name="Sociale cohesie", slug="sociale-cohesie", category=Theme.Category.PILLAR)
    html = client.get(reverse("initiatives:submit")).text
    # The category in everyday words, the publications' term beside it.
    term = nl("Pillar of social quality").lower()
    assert f'<legend>{nl("What it brings")} <span class="term">({term})</span></legend>' in html
    assert ">Sociale cohesie</label>" in html
    assert f'<option value="{municipality.pk}">Utrecht</option>' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_submission_pages_are_linked_from_the_site(client):
    assert reverse("initiatives:submit") in client.get(reverse("initiatives:list")).text
    assert reverse("initiatives:submit") in client.get(reverse("home")).text
    publications = client.get(reverse("cases:publication_list")).text
    assert reverse("cases:publication_submit") in publications


def test_no_initiative_can_take_the_address_of_the_form(theme):
    initiative = InitiativeFactory(title="Aanmelden", slug="", draft=True)
    assert initiative.slug == "aanmelden-2"


# Publications


def publication_data(theme, **changes):
    data = {
        "title": "Samen sterk in de wijk",
        "authors": "Jansen, P. en De Vries, A.",
        "year_of_issue": "2023",
        "organisation": "Movisie",
        "publication_type": "handreiking",
        "external_url": "https://www.example.org/samen-sterk.pdf",
        "summary_text": "Over buurthuizen.\n\nEn wat werkt.",
        "themes": [theme.pk],
        "submitter_name": "Dr. Karin Bos",
        "submitter_email": SUBMITTER_EMAIL,
        "submitter_phone": "",
        "homepage": "",
    }
    data.update(changes)
    return data


def test_a_proposed_publication_waits_as_a_draft_for_the_kennisplein_check(client, editors, theme):
    response = client.post(reverse("cases:publication_submit"), publication_data(theme))

    assert response.status_code == 302
    assert response.url == reverse("cases:publication_submitted")
    publication = Publication.objects.get()
    assert publication.state == State.DRAFT
    assert publication.source == Publication.Source.SUBMITTED
    assert publication.kennisplein_criteria == []
    assert not publication.meets_kennisplein_criteria
    assert publication.organisation == "Movisie"
    assert publication.summary == "<p>Over buurthuizen.</p><p>En wat werkt.</p>"
    assert publication.submission.authors == "Jansen, P. en De Vries, A."
    assert publication.submission.email == SUBMITTER_EMAIL
    mail, confirmation = queued()
    assert confirmation.to == [SUBMITTER_EMAIL]
    assert "Over buurthuizen." in confirmation.body and "<p>" not in confirmation.body
    admin_url = reverse("admin:cases_publication_change", args=[publication.pk])
    assert f"http://testserver{admin_url}" in mail.body
    assert "Jansen, P. en De Vries, A." in mail.body

    confirmation = client.get(response.url)
    assert b'content="noindex"' in confirmation.content


def test_a_publication_proposal_with_mistakes_keeps_the_input(client, theme):
    data = publication_data(theme, external_url="", publication_type="", authors="")
    response = client.post(reverse("cases:publication_submit"), data)

    assert response.status_code == 200
    html = response.text
    for anchor in ("id_authors", "id_publication_type", "id_external_url"):
        assert f'href="#{anchor}"' in html
    assert 'value="Samen sterk in de wijk"' in html
    assert "Over buurthuizen." in html
    assert not Publication.objects.exists()
    assert queued() == []


def test_a_publication_proposal_caught_in_the_honeypot_keeps_nothing(client, theme):
    data = publication_data(theme, homepage="x")
    response = client.post(reverse("cases:publication_submit"), data)
    assert response.status_code == 302
    assert not Publication.objects.exists()
    assert queued() == []


def test_publication_proposals_are_rate_limited(client, theme, settings):
    settings.FORM_RATE_LIMIT = 1
    url = reverse("cases:publication_submit")
    assert client.post(url, publication_data(theme)).status_code == 302
    response = client.post(url, publication_data(theme, title="Nog een"))
    assert response.status_code == 429
    assert 'value="Nog een"' in response.text


def test_editors_tick_the_kennisplein_criteria_in_the_admin(client, admin_user, theme):
    client.post(reverse("cases:publication_submit"), publication_data(theme))
    publication = Publication.objects.get()
    client.force_login(admin_user)
    url = reverse("admin:cases_publication_change", args=[publication.pk])

    html = client.get(url).text

    assert 'type="checkbox" name="kennisplein_criteria" value="pijler"' in html
    with translation.override("nl"):
        assert str(Publication.Criterion.PILLAR.label) in html
    # The submitter's details are there for the editors.
    assert SUBMITTER_EMAIL in html
    assert "Jansen, P. en De Vries, A." in html


def test_the_admin_shows_who_submitted_an_initiative_to_any_editor_of_it(
    client, django_user_model, editors, theme, municipality
):
    client.post(reverse("initiatives:submit"), initiative_data(theme, municipality))
    initiative = Initiative.objects.get()
    editor = django_user_model.objects.create_user("redacteur", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_initiative", "change_initiative"])
    )
    client.force_login(editor)
    html = client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk])).text
    assert SUBMITTER_EMAIL in html and SUBMITTER_PHONE in html


# The purpose of each personal field, for browsers to fill it in (WCAG 1.3.5).
AUTOCOMPLETE = {
    "/initiatieven/aanmelden/": {
        "municipality": "address-level2",
        "address": "address-line1",
        "postcode": "postal-code",
        "email": "email",
        "submitter_name": "name",
        "submitter_email": "email",
        "submitter_phone": "tel",
    },
    "/publicaties/aanmelden/": {
        "submitter_name": "name",
        "submitter_email": "email",
        "submitter_phone": "tel",
    },
    "/initiatieven/zonnebloem/contact/": {"name": "name", "email": "email"},
}


@pytest.mark.parametrize("path", AUTOCOMPLETE)
def test_personal_fields_tell_the_browser_their_purpose(client, path):
    InitiativeFactory(slug="zonnebloem", state=State.PUBLISHED, email="info@example.org")
    html = client.get(path).content.decode()
    purposes = {}
    for name in AUTOCOMPLETE[path]:
        field = re.search(rf'<(?:input|select|textarea)[^>]* name="{name}"[^>]*>', html)
        purpose = field and re.search(r' autocomplete="([^"]*)"', field[0])
        purposes[name] = purpose[1] if purpose else None
    assert purposes == AUTOCOMPLETE[path]

"""The queues on the admin home: what each one holds and in which order, that its counts are
what its links list, and that the home costs the same few queries however much waits.

Editors are real users in the editor groups, working through the admin in Dutch, as they do."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from cases.models import Publication
from catalogue import queues
from initiatives.models import Initiative
from tests.factories import CaseFactory, InitiativeFactory, PublicationFactory

pytestmark = pytest.mark.django_db

KINDS = (InitiativeFactory, CaseFactory, PublicationFactory)


def editor(django_user_model, role, username):
    user = django_user_model.objects.create_user(
        username, password="geheim-wachtwoord", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def redacteur(django_user_model, editor_roles):
    return editor(django_user_model, "Redacteur", "redacteur")


@pytest.fixture
def eindredacteur(django_user_model, editor_roles):
    return editor(django_user_model, "Eindredacteur", "eindredacteur")


def admin_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def queue(client, key):
    """The block of one queue on the admin home, as HTML."""
    page = client.get("/admin/").content.decode()
    found = re.search(rf'<section class="module queue" id="{key}".*?</section>', page, re.S)
    assert found, f"no queue {key} on the admin home"
    return found.group()


def rows(section):
    """The queue's rows: (title, link, the other cells), in order."""
    found = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th>(.*?)</tr>', section)
    return [
        (
            html.unescape(title),
            url,
            [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", cells)],
        )
        for url, title, cells in found
    ]


def titles(section):
    return [title for title, _url, _cells in rows(section)]


def list_links(section):
    """The links under a queue: {kind: (url, count)}."""
    links = section[section.index('class="queue-lists"') :]
    return {
        kind: (html.unescape(url), int(count))
        for url, kind, count in re.findall(r'<a href="([^"]+)">([^<]+) \((\d+)\)</a>', links)
    }


def months_ago(months):
    """The first day of the month `months` months back: a check that long ago."""
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)


def published_days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# What each queue holds ------------------------------------------------------------------------


def test_waiting_for_review_lists_every_kind_in_review_last_changed_first(redacteur):
    older = InitiativeFactory(review=True, title="Buurtkamer ter beoordeling")
    case = CaseFactory(review=True, title="Casus ter beoordeling")
    publication = PublicationFactory(review=True, title="Publicatie ter beoordeling")
    InitiativeFactory(draft=True, title="Nog een concept")
    InitiativeFactory(title="Al gepubliceerd")
    Initiative.objects.filter(pk=older.pk).update(updated_at=timezone.now() - datetime.timedelta(1))

    section = queue(redacteur, "waiting-for-review")
    assert "Wacht op beoordeling (3)" in section
    assert titles(section)[-1] == older.title
    assert set(titles(section)) == {older.title, case.title, publication.title}
    assert (older.title, admin_url(older)) == rows(section)[-1][:2]
    assert list_links(section)["Initiatieven"] == (
        "/admin/initiatives/initiative/?state__exact=review",
        1,
    )


def test_submitted_lists_proposals_until_they_are_published_or_turned_down(redacteur):
    new = InitiativeFactory(draft=True, source=Initiative.Source.SUBMITTED, title="Moestuin")
    proposed = PublicationFactory(
        review=True, source=Publication.Source.SUBMITTED, title="Buurten in beeld"
    )
    InitiativeFactory(source=Initiative.Source.SUBMITTED, title="Al gepubliceerd")
    InitiativeFactory(archived=True, source=Initiative.Source.SUBMITTED, title="Afgewezen")
    InitiativeFactory(draft=True, title="Door de redactie")
    Publication.objects.filter(pk=proposed.pk).update(
        created_at=timezone.now() - datetime.timedelta(1)
    )

    section = queue(redacteur, "submitted-by-residents")
    assert "Aangemeld via de site (2)" in section
    assert rows(section)[0][:2] == ("Moestuin", admin_url(new))
    assert rows(section)[0][2][:2] == ["Initiatief", "Concept"]
    assert rows(section)[1][:2] == ("Buurten in beeld", admin_url(proposed))
    assert rows(section)[1][2][:2] == ["Publicatie", "Ter beoordeling"]
    assert {kind: count for kind, (_url, count) in list_links(section).items()} == {
        "Initiatieven": 1,
        "Publicaties": 1,
    }


def test_due_for_a_check_lists_published_items_never_checked_first_then_the_oldest_check(
    redacteur, settings
):
    settings.VERIFY_AFTER_MONTHS = 12
    InitiativeFactory(title="Pas gecontroleerd", last_verified=months_ago(2))
    long_ago = InitiativeFactory(title="Lang geleden", last_verified=months_ago(26))
    a_year_ago = InitiativeFactory(title="Een jaar geleden", last_verified=months_ago(14))
    recent_never = InitiativeFactory(
        title="Nieuw, nooit", last_verified=None, published_at=published_days_ago(10)
    )
    old_never = InitiativeFactory(
        title="Oud, nooit", last_verified=None, published_at=published_days_ago(1000)
    )
    # Not on the site: nobody reads them, so they are not due for a check.
    InitiativeFactory(draft=True, title="Concept van zojuist", last_verified=None)
    InitiativeFactory(review=True, title="Ter beoordeling", last_verified=months_ago(30))
    InitiativeFactory(archived=True, title="Gearchiveerd", last_verified=months_ago(40))

    section = queue(redacteur, "due-for-a-check")
    assert "Tijd voor een controle (4)" in section
    assert "Niemand heeft ze de laatste 12 maanden gecontroleerd, of nog nooit." in section
    assert titles(section) == [
        old_never.title,
        recent_never.title,
        long_ago.title,
        a_year_ago.title,
    ]
    checked = [cells[1] for _title, _url, cells in rows(section)]
    assert checked == [
        "Nooit gecontroleerd",
        "Nooit gecontroleerd",
        "Laatst gecontroleerd 26 maanden geleden",
        "Laatst gecontroleerd 14 maanden geleden",
    ]

    settings.VERIFY_AFTER_MONTHS = 24  # the threshold is a setting
    assert titles(queue(redacteur, "due-for-a-check")) == [
        old_never.title,
        recent_never.title,
        long_ago.title,
    ]


def test_an_empty_queue_says_so(redacteur):
    section = queue(redacteur, "due-for-a-check")
    assert "Tijd voor een controle (0)" in section
    assert "Er hoeft nu niets gecontroleerd te worden." in section
    assert "<table" not in section


# Counts and links -----------------------------------------------------------------------------


@pytest.fixture
def a_bit_of_everything():
    """Items of every kind in every state, some submitted, some checked long ago."""
    for make in KINDS:
        for traits in ({}, {"draft": True}, {"review": True}, {"archived": True}):
            make(**traits)
            if make is not CaseFactory:  # cases are not proposed through the site
                make(**traits, source="aangemeld")
    for traits in ({}, {"draft": True}, {"review": True}, {"archived": True}):
        InitiativeFactory(**traits, last_verified=None)
        InitiativeFactory(**traits, last_verified=months_ago(20))
        InitiativeFactory(**traits, last_verified=months_ago(1))


def test_every_count_is_what_its_link_lists(eindredacteur, a_bit_of_everything):
    for key in ("waiting-for-review", "submitted-by-residents", "due-for-a-check"):
        section = queue(eindredacteur, key)
        links = list_links(section)
        assert links, f"{key} links to no list"
        shown = {title for title, _url, _cells in rows(section)}
        listed = set()
        for kind, (url, count) in links.items():
            changelist = eindredacteur.get(url)
            assert changelist.status_code == 200, url  # not a redirect to ?e=1
            result = [str(item) for item in changelist.context["cl"].queryset]
            assert len(result) == count, f"{key}: {kind}"
            listed |= set(result)
        assert shown == listed, key  # fewer than a page: the queue shows them all
        total = sum(count for _url, count in links.values())
        assert f"({total})</h2>" in section


def test_the_due_list_opens_in_the_order_of_the_queue(redacteur, a_bit_of_everything):
    section = queue(redacteur, "due-for-a-check")
    url, _count = list_links(section)["Initiatieven"]
    changelist = redacteur.get(url).context["cl"]
    assert [str(item) for item in changelist.result_list] == titles(section)


def test_a_long_queue_shows_its_first_rows_and_counts_them_all(redacteur):
    InitiativeFactory.create_batch(queues.QUEUE_ROWS + 2, review=True)
    section = queue(redacteur, "waiting-for-review")
    assert len(rows(section)) == queues.QUEUE_ROWS
    assert f"De eerste {queues.QUEUE_ROWS} van de {queues.QUEUE_ROWS + 2}." in section


# Cost -----------------------------------------------------------------------------------------

# The admin home without queues (session, user, permissions, app list, recent actions) and two
# per queue: its first rows of every kind in one, their counts in the other.
HOME_QUERIES = 5 + 2 * len(queues.QUEUES)


def test_the_admin_home_runs_a_few_queries_however_much_waits(
    eindredacteur, django_assert_max_num_queries
):
    def queries():
        with django_assert_max_num_queries(HOME_QUERIES) as captured:
            assert eindredacteur.get("/admin/").status_code == 200
        return len(captured)

    for make in KINDS:
        make(review=True)
    InitiativeFactory(draft=True, source="aangemeld")
    InitiativeFactory(last_verified=None)
    few = queries()
    for make in KINDS:
        make.create_batch(queues.QUEUE_ROWS + 1, review=True)
    for make in (InitiativeFactory, PublicationFactory):
        make.create_batch(queues.QUEUE_ROWS + 1, draft=True, source="aangemeld")
    InitiativeFactory.create_batch(queues.QUEUE_ROWS + 1, last_verified=months_ago(20))
    assert queries() == few

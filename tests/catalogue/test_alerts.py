"""E-mail alerts ("Houd mij op de hoogte"): a visitor follows a list's search, confirms by a
POST from the link in an e-mail, gets one e-mail per run about new published matches, and
stops with one click. The subscriber's address never reaches a page."""

import datetime
import re
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue import alerts
from catalogue.models import State, Subscription
from tests.factories import (
    CaseFactory,
    InitiativeFactory,
    MunicipalityFactory,
    PublicationFactory,
    ThemeFactory,
)
from tests.outbox import queued
from themes.models import Theme

pytestmark = pytest.mark.django_db

SUBSCRIBER = "buurtbewoner-prive@example.org"
CONFIRM_LINK = re.compile(r"http://testserver(/meldingen/bevestigen/[\w-]+/)")


@pytest.fixture
def bonding():
    return ThemeFactory(name="Bonding", slug="bonding", category=Theme.Category.CONNECTION)


@pytest.fixture
def utrecht():
    return MunicipalityFactory(name="Utrecht", code="GM0344")


def subscribe_url(kind="initiatieven", query="thema=bonding"):
    url = reverse("alerts:subscribe", args=[kind])
    return f"{url}?{query}" if query else url


def subscribe(client, url=None, **changes):
    data = {"email": SUBSCRIBER, "frequency": "direct", "homepage": "", **changes}
    return client.post(url or subscribe_url(), data)


def confirm_path(mail):
    return CONFIRM_LINK.search(mail.body)[1]


def subscribed(client, url=None, frequency="direct"):
    """Subscribe and confirm as a person would: the form, then the e-mail's link, then its
    button. Returns the confirmed subscription."""
    subscribe(client, url, frequency=frequency)
    client.post(confirm_path(queued()[-1]))
    return Subscription.objects.get()


def run_job(minutes_later=10):
    """One run of the scheduled job, as the worker runs it some minutes from now; returns the
    alert e-mails it queued."""
    before = len(queued())
    alerts.send_due_alerts(now=timezone.now() + datetime.timedelta(minutes=minutes_later))
    return queued()[before:]


def test_the_whole_cycle_from_subscribing_to_one_click_unsubscribe(client, bonding, utrecht):
    # Subscribing asks for a confirmation first, by e-mail.
    response = subscribe(client)
    assert response.status_code == 302
    assert response.url == reverse("alerts:requested")
    [confirmation] = queued()
    assert confirmation.to == [SUBSCRIBER]
    assert "Bonding" in confirmation.subject
    subscription = Subscription.objects.get()
    assert not subscription.is_confirmed
    InitiativeFactory(title="Eerder dan de bevestiging", themes=[bonding])
    assert run_job() == [], "nothing before the confirmation"

    # Opening the link changes nothing (mail scanners do that); its button confirms.
    page = client.get(confirm_path(confirmation))
    assert page.status_code == 200 and "<form" in page.text
    assert not Subscription.objects.get().is_confirmed
    client.post(confirm_path(confirmation))
    assert Subscription.objects.get().is_confirmed

    InitiativeFactory(
        title="Buurtsoep Lombok",
        summary="Elke donderdag koken buren samen soep.",
        municipality=utrecht,
        themes=[bonding],
    )
    [mail] = run_job()
    assert mail.to == [SUBSCRIBER]
    assert "Buurtsoep Lombok" in mail.subject or "1" in mail.subject
    assert "Buurtsoep Lombok" in mail.body
    assert "Utrecht" in mail.body
    assert "Elke donderdag koken buren samen soep." in mail.body
    assert "http://testserver/initiatieven/buurtsoep-lombok/" in mail.body
    assert "Eerder dan de bevestiging" not in mail.body
    unsubscribe_url = f"http://testserver/meldingen/afmelden/{subscription.token}/"
    assert mail.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in mail.body

    assert run_job(minutes_later=20) == [], "an item is never sent twice"

    # The mail program's one-click POST: no CSRF token, no session.
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe_url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert not Subscription.objects.exists(), "the address is deleted"
    InitiativeFactory(title="Na het afmelden", themes=[bonding])
    assert run_job(minutes_later=30) == []


def test_one_mail_per_run_lists_every_new_match_newest_first(client, bonding):
    subscribed(client)
    for n in range(3):
        InitiativeFactory(
            title=f"Nieuw {n}",
            themes=[bonding],
            published_at=timezone.now() + datetime.timedelta(seconds=n),
        )

    [mail] = run_job()

    assert mail.body.index("Nieuw 2") < mail.body.index("Nieuw 1") < mail.body.index("Nieuw 0")


def test_a_long_list_shows_the_newest_and_says_how_many_more(client, bonding):
    subscribed(client)
    now = timezone.now()
    for n in range(alerts.ITEMS_PER_ALERT + 3):
        InitiativeFactory(
            title=f"Nieuw {n:02d}",
            themes=[bonding],
            published_at=now + datetime.timedelta(seconds=n),
        )

    [mail] = run_job()

    assert "Nieuw 12" in mail.body and "Nieuw 03" in mail.body and "Nieuw 02" not in mail.body
    assert "En nog 3 meer" in mail.body
    assert "http://testserver/initiatieven/?thema=bonding" in mail.body


def test_a_new_item_that_does_not_match_sends_nothing(client, bonding):
    subscribed(client)
    other = ThemeFactory(name="Bridging", slug="bridging", category=Theme.Category.CONNECTION)
    InitiativeFactory(title="Iets anders", themes=[other])
    CaseFactory(title="Een casus over bonding", themes=[bonding])  # another list's kind

    assert run_job() == []


def test_drafts_are_never_sent_and_an_item_comes_once_it_is_published(client, bonding):
    subscribed(client)
    draft = InitiativeFactory(title="Nog een concept", themes=[bonding], draft=True)
    InitiativeFactory(title="Wacht op controle", themes=[bonding], review=True)

    assert run_job() == []

    draft.state = State.PUBLISHED
    draft.published_at = timezone.now() + datetime.timedelta(minutes=15)  # after that run
    draft.save()
    [mail] = run_job(minutes_later=20)
    assert "Nog een concept" in mail.body and "Wacht op controle" not in mail.body


def test_an_item_unpublished_before_the_run_is_not_sent(client, bonding):
    subscribed(client)
    item = InitiativeFactory(title="Even online", themes=[bonding])
    item.state = State.DRAFT
    item.save()

    assert run_job() == []


def test_weekly_subscriptions_wait_a_week(client, bonding):
    subscribed(client, frequency="wekelijks")
    InitiativeFactory(title="Deze week nieuw", themes=[bonding])

    assert run_job(minutes_later=10) == []
    assert run_job(minutes_later=60 * 24 * 6) == []
    [mail] = run_job(minutes_later=60 * 24 * 7 + 10)
    assert "Deze week nieuw" in mail.body
    assert "een keer per week" in mail.body.lower() or "één keer per week" in mail.body.lower()

    InitiativeFactory(
        title="Een dag later",
        themes=[bonding],
        published_at=timezone.now() + datetime.timedelta(days=8),
    )
    assert run_job(minutes_later=60 * 24 * 9) == [], "the next week has not passed yet"
    [mail] = run_job(minutes_later=60 * 24 * 14 + 20)
    assert "Een dag later" in mail.body and "Deze week nieuw" not in mail.body


def test_every_list_can_be_followed(client, bonding, utrecht):
    subscribed(client, subscribe_url("casussen", "gemeente=GM0344"))
    subscribe(client, subscribe_url("publicaties", "type=casusbundel"))
    client.post(confirm_path(queued()[-1]))
    CaseFactory(title="Casus in Utrecht", municipality=utrecht, summary="Buren helpen elkaar.")
    CaseFactory(title="Casus elders")
    PublicationFactory(title="Wij in de Wijk 4", subtitle="Casusbundel", organisation="Movisie")

    mails = {mail.subject: mail for mail in run_job()}

    assert len(mails) == 2
    case_mail = next(mail for subject, mail in mails.items() if "Casussen" in subject)
    assert "Casus in Utrecht" in case_mail.body and "Casus elders" not in case_mail.body
    assert "Utrecht" in case_mail.body and "Buren helpen elkaar." in case_mail.body
    publication_mail = next(mail for subject, mail in mails.items() if "Publicaties" in subject)
    assert "Wij in de Wijk 4" in publication_mail.body and "Movisie" in publication_mail.body


def test_the_page_shows_the_search_in_words_and_stores_only_its_valid_filters(
    client, bonding, utrecht
):
    InitiativeFactory(themes=[bonding], municipality=utrecht)
    url = subscribe_url(
        query="q=soep&thema=bonding&gemeente=GM0344&doelgroep=bestaat-niet&sort=titel&page=3&x=1"
    )

    page = client.get(url)

    assert page.status_code == 200
    html = page.text
    assert "“soep”" in html and "Bonding" in html and "Utrecht" in html
    assert "De doelgroep “bestaat-niet” bestaat niet." in html  # left out, and said so
    assert 'content="noindex"' in html
    subscribe(client, url)
    assert Subscription.objects.get().query == "q=soep&thema=bonding&gemeente=GM0344"


@pytest.mark.parametrize(
    "changes",
    [
        {"email": ""},
        {"email": "geen-adres"},
        {"email": "a@" + "b" * 300 + ".nl"},
        {"frequency": ""},
        {"frequency": "elk-uur"},
    ],
)
def test_bad_input_comes_back_with_what_was_typed_and_stores_nothing(client, bonding, changes):
    response = subscribe(client, **changes)

    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert 'aria-invalid="true"' in response.text
    if changes.get("email", SUBSCRIBER):
        assert 'value="' + changes.get("email", SUBSCRIBER) + '"' in response.text
    assert not Subscription.objects.exists()
    assert queued() == []


@pytest.mark.parametrize(
    "url",
    [
        "/meldingen/initiatieven/?straal=abc&bij=9999ZZ&sort=afstand&page=-1",
        "/meldingen/initiatieven/?thema=" + "x" * 5000,
        "/meldingen/casussen/?wijk=WK034401&status=actief&tag=" + "t" * 200,
        "/meldingen/publicaties/?type=podcast&type=onzin&gemeente=GM0344",
        "/meldingen/initiatieven/?q=%22%22%22-&letterlijk=2",
    ],
)
def test_bad_searches_get_a_page_and_can_still_be_followed(client, url):
    assert client.get(url).status_code == 200
    assert subscribe(client, url).status_code == 302


def test_an_unknown_list_or_link_is_not_found(client):
    assert client.get("/meldingen/themas/").status_code == 404
    assert client.post("/meldingen/themas/", {"email": SUBSCRIBER}).status_code == 404
    assert client.get("/meldingen/bevestigen/onbekend/").status_code == 404
    assert client.post("/meldingen/bevestigen/onbekend/").status_code == 404
    assert client.get("/meldingen/afmelden/onbekend/").status_code == 404
    assert Subscription.objects.count() == 0


def test_stored_searches_that_no_longer_work_do_not_break_the_job(client, bonding, utrecht):
    now = timezone.now()
    confirmed = {
        "frequency": "direct",
        "confirmed_at": now,
        "sent_until": now,
        "site": "http://testserver",
    }
    Subscription.objects.create(
        email="a@example.org", kind="initiatieven", query="thema=weg&straal=abc&x=1", **confirmed
    )
    Subscription.objects.create(email="b@example.org", kind="verdwenen", query="", **confirmed)
    Subscription.objects.create(
        email="c@example.org", kind="initiatieven", query="gemeente=GM0344", **confirmed
    )
    InitiativeFactory(title="In Utrecht", municipality=utrecht)

    mails = run_job()

    assert sorted(mail.to[0] for mail in mails) == ["a@example.org", "c@example.org"]
    assert all("In Utrecht" in mail.body for mail in mails)


def test_a_filled_in_honeypot_looks_done_but_stores_nothing(client, bonding):
    response = subscribe(client, homepage="http://spam.example")

    assert response.status_code == 302
    assert not Subscription.objects.exists()
    assert queued() == []


def test_subscribing_is_rate_limited_per_address_keeping_what_was_typed(client, bonding, settings):
    settings.FORM_RATE_LIMIT = 2
    for _ in range(2):
        assert subscribe(client).status_code == 302

    response = subscribe(client, email="nog-een@example.org")

    assert response.status_code == 429
    assert "Retry-After" in response
    assert 'value="nog-een@example.org"' in response.text
    assert Subscription.objects.count() == 2
    assert len(queued()) == 2


def test_the_subscriber_address_is_on_no_page(client, bonding):
    pages = [client.get(subscribe_url()), subscribe(client)]
    pages.append(client.get(pages[-1].url))
    confirm = confirm_path(queued()[-1])
    pages += [client.get(confirm), client.post(confirm, follow=True)]
    token = Subscription.objects.get().token
    unsubscribe = reverse("alerts:unsubscribe", args=[token])
    pages += [
        client.get(unsubscribe),
        client.get(reverse("initiatives:list") + "?thema=bonding"),
        client.get("/feeds/initiatieven/?thema=bonding"),
        client.get("/api/v1/initiatieven/?thema=bonding"),
        client.get("/en" + confirm),
        client.post(unsubscribe),
        client.get(unsubscribe),
    ]

    assert [page.status_code for page in pages] == [200, 302, 200, 200, 200] + [200] * 6 + [404]
    for page in pages:
        assert SUBSCRIBER not in page.content.decode()
        assert SUBSCRIBER.split("@")[0] not in page.content.decode()


def test_confirming_needs_the_page_and_its_token(client, bonding):
    subscribe(client)
    confirm = confirm_path(queued()[-1])

    assert Client(enforce_csrf_checks=True).post(confirm).status_code == 403
    assert not Subscription.objects.get().is_confirmed


def test_the_links_are_shown_on_every_list_beside_the_feed(client, bonding):
    for list_url, kind in [
        ("/initiatieven/", "initiatieven"),
        ("/casussen/", "casussen"),
        ("/publicaties/", "publicaties"),
    ]:
        html = client.get(f"{list_url}?thema=bonding&page=1").text
        assert f'href="/meldingen/{kind}/?thema=bonding"' in html, list_url
        assert f'href="/feeds/{kind}/?thema=bonding"' in html, list_url
        assert "Houd mij op de hoogte per e-mail" in html


def test_confirming_again_replaces_the_older_subscription_to_the_same_search(client, bonding):
    subscribed(client, frequency="direct")
    subscribe(client, frequency="wekelijks")
    client.post(confirm_path(queued()[-1]))

    assert list(Subscription.objects.values_list("frequency", flat=True)) == ["wekelijks"]


def test_unconfirmed_subscriptions_are_deleted_after_a_few_days(client, bonding, settings):
    settings.ALERT_CONFIRM_DAYS = 3
    subscribe(client)
    confirm = confirm_path(queued()[-1])
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=4))
    subscribe(client, email="net-op-tijd@example.org")

    assert client.get(confirm).status_code == 404  # too late to confirm
    assert alerts.forget_unconfirmed(now=tomorrow) == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["net-op-tijd@example.org"]


def test_the_job_costs_queries_per_search_not_per_item(client, bonding, utrecht):
    subscribed(client)
    subscribe(client, email="tweede@example.org")
    client.post(confirm_path(queued()[-1]))
    subscribe(client, subscribe_url(query="gemeente=GM0344"), email="derde@example.org")
    client.post(confirm_path(queued()[-1]))

    def queries_of_a_run(items, minutes_later):
        published = timezone.now() + datetime.timedelta(minutes=minutes_later - 5)
        for _ in range(items):
            InitiativeFactory(themes=[bonding], municipality=utrecht, published_at=published)
        with CaptureQueriesContext(connection) as queries:
            assert len(run_job(minutes_later)) == 3
        return len(queries)

    assert queries_of_a_run(2, 10) == queries_of_a_run(12, 20)
    assert queries_of_a_run(1, 30) <= 30


@pytest.fixture
def no_jobs_left():
    """The job queue is not one of Django's tables, so a transactional test empties it."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")


@pytest.mark.django_db(transaction=True)
def test_an_item_whose_transaction_commits_after_a_run_comes_in_the_next_run(no_jobs_left):
    """An import publishes many items in one long transaction: each carries the moment it was
    published, but shows only at the commit. The run in between must not pass it by."""
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Subscription.objects.create(
        email=SUBSCRIBER,
        kind="initiatieven",
        frequency="direct",
        site="http://testserver",
        confirmed_at=an_hour_ago,
        sent_until=an_hour_ago,
    )
    published, commit = threading.Event(), threading.Event()

    def long_import():
        try:
            with transaction.atomic():
                InitiativeFactory(title="Uit een lange import")
                published.set()
                commit.wait(timeout=30)
        finally:
            connection.close()

    importer = threading.Thread(target=long_import)
    importer.start()
    try:
        assert published.wait(timeout=30)
        assert run_job(minutes_later=30) == []  # not committed yet
    finally:
        commit.set()
        importer.join()

    [mail] = run_job(minutes_later=40)
    assert "Uit een lange import" in mail.body

"""E-mail alerts ("Houd mij op de hoogte"): follow a list's search and get an e-mail when new
published items match it, right away or once a week. No account: an e-mail address, kept for
this only.

A followed search is the list's own query string, run through the list's FilterSet, as the
page, the API, the CSV and the feed run it. Double opt-in: a subscription sends nothing until
the link in its confirmation e-mail is followed, and one nobody confirms is deleted after
ALERT_CONFIRM_DAYS. Every alert can be stopped with one click (RFC 8058), which deletes the
address. The job `send_alerts` runs in the outbox's worker (ALERTS_CRON) and queues its
e-mails in the outbox.
"""

import datetime
import logging
from collections import defaultdict
from functools import cached_property

from django.conf import settings
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from . import kinds
from .feeds import filter_labels
from .models import Subscription
from .outbox import message, queue_mail

logger = logging.getLogger(__name__)

# The order of a list is how it is shown, not what is in it: an alert lists the newest first.
NOT_FOLLOWED = {"sort"}
# An alert lists at most this many items, the newest; it says how many more there are.
ITEMS_PER_ALERT = 10
# Clocks of app servers and database differ a little: an item counts as published once this
# much time has passed since, so it is in the run after its transaction has committed.
CLOCK_MARGIN = datetime.timedelta(minutes=1)
# A transaction left open longer than this (a forgotten session) no longer holds alerts back.
LONGEST_HOLD = datetime.timedelta(hours=1)


class FollowedSearch:
    """A list's search as an alert follows it: the kind, its FilterSet on the query, and the
    query with only its valid filters, so what the page shows is what is followed."""

    def __init__(self, kind, data):
        self.kind = kind
        self.filterset = kind.filterset(data, queryset=kind.model.objects.published())
        self.filterset.errors  # noqa: B018 -- validates, so the cleaned data exists

    @classmethod
    def of(cls, subscription):
        """The search a subscription follows, or None when its kind is no longer on the site."""
        kind = kinds.by_path(subscription.kind)
        return kind and cls(kind, QueryDict(subscription.query))

    @cached_property
    def query(self):
        """The query string to keep: the valid filters, in the FilterSet's order."""
        data, errors = self.filterset.data, self.filterset.errors
        kept = QueryDict(mutable=True)
        for name in self.filterset.filters:
            values = [value for value in data.getlist(name) if value.strip()]
            if values and name not in errors and name not in NOT_FOLLOWED:
                kept.setlist(name, values)
        return kept.urlencode()

    @property
    def errors(self):
        """What was left out, as the list page words it."""
        return [error for errors in self.filterset.errors.values() for error in errors]

    @property
    def list_url(self):
        query = self.query
        return reverse(self.kind.list_url) + (f"?{query}" if query else "")

    @cached_property
    def chips(self):
        """The search in words, as the list shows its chosen filters: legend and label."""
        cleaned = self.filterset.cleaned
        chips = []
        if cleaned.get("q"):
            chips.append({"legend": _("Search words"), "label": f"“{cleaned['q']}”"})
        if cleaned.get("bij"):
            chips.append({"legend": _("Near"), "label": self.filterset.place_label})
        return chips + [
            {"legend": facet.legend, "label": option.label, "content": facet.content}
            for facet in self.filterset.facets()  # also counts the matches: filterset.total
            for option in facet.selected
        ]

    @property
    def total(self):
        """How many published items match now."""
        self.chips  # noqa: B018 -- counted with the facets
        return self.filterset.total

    @cached_property
    def title(self):
        """One line for e-mails, in their language: "Initiatieven — “soep”, Bonding"."""
        with translation.override(settings.LANGUAGE_CODE):
            labels = filter_labels(self.filterset)
            kind = str(self.kind.label)
        return Truncator(f"{kind} — {', '.join(labels)}" if labels else kind).chars(150)

    def published_between(self, since, until):
        """The ids and publication moments of the matches published after `since` up to
        `until`, newest first."""
        data = QueryDict(self.query, mutable=True)
        data["sort"] = "nieuw"  # not by relevance: no ranking, no limit for broad searches
        window = self.filterset.queryset.filter(published_at__gt=since, published_at__lte=until)
        filterset = self.kind.filterset(data, queryset=window)
        return filterset.qs.values_list("pk", "published_at")


def site_address(request):
    """The site as the visitor reached it, for the links in e-mails sent later."""
    return request.build_absolute_uri("/").rstrip("/")


def link(subscription, url_name):
    """The absolute address of a subscription's page (confirm, unsubscribe) for its e-mails:
    Dutch, as they are."""
    with translation.override(settings.LANGUAGE_CODE):
        return subscription.site + reverse(url_name, args=[subscription.token])


def subscribe(request, search, *, email, frequency):
    """Store an unconfirmed subscription and queue the e-mail that confirms it."""
    subscription = Subscription.objects.create(
        email=email,
        kind=search.kind.path,
        query=search.query,
        frequency=frequency,
        site=site_address(request),
    )
    context = {
        "subscription": subscription,
        "search": search.title,
        "confirm_url": link(subscription, "alerts:confirm"),
        "days": settings.ALERT_CONFIRM_DAYS,
    }
    queue_mail(message("emails/alert_confirm.txt", context, [email]))
    return subscription


def confirm(subscription):
    """Start sending: items published from now on count. A confirmed subscription of the same
    address to the same search gives way, so a changed frequency replaces the old one."""
    if subscription.is_confirmed:
        return
    Subscription.objects.confirmed().filter(
        email__iexact=subscription.email, kind=subscription.kind, query=subscription.query
    ).delete()
    subscription.confirmed_at = subscription.sent_until = timezone.now()
    subscription.save(update_fields=["confirmed_at", "sent_until"])


def confirmable(token):
    """The subscription of a confirm link, while that link works."""
    expired = timezone.now() - datetime.timedelta(days=settings.ALERT_CONFIRM_DAYS)
    subscriptions = Subscription.objects.filter(token=token)
    return subscriptions.exclude(confirmed_at__isnull=True, created_at__lt=expired).first()


def published_until(now):
    """The moment up to which every publication is known: earlier than `now` by the clock
    margin, and earlier still while another transaction is open, since what it publishes
    carries the moment it did so but shows only once it commits (an import publishes
    hundreds in one). Without this, a run could pass such items by for good."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        oldest = cursor.fetchone()[0]
    until = now if oldest is None else min(now, max(oldest, now - LONGEST_HOLD))
    return until - CLOCK_MARGIN


def send_due_alerts(now=None):
    """One run of the job: for every subscription that is due, one e-mail listing the items
    published since its last look that match its search; then its look moves on to the
    moment this run covers, so no item comes twice.

    Subscriptions following the same search share one query, and the items shown are read
    in one query per kind, so the run costs queries per search, not per item. Everything is
    one transaction: the e-mails are queued exactly when the looks move on.
    """
    until = published_until(now or timezone.now())
    with transaction.atomic():
        due = list(Subscription.objects.due(until).select_for_update(skip_locked=True))
        following = defaultdict(list)
        for subscription in due:
            following[subscription.kind, subscription.query].append(subscription)
        news, looked = {}, []
        for subscriptions in following.values():
            found = new_items(subscriptions, until)
            if found is not None:
                news.update(found)
                looked += subscriptions
        items = cards(news)
        for subscription in looked:
            if subscription in news:
                search, ids = news[subscription]
                queue_mail(alert(subscription, search, ids, items))
        Subscription.objects.filter(pk__in=[s.pk for s in looked]).update(sent_until=until)
    return len(news)


def new_items(subscriptions, until):
    """{subscription: (search, ids of its new matches, newest first)} for subscriptions
    following one search, from one query; None when the search cannot be run (it is tried
    again next time; its subscriptions keep their place)."""
    search = FollowedSearch.of(subscriptions[0])
    if search is None:
        return {}  # a kind no longer on the site: nothing new will come
    since = min(subscription.sent_until for subscription in subscriptions)
    try:
        with transaction.atomic():
            rows = list(search.published_between(since, until))
    except Exception:
        logger.exception("The followed search %s?%s failed", search.kind.path, search.query)
        return None
    found = {}
    for subscription in subscriptions:
        ids = [pk for pk, published_at in rows if published_at > subscription.sent_until]
        if ids:
            found[subscription] = (search, ids)
    return found


def cards(news):
    """{pk: item} of the items the alerts show, read with what their cards show, per kind."""
    shown = defaultdict(set)  # model -> ids
    for search, ids in news.values():
        shown[search.kind.model].update(ids[:ITEMS_PER_ALERT])
    items = {}
    for model, ids in shown.items():
        items.update(model.objects.published().filter(pk__in=ids).for_cards().in_bulk())
    return items


def alert(subscription, search, ids, items):
    """The e-mail of one subscription about the new matches `ids` (newest first): the first
    ITEMS_PER_ALERT of them from `items` (see `cards`), with a one-click unsubscribe."""
    unsubscribe_url = link(subscription, "alerts:unsubscribe")
    with translation.override(settings.LANGUAGE_CODE):
        list_url = subscription.site + search.list_url
    shown = [items[pk] for pk in ids[:ITEMS_PER_ALERT] if pk in items]
    context = {
        "subscription": subscription,
        "kind": search.kind,
        "search": search.title,
        "items": shown,
        "count": len(ids),
        "more": len(ids) - len(shown),
        "site": subscription.site,
        "list_url": list_url,
        "unsubscribe_url": unsubscribe_url,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return message("emails/alert.txt", context, [subscription.email], headers=headers)


def forget_unconfirmed(now=None):
    """Delete the subscriptions nobody confirmed in time, with their addresses."""
    expired = (now or timezone.now()) - datetime.timedelta(days=settings.ALERT_CONFIRM_DAYS)
    deleted, _by_model = Subscription.objects.unconfirmed_before(expired).delete()
    return deleted


@app.periodic(cron=settings.ALERTS_CRON)
@app.task(queue="alerts", queueing_lock="send_alerts", lock="send_alerts")
def send_alerts(timestamp):
    """The scheduled run of `send_due_alerts`; one at a time."""
    send_due_alerts()


@app.periodic(cron="17 * * * *")
@app.task(queue="maintenance", queueing_lock="forget_unconfirmed_subscriptions")
def forget_unconfirmed_subscriptions(timestamp):
    """Hourly: unconfirmed subscriptions do not wait longer than ALERT_CONFIRM_DAYS."""
    forget_unconfirmed()

"""Counts ready before the visitors ask: the worker fills the shared cache after each change.

Every change to the catalogue steps its version, and every cached count and page carries it.
So the first visitors after a change pay for what is the same for everyone: the facet counts
of the plain lists and of each theme and target group (every list with a theme and a place
counts "this theme anywhere" beside it), the national picture and the count of every
municipality behind each place page. Under a peak that paying queues everyone: the load
benchmark's first seconds took ten times its steady p95. The worker renders the pages that
compute them, through the site's own WSGI handler, as soon as it sees a new version.

Only with a shared cache (REDIS_URL): in a worker's own memory the counts would help no one.
"""

import io
import logging
import time
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from procrastinate.contrib.django import app

from catalogue.models import CatalogueVersion
from places.models import Municipality
from themes.models import TargetGroup, Theme

logger = logging.getLogger(__name__)
WARMED_KEY = "warmed-catalogue-version"


def pages():
    """The addresses whose counts most other pages share."""
    initiatives, cases = reverse("initiatives:list"), reverse("cases:list")
    yield from ["/", initiatives, cases, reverse("places:index"), reverse("insight:index")]
    for theme in Theme.objects.filter(parent__isnull=True):
        yield theme.get_absolute_url()
        yield f"{initiatives}?{urlencode({'thema': theme.slug})}"
        yield f"{cases}?{urlencode({'thema': theme.slug})}"
    for group in TargetGroup.objects.all():
        yield f"{initiatives}?{urlencode({'doelgroep': group.slug})}"
    # One place page computes the count of every municipality that all place pages read.
    place = Municipality.objects.order_by("name").first()
    if place:
        yield place.get_absolute_url()


def warm(addresses=None):
    """Render each address as an anonymous visitor would ask it; return how many answered
    200. Through the WSGI handler, so every middleware and cache takes part as for a visit."""
    host = next((h for h in settings.ALLOWED_HOSTS if h != "*"), "localhost").lstrip(".")
    # The caller's database connection serves the requests and stays the caller's: a request
    # would otherwise close it at its end (as Django's test client also prevents).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    handler = WSGIHandler()
    try:
        addresses = pages() if addresses is None else addresses
        return sum(_render(handler, host, address) for address in addresses)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _render(handler, host, address):
    """1 when `address` answered 200, else 0."""
    path, _, query = address.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": host,
        "wsgi.url_scheme": "https",  # no redirect where the site insists on https
        "wsgi.input": io.BytesIO(),
    }
    setup_testing_defaults(environ)
    statuses = []
    response = handler(environ, lambda status, headers, *_: statuses.append(status))
    try:
        for _chunk in response:
            pass
    finally:
        response.close()
    return int(statuses[0].startswith("200"))


@app.periodic(cron=settings.WARM_CACHE_CRON)
@app.task(queue="maintenance", queueing_lock="warm_caches", lock="warm_caches")
def warm_caches(timestamp):
    """Warm the shared cache when the catalogue has changed since the last time, or when
    the counts it made have expired (FACET_CACHE_SECONDS): a peak an hour after the last
    change finds them as ready as one a minute after."""
    if not settings.REDIS_URL:
        return
    version = CatalogueVersion.current()  # read first: a change while warming warms again
    if cache.get(WARMED_KEY) == version:
        return
    start = time.perf_counter()
    answered = warm()
    cache.set(WARMED_KEY, version, timeout=settings.FACET_CACHE_SECONDS)
    logger.info(
        "Warmed %d pages for catalogue version %d in %.1f s",
        answered,
        version,
        time.perf_counter() - start,
    )

"""A full address as a point, through an online geocoder (PDOK Locatieserver), when one is set.

Postcodes and coordinates never need it (`geo.locate` knows those). The service is outside
our control, so it gets a strict time limit and its answer is checked before we trust it. What
it said is cached for a day, "nothing found" included; a failure is not, so the next visitor
tries again. The visitor's text goes to the service and nowhere else: not into logs, error
messages or cache keys.
"""

import dataclasses
import hashlib
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException

from django.conf import settings
from django.core.cache import cache

from .geo import in_netherlands

logger = logging.getLogger(__name__)

CACHE_SECONDS = 24 * 60 * 60
# Longer than any Dutch address; anything longer is not one, and is not sent.
MAX_QUERY_LENGTH = 200
# One document of a few fields is a few hundred bytes; more than this is not an answer to us.
MAX_ANSWER_BYTES = 64 * 1024
PLACE_TYPES = "type:(adres OR postcode OR woonplaats OR weg)"
POINT = re.compile(r"POINT\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)")
# Solr's query syntax; escaped so a visitor's text is only ever words to look for.
SOLR_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
NOT_CACHED = object()


class GeocoderUnavailable(Exception):
    """The geocoder could not be asked, did not answer in time, or answered nonsense."""


@dataclasses.dataclass(frozen=True)
class GeocodedPlace:
    """Where the geocoder put the text, and how it names that place ("Domplein 1, Utrecht")."""

    latitude: float
    longitude: float
    label: str


def enabled():
    """Off unless the site sets a URL: then only postcodes, coordinates and municipalities work."""
    return bool(settings.GEOCODER_URL)


def geocode(text):
    """The place the geocoder finds for `text`, or None when it finds none in the Netherlands.

    Raises GeocoderUnavailable when the service is off, unreachable, slow or talks nonsense.
    """
    if not enabled():
        raise GeocoderUnavailable("no geocoder configured")
    text = " ".join(text.split())
    if not text or len(text) > MAX_QUERY_LENGTH:
        return None
    key = "geocoder:" + hashlib.sha256(text.casefold().encode()).hexdigest()
    place = cache.get(key, NOT_CACHED)
    if place is NOT_CACHED:
        try:
            place = read_answer(ask(text))
        except GeocoderUnavailable as problem:
            logger.warning("Geocoder unavailable: %s", problem)
            raise
        cache.set(key, place, CACHE_SECONDS)
    return place


def ask(text):
    """The service's raw answer. Every network wait is limited by the timeout, and the body
    must have arrived within it too, so a server that trickles its answer is cut off."""
    timeout = settings.GEOCODER_TIMEOUT_SECONDS
    deadline = time.monotonic() + timeout
    # Only the kind of failure is passed on: an error's text may carry the address we asked for.
    try:
        request = urllib.request.Request(
            search_url(text), headers={"Accept": "application/json", "User-Agent": "Wijkplatform"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = b""
            while chunk := response.read1(8192):
                answer += chunk
                if len(answer) > MAX_ANSWER_BYTES:
                    raise GeocoderUnavailable("answer too large")
                if time.monotonic() > deadline:
                    raise GeocoderUnavailable("answer too slow")
    except urllib.error.HTTPError as error:
        error.close()
        raise GeocoderUnavailable(f"HTTP status {error.code}") from None
    except (OSError, HTTPException, ValueError) as error:  # refused, timed out, garbled, bad URL
        reason = getattr(error, "reason", None)
        kind = type(reason if isinstance(reason, BaseException) else error).__name__
        raise GeocoderUnavailable(kind) from None
    return answer


def search_url(text):
    """The configured endpoint with our search added to whatever query it already carries."""
    base = urllib.parse.urlsplit(settings.GEOCODER_URL)
    query = urllib.parse.parse_qsl(base.query) + [
        ("q", SOLR_SPECIAL.sub(r"\\\1", text)),
        ("rows", "1"),
        ("fq", PLACE_TYPES),
        ("fl", "weergavenaam centroide_ll"),
    ]
    return urllib.parse.urlunsplit(base._replace(query=urllib.parse.urlencode(query)))


def read_answer(answer):
    """The first document of a Locatieserver answer as a place; None when there is none."""
    try:
        docs = json.loads(answer)["response"]["docs"]
        if not docs:
            return None
        match = POINT.fullmatch(docs[0]["centroide_ll"].strip())
        label = docs[0]["weergavenaam"].strip()
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise GeocoderUnavailable("unexpected answer") from None
    if not match or not label:
        raise GeocoderUnavailable("unexpected answer")
    longitude, latitude = float(match[1]), float(match[2])
    if not in_netherlands(latitude, longitude):
        return None
    return GeocodedPlace(latitude, longitude, label[:MAX_QUERY_LENGTH])

"""Whole-page cache for anonymous visitors, keyed by the catalogue version.

Every change to the catalogue steps `CatalogueVersion` (catalogue/index.py), and that
number is part of each key: a publish, edit, unpublish or archive shows at once on every page
and every server, with nothing to invalidate by hand. A hit costs one small query (the
version) instead of a page's worth.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import cc_delim_re

from catalogue.models import CatalogueVersion

# Request headers a page's content depends on besides its address and language: htmx asks
# for the list part only, and the map's GeoJSON is gzipped for those who accept it. A view
# that varies on another header must add it here.
VARYING_HEADERS = ["HX-Request", "HX-History-Restore-Request", "HX-Target", "Accept-Encoding"]
# Never cached: answers that are about one moment or one visitor. (Editors have a session.)
UNCACHED_PREFIXES = ("/healthz", "/readyz", "/taal/")
UNCACHEABLE_CONTROL = {"private", "no-cache", "no-store"}


class AnonymousPageCacheMiddleware:
    """Serves GET and HEAD requests without a session from the cache when it can.

    Sits inside SessionMiddleware and LocaleMiddleware and outside CSRF, messages and
    authentication, so it sees every reason not to share a response: a cookie being set, a
    session being read, or `Vary: Cookie` (a CSRF token in a form).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        key = self.key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self.shareable(request, response):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def applies_to(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(UNCACHED_PREFIXES)
        )

    @staticmethod
    def key(request):
        varying = "|".join(request.headers.get(name, "") for name in VARYING_HEADERS)
        # Canonical links and the sitemap address are absolute: scheme and host count too.
        address = request.build_absolute_uri()
        # The method too: a HEAD answer has no body to give a later GET.
        digest = hashlib.sha256(f"{request.method}|{address}|{varying}".encode()).hexdigest()
        return f"page:{CatalogueVersion.current()}:{request.LANGUAGE_CODE}:{digest}"

    @staticmethod
    def shareable(request, response):
        session = getattr(request, "session", None)
        control = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
        # A request without cookies was answered as for every anonymous visitor: reading its
        # empty session (`request.user`, as the detail views do to let editors preview) and
        # the `Vary: Cookie` that brings say nothing about one person. A CSRF token would have
        # set a cookie. Without this, no detail page was ever cached.
        per_visitor = request.COOKIES and (
            (session is not None and session.accessed) or "cookie" in vary
        )
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not per_visitor
            and not control & UNCACHEABLE_CONTROL
        )

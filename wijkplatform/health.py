"""Endpoints for load balancers and orchestrators: is the process alive, can it serve?"""

import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from catalogue import outbox

CACHE_PROBE_KEY = "readyz-probe"


@never_cache
@require_safe
def healthz(request):
    """The process answers. Touches neither database nor cache, so a database outage does not
    make an orchestrator restart healthy app servers."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def database_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def cache_reachable():
    try:
        cache.set(CACHE_PROBE_KEY, "ok", timeout=10)
        return cache.get(CACHE_PROBE_KEY) == "ok"
    except Exception:  # Every cache backend raises its own errors when its server is away.
        return False


@never_cache
@require_safe
def readyz(request):
    """The database and the cache answer: send traffic here. 503 names what is missing.

    Also how many e-mails wait in the outbox and for how long the oldest has waited: a
    growing age means the worker is not running or the mail server refuses. It is shown,
    not judged: the site serves visitors all the same."""
    checks = {"database": database_reachable(), "cache": cache_reachable()}
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    if checks["database"]:
        count, oldest = outbox.waiting()
        body["mail_waiting"] = {"count": count, "oldest_seconds": oldest}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


# While the database is away, a visitor is told to try again shortly; crawlers and proxies
# are told when (Retry-After), so they do not take the outage for a broken page.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """handler500: a database outage is a 503 "try again soon", anything else our 500 page.

    Django calls this while handling the exception, so sys.exc_info() names it — also when it
    came from a middleware (sessions, authentication) rather than the view.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, (OperationalError, InterfaceError))
    if unavailable and request.path.startswith("/api/"):
        message = _("The catalogue is briefly unavailable. Try again in a minute.")
        response = JsonResponse({"errors": {"__all__": [message]}}, status=503)
    else:
        template = "503.html" if unavailable else "500.html"
        response = HttpResponse(
            loader.render_to_string(template), status=503 if unavailable else 500
        )
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

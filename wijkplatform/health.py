"""Endpoints for load balancers and orchestrators: is the process alive, can it serve?"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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
    """The database and the cache answer: send traffic here. 503 names what is missing."""
    checks = {"database": database_reachable(), "cache": cache_reachable()}
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)

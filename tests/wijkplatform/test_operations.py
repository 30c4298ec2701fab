"""What operators rely on: health endpoints, request ids in the logs, slow-request and
slow-query logging. The production configuration served by gunicorn (`make serve`) is checked
in tests/ops/test_serve.py."""

import datetime
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from catalogue.outbox import message, queue_mail
from tests.factories import InitiativeFactory
from tests.ops.servers import database_url, free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def run_django(code, **environment):
    """Run `code` in a fresh Python with Django set up under `environment`; its output."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='localhost', raise_request_exception=False)\n" + code
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wijkplatform.settings.test", **environment}
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "cache": "ok",
        "mail_waiting": {"count": 0, "oldest_seconds": 0},
    }


def test_readyz_tells_how_long_the_oldest_e_mail_has_waited(client):
    for address in ["piet@example.org", "an@example.org"]:
        queue_mail(message("emails/contact_received.txt", {}, [address]))
    seven_minutes_ago = (timezone.now() - datetime.timedelta(minutes=7)).isoformat()
    with connection.cursor() as cursor:  # the first was queued seven minutes ago
        cursor.execute(
            "UPDATE procrastinate_jobs"
            " SET args = jsonb_set(args, '{queued_at}', to_jsonb(%s::text))"
            " WHERE id = (SELECT min(id) FROM procrastinate_jobs)",
            [seven_minutes_ago],
        )
    waiting = client.get("/readyz").json()["mail_waiting"]
    assert waiting["count"] == 2
    assert 7 * 60 <= waiting["oldest_seconds"] < 8 * 60


def test_readyz_says_503_when_the_database_is_away():
    unreachable = f"postgres://wijk@127.0.0.1:{free_port()}/nothing"
    result = run_django(
        "r = client.get('/readyz'); print(r.status_code, r.content.decode())",
        DATABASE_URL=unreachable,
    )
    status, body = result.stdout.split(" ", 1)
    assert status == "503", result.stderr
    assert json.loads(body) == {"database": "unavailable", "cache": "ok"}


OUTAGE_PAGES = ["/", "/initiatieven/", "/initiatieven/een-initiatief/"]


def test_pages_say_try_again_soon_while_the_database_is_away():
    unreachable = f"postgres://wijk@127.0.0.1:{free_port()}/nothing"
    result = run_django(
        "import json\n"
        f"for path in {[*OUTAGE_PAGES, '/api/v1/initiatieven/']}:\n"
        "    r = client.get(path)\n"
        "    print(json.dumps([path, r.status_code, r.get('Retry-After'), r.content.decode()]))",
        DATABASE_URL=unreachable,
    )
    answers = {path: rest for path, *rest in map(json.loads, result.stdout.splitlines())}
    assert set(answers) == {*OUTAGE_PAGES, "/api/v1/initiatieven/"}, result
    for path in OUTAGE_PAGES:
        status, retry_after, body = answers[path]
        assert (status, retry_after) == (503, "30"), path
        assert "Even niet bereikbaar" in body
        assert "Traceback" not in body
    status, retry_after, body = answers["/api/v1/initiatieven/"]
    assert (status, retry_after) == (503, "30")
    assert json.loads(body)["errors"]["__all__"]


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-1234abcd"})
    assert kept["X-Request-ID"] == "proxy-1234abcd"
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>\n"})
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])


def test_json_logs_carry_the_request_id_time_and_query_count():
    result = run_django(
        "r = client.get('/readyz?bij=Dorpsstraat+1'); print(r['X-Request-ID'])",
        DATABASE_URL=database_url(),
        DJANGO_LOG_FORMAT="json",
        DJANGO_LOG_LEVEL="DEBUG",
        WIJK_SLOW_QUERY_MS="0",
    )
    request_id = result.stdout.strip()
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    mine = [record for record in records if record.get("request_id") == request_id]
    request = next(r for r in mine if r["logger"] == "wijkplatform.requests")
    assert request["path"] == "/readyz"
    assert request["status"] == 200
    assert request["queries"] >= 1
    assert request["duration_ms"] >= 0
    # The query string may hold an address a visitor typed: it is never logged.
    assert "Dorpsstraat" not in result.stderr
    slow = [r for r in mine if r["logger"] == "wijkplatform.queries"]
    assert any("SELECT 1" in record["message"] for record in slow)
    assert request["time"].endswith("+00:00")


def test_the_request_log_says_where_a_pages_time_went(client, settings, caplog):
    """SQL, templates and the rest of Python, per request: the load benchmark's profile per
    page family is made of these."""
    settings.SLOW_REQUEST_MS = 60_000
    initiative = InitiativeFactory()
    with caplog.at_level(logging.DEBUG, logger="wijkplatform.requests"):
        client.get(initiative.get_absolute_url())
        client.get("/healthz")
    page, healthz = (r for r in caplog.records if r.name == "wijkplatform.requests")
    assert page.status == 200
    assert page.queries >= 1
    assert page.sql_ms > 0
    assert page.render_ms > 0
    assert page.sql_ms + page.render_ms <= page.duration_ms
    # No template and no database: nothing to count.
    assert (healthz.queries, healthz.sql_ms, healthz.render_ms) == (0, 0, 0)


def test_a_slow_request_is_logged_as_a_warning(client, settings, caplog):
    settings.SLOW_REQUEST_MS = 0
    with caplog.at_level(logging.WARNING, logger="wijkplatform.requests"):
        client.get("/healthz")
    [record] = [r for r in caplog.records if r.name == "wijkplatform.requests"]
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith("GET /healthz 200 ")


def test_fast_requests_are_not_warned_about(client, settings, caplog):
    settings.SLOW_REQUEST_MS = 60_000
    with caplog.at_level(logging.WARNING, logger="wijkplatform.requests"):
        client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "wijkplatform.requests"]

"""The site as production runs it (gunicorn via bin/serve) when things around it fail: the
database stops and returns, or two app servers share one database and Redis. Each test has a
PostgreSQL cluster (and Redis) of its own on loopback, so the shared development server is
never stopped; each finishes in well under a minute."""

import json
import threading
import time

import pytest
from django_otp.oath import totp

from .servers import Client, environment, manage, serve, throwaway_postgres, throwaway_redis

TITLE = "Koffie in de wijk"
SLUG = "koffie-in-de-wijk"
PAGES = ["/", "/initiatieven/", f"/initiatieven/{SLUG}/"]
EDITOR, PASSWORD = "beheerder", "resilience-test-password"
OTP_KEY = "3132333435363738393031323334353637383930"  # the editor's authenticator app (hex)
SECRET_KEY = "resilience-test-secret-key-shared-by-both-app-servers-0123456789"
RECOVERY_SECONDS = 5


@pytest.fixture(scope="module")
def database():
    """A throwaway cluster, migrated, with one published initiative and one editor."""
    with throwaway_postgres() as server:
        env = environment(DATABASE_URL=server.url())
        manage("migrate", "--no-input", "--verbosity", "0", env=env)
        manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.contrib.auth.models import User\n"
            "from tests.factories import InitiativeFactory\n"
            f"InitiativeFactory(title={TITLE!r}, slug={SLUG!r})\n"
            f"user = User.objects.create_superuser({EDITOR!r}, 'b@example.org', {PASSWORD!r})\n"
            "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
            f"TOTPDevice.objects.create(user=user, name='app', key={OTP_KEY!r}, confirmed=True)",
            env=env,
        )
        yield server


def production(database, **variables):
    """The environment a real deployment sets (docs/deploy.md), for this test's servers."""
    return {
        "DATABASE_URL": database.url(),
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "WIJK_REQUIRE_2FA": "false",
        **variables,
    }


class Load:
    """Threads that request the pages, /healthz and /readyz over and over, and note every
    answer with the moment it arrived (or the error, when there was no HTTP answer)."""

    PATHS = [*PAGES, "/healthz", "/readyz"]

    def __init__(self, base, threads=3):
        self.base = base
        self.answers = []  # (time, path, status or exception, response or None)
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.drive, args=(n,)) for n in range(threads)]

    def drive(self, offset):
        client = Client(self.base)
        for n in range(offset, 10**9):
            if self.stopping.is_set():
                return
            path = self.PATHS[n % len(self.PATHS)]
            try:
                response = client.get(path)
                self.answers.append((time.monotonic(), path, response.status, response))
            except OSError as error:
                self.answers.append((time.monotonic(), path, error, None))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def between(self, start, end):
        return [answer for answer in self.answers if start < answer[0] < end]


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_pages_say_try_again_soon_while_postgresql_is_down_and_recover_by_themselves(
    database, tmp_path
):
    started = time.monotonic()
    # Two workers with two threads each, each thread keeping its database connection
    # (CONN_MAX_AGE): every one of those connections breaks when PostgreSQL stops.
    env = production(database, WEB_CONCURRENCY="2", GUNICORN_THREADS="2")
    with serve(tmp_path / "serve.log", **env) as base, Load(base) as load:
        assert wait_for(lambda: len(load.answers) > 30, 20), "no answers under load"
        before = list(load.answers)
        assert {status for _, _, status, _ in before} == {200}, before[:5]

        database.stop("fast")
        down = time.monotonic()
        time.sleep(3)
        up_again = time.monotonic()
        database.start()
        back = time.monotonic()

        client = Client(base)
        assert wait_for(lambda: client.get(PAGES[-1]).status == 200, 30)
        first_page = time.monotonic() - back
        # Load goes on past the bound, to see every worker and thread answer 200 by then.
        time.sleep(max(0, back + RECOVERY_SECONDS + 2 - time.monotonic()))

    # Every request got an HTTP answer: gunicorn stayed up, nothing was refused or dropped.
    failed = [(path, status) for _, path, status, _ in load.answers if not isinstance(status, int)]
    assert not failed
    assert not [a for a in load.answers if a[2] == 500 or "Traceback" in a[3].text]

    outage = load.between(down, up_again)
    assert len(outage) > 20
    for _, path, status, response in outage:
        if path == "/healthz":  # the process is alive: no orchestrator restarts it
            assert status == 200
        elif path == "/readyz":  # but it cannot serve: the load balancer sends no one here
            assert status == 503
            assert json.loads(response.text)["database"] == "unavailable"
        else:
            assert (status, response.headers["Retry-After"]) == (503, "30"), path
            assert "Even niet bereikbaar" in response.text

    # Recovered without restarting gunicorn: every answer from RECOVERY_SECONDS after the
    # database returned is a 200, in every worker and thread.
    after = load.between(back + RECOVERY_SECONDS, float("inf"))
    assert len(after) > 10
    assert {status for _, _, status, _ in after} == {200}
    recovered = max(
        (t for t, _, status, _ in load.between(back, float("inf")) if status != 200),
        default=back,
    )
    print(
        f"\nPostgreSQL started in {back - up_again:.2f} s; first page 200 {first_page:.2f} s"
        f" after, the last answer other than 200 {recovered - back:.2f} s after;"
        f" {len(outage)} answers during the outage; test took {time.monotonic() - started:.1f} s"
    )
    assert recovered - back < RECOVERY_SECONDS


def test_two_app_servers_share_logins_and_show_an_edit_at_once(database, tmp_path):
    started = time.monotonic()
    with throwaway_redis() as redis_url:
        env = production(
            database, REDIS_URL=redis_url, WIJK_PAGE_CACHE_SECONDS="300", WEB_CONCURRENCY="1"
        )
        # One after the other: each runs collectstatic into the same folder before it starts.
        with serve(tmp_path / "a.log", **env) as a, serve(tmp_path / "b.log", **env) as b:
            visitor = Client(b)
            for path in ["/initiatieven/", f"/initiatieven/{SLUG}/"]:
                visitor.get(path)
                cached = visitor.get(path)
                assert (cached.status, cached.headers["X-Page-Cache"]) == (200, "hit"), path
                assert TITLE in cached.text

            # An editor logs in on A ...
            editor = Client(a)
            login = editor.get("/admin/login/")
            answer = editor.post(
                "/admin/login/",
                {
                    "csrfmiddlewaretoken": login.form_value("csrfmiddlewaretoken"),
                    "username": EDITOR,
                    "password": PASSWORD,
                    "next": "/admin/",
                },
            )
            assert answer.status == 302
            # Production asks every member of staff for the code from their app as well.
            location = answer.headers["Location"]
            step = editor.get(location)
            while step.status == 302:
                location = step.headers["Location"]
                step = editor.get(location)
            answer = editor.post(
                location,
                {
                    "csrfmiddlewaretoken": step.form_value("csrfmiddlewaretoken"),
                    "code": f"{totp(bytes.fromhex(OTP_KEY)):06d}",
                },
            )
            assert (answer.status, answer.headers["Location"]) == (302, "/admin/")

            # ... and the load balancer sends the next request to B: still logged in.
            on_b = Client(b)
            on_b.cookies = dict(editor.cookies)
            home = on_b.get("/admin/")
            assert home.status == 200
            assert 'action="/admin/logout/"' in home.text

            # Taken offline through A's admin; B's cached pages do not show it a moment longer.
            changelist = editor.get("/admin/initiatives/initiative/")
            pk = changelist.form_value("_selected_action")
            done = editor.post(
                "/admin/initiatives/initiative/",
                {
                    "csrfmiddlewaretoken": changelist.form_value("csrfmiddlewaretoken"),
                    "action": "unpublish",
                    "_selected_action": pk,
                    "index": "0",
                },
            )
            assert done.status == 302
            listing = visitor.get("/initiatieven/")
            assert listing.status == 200
            assert TITLE not in listing.text
            assert visitor.get(f"/initiatieven/{SLUG}/").status == 404
    print(f"\ntest took {time.monotonic() - started:.1f} s")

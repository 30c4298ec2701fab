"""`make serve`: the production configuration (gunicorn, whitenoise, production settings)
answers as it should, against the test database."""

import re
import subprocess
import urllib.error
import urllib.request

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User

from wijkplatform import demo_accounts

from .servers import ROOT, database_url, environment, free_port, serve

pytestmark = pytest.mark.django_db


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path):
    """`bin/serve` (what `make serve` runs) on a free port, against the test database."""
    with serve(
        tmp_path / "serve.log",
        DATABASE_URL=database_url(),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
    ) as base:
        yield base


def test_make_serve_runs_the_production_configuration(served):
    status, headers, body = fetch(f"{served}/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Server"] == "gunicorn"
    # Production settings: HSTS behind a TLS-terminating proxy, no debug pages.
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    # Static files are fingerprinted by the manifest storage and served by whitenoise with a
    # far-future cache lifetime.
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body).group(1)
    status, headers, _ = fetch(served + stylesheet.decode())
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    status, _, body = fetch(f"{served}/bestaat-niet/")
    assert status == 404
    assert b"Traceback" not in body


@pytest.mark.django_db(transaction=True)
def test_make_serve_refuses_a_database_with_demo_accounts():
    """What `make run` loaded, with the password the README prints (hashed as production
    hashes: the test settings' fast hasher is not one production reads)."""
    hashed = PBKDF2PasswordHasher().encode(demo_accounts.PASSWORD, "demosalt")
    User.objects.create(username="eindredacteur", password=hashed, is_staff=True)
    done = subprocess.run(
        [str(ROOT / "bin" / "serve")],
        cwd=ROOT,
        env=environment(DATABASE_URL=database_url(), WIJK_BIND=f"127.0.0.1:{free_port()}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "eindredacteur" in done.stderr and "delete_demo_accounts" in done.stderr

"""Security headers every response carries, and production settings that hold."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wijkplatform.settings.base import tile_hosts


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/initiatieven/", "/api/v1/initiatieven/", "/admin/login/"])
def test_every_response_carries_the_content_security_policy(client, path):
    policy = client.get(path).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/initiatieven/", "/api/v1/initiatieven/", "/admin/login/"])
def test_every_response_carries_the_usual_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Permissions-Policy"]
    assert "geolocation=(self)" in policy  # "Gebruik mijn locatie"
    assert "camera=()" in policy and "microphone=()" in policy


def test_the_policy_allows_exactly_the_map_tile_host():
    assert tile_hosts("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://tile.openstreetmap.org"
    ]
    assert tile_hosts("https://{s}.tiles.example.nl/{z}/{x}/{y}.png") == [
        "https://*.tiles.example.nl"
    ]
    assert tile_hosts("") == []


ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "wijkplatform.settings.prod",
    "DJANGO_SECRET_KEY": "k" * 20 + "production-like-secret-key-for-the-deploy-check",
    "DJANGO_ALLOWED_HOSTS": "wijkplatform.nl",
    "DATABASE_URL": "postgres://wijk@localhost/wijkplatform",
}


def manage(*args, **environment):
    env = {**os.environ, **environment}
    # Set by tests/browser/conftest.py for Playwright; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for name in PRODUCTION:
        if name not in environment:
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_the_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_the_production_settings_refuse_to_start_without_a_required_value(missing):
    environment = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **environment)
    assert result.returncode != 0
    assert f"Set these environment variables: {missing}" in result.stderr

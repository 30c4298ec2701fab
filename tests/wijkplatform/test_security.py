"""Security headers every response carries, and production settings that hold."""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import Resolver404, URLResolver, get_resolver, resolve

from wijkplatform.settings.base import tile_hosts

# One address of every kind of page and endpoint (the admin's login for the admin), on the demo
# catalogue; a test below checks that no public URL pattern is missing.
INITIATIVE = "/initiatieven/vrouwengroep-de-zonnebloem/"
EVERY_PAGE_TYPE = [
    "/",
    "/zoeken/?q=buurt",
    "/themas/",
    "/themas/bonding/",
    "/over/",
    "/toegankelijkheid/",
    "/privacy/",
    "/initiatieven/",
    "/initiatieven/export.csv",
    "/initiatieven/aanmelden/",
    "/initiatieven/aanmelden/bedankt/",
    INITIATIVE,
    f"{INITIATIVE}contact/",
    f"{INITIATIVE}contact/verzonden/",
    "/gemeenten/",
    "/gemeenten/utrecht/",
    "/gemeenten/utrecht/overvecht/",
    "/inzicht/",
    "/inzicht/utrecht/",
    "/casussen/",
    "/casussen/export.csv",
    "/casussen/vrouwengroep-de-zonnebloem-in-overvecht/",
    "/casussen/vrouwengroep-de-zonnebloem-in-overvecht/citeer.bib",
    "/casussen/vrouwengroep-de-zonnebloem-in-overvecht/citeer.ris",
    "/publicaties/",
    "/publicaties/aanmelden/",
    "/publicaties/aanmelden/bedankt/",
    "/publicaties/casusbundel-wij-in-de-wijk-3/",
    "/publicaties/casusbundel-wij-in-de-wijk-3/download/",  # the demo has no file: 404
    "/publicaties/casusbundel-wij-in-de-wijk-3/citeer.bib",
    "/publicaties/casusbundel-wij-in-de-wijk-3/citeer.ris",
    "/api/v1/initiatieven/",
    "/api/v1/initiatieven.geojson",
    "/api/v1/gemeenten.geojson",
    "/api/v1/casussen/",
    "/api/v1/gemeenten/GM0344/inzicht/",
    "/api/v1/gemeenten/GM0344/wijken/WK034402/inzicht/?format=csv",
    "/feeds/initiatieven/",
    "/feeds/casussen/",
    "/feeds/publicaties/",
    "/meldingen/initiatieven/?thema=bonding",
    "/meldingen/aangevraagd/",
    "/meldingen/bevestigen/onbekend/",
    "/meldingen/afmelden/onbekend/",
    "/sitemap.xml",
    "/sitemap-initiatieven.xml",
    "/robots.txt",
    "/healthz",
    "/readyz",
    "/taal/",  # POST only: the refusal carries the headers too
    "/en/initiatieven/",
    "/deze-pagina-bestaat-niet/",
    "/admin/login/",
]


@pytest.fixture
def demo(db):
    call_command("loaddata", "taxonomy", "regions", "demo", verbosity=0)


def test_the_list_of_page_types_misses_no_public_url():
    def names(patterns, namespace=""):
        for pattern in patterns:
            if str(pattern.pattern).startswith("admin/"):
                continue  # the admin's pages: its login stands for them
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from names(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}{pattern.name}"

    listed = set()
    for path in EVERY_PAGE_TYPE:
        # The page that does not exist, and the English twin of a listed page, resolve to none.
        with contextlib.suppress(Resolver404):
            listed.add(resolve(path.split("?")[0]).view_name)
    assert set(names(get_resolver().url_patterns)) <= listed


def security_header_problems(response):
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    expected = {
        # Nothing is allowed that the policy does not name.
        "default-src 'none' in the CSP": "default-src 'none'" in policy.split("; "),
        "script-src 'self' in the CSP": "script-src 'self'" in policy,
        "style-src 'self' in the CSP": "style-src 'self'" in policy,
        "frame-ancestors 'none' in the CSP": "frame-ancestors 'none'" in policy,
        "no unsafe-inline or unsafe-eval": "unsafe-" not in policy,
        "X-Content-Type-Options": headers.get("X-Content-Type-Options") == "nosniff",
        "Referrer-Policy": headers.get("Referrer-Policy") == "same-origin",
        "X-Frame-Options": headers.get("X-Frame-Options") == "DENY",
        # geolocation for "Gebruik mijn locatie"; no camera, no microphone
        "Permissions-Policy": all(
            part in headers.get("Permissions-Policy", "")
            for part in ("geolocation=(self)", "camera=()", "microphone=()")
        ),
        # FLoC is retired: Chromium logs the unknown name as an error on every page.
        "no interest-cohort": "interest-cohort" not in headers.get("Permissions-Policy", ""),
        # No other site may load our pages, files or API answers into its own.
        "Cross-Origin-Resource-Policy": (
            headers.get("Cross-Origin-Resource-Policy") == "same-origin"
        ),
        "no server error": response.status_code < 500,
    }
    return [name for name, holds in expected.items() if not holds]


def test_every_page_type_carries_every_security_header(client, demo):
    problems = {path: security_header_problems(client.get(path)) for path in EVERY_PAGE_TYPE}
    assert {path: wrong for path, wrong in problems.items() if wrong} == {}


def test_static_files_may_only_be_loaded_by_our_own_pages(client, db):
    """whitenoise answers them before any view or the CSP middleware is reached."""
    for path in ("/static/css/site.css", "/static/vendor/leaflet/leaflet.js"):
        response = client.get(path)
        response.close()  # a file, streamed
        assert response.status_code == 200, path
        assert response.headers.get("Cross-Origin-Resource-Policy") == "same-origin", path
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path


def test_the_policy_names_exactly_what_the_pages_need(settings):
    """Starting from nothing, each kind of resource the pages use is named once (the browser
    tests, test_csp*.py, prove that it is enough)."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["default-src"] == ["'none'"]
    assert set(directives) == {
        "default-src",
        "script-src",
        "style-src",
        "img-src",
        "connect-src",
        "font-src",
        "base-uri",
        "form-action",
        "frame-ancestors",
    }


def test_the_policy_allows_exactly_the_map_tile_host():
    assert tile_hosts("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://tile.openstreetmap.org"
    ]
    assert tile_hosts("https://{s}.tiles.example.nl/{z}/{x}/{y}.png") == [
        "https://*.tiles.example.nl"
    ]
    assert tile_hosts("") == []


ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "wijkplatform.settings.prod",
    "DJANGO_SECRET_KEY": "k" * 20 + "production-like-secret-key-for-the-deploy-check",
    "DJANGO_ALLOWED_HOSTS": "wijkplatform.nl",
    "DATABASE_URL": "postgres://wijk@localhost/wijkplatform",
}


def manage(*args, **environment):
    env = {**os.environ, **environment}
    # Set by the browser fixtures while Playwright runs; a deployment never has it.
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


def test_the_language_cookie_is_secure_and_same_site_in_production():
    """The cookie set when a visitor picks a language, as the production settings set it."""
    script = (
        "from django.test import Client\n"
        "response = Client().post('/taal/', {'language': 'en', 'next': '/'}, secure=True)\n"
        "print(response.cookies['django_language'].output())"
    )
    result = manage("shell", "-c", script, **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "testserver"})
    assert result.returncode == 0, result.stderr
    cookie = result.stdout.lower()
    assert "django_language=en" in cookie
    assert "secure" in cookie and "samesite=lax" in cookie and "httponly" in cookie

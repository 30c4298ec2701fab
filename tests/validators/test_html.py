"""The Nu HTML Checker (vnu, the W3C's validator) finds no error on any page we serve: every
public page type in Dutch and English, the public forms with their errors, and the admin pages
editors use most.

All pages are rendered by the test client on the demo catalogue as `make run` loads it, written
to files and checked in ONE run of vnu (Java starts slowly). Warnings are printed, not failed.
vnu is the `vnu-jar` npm package (package.json, installed by `npm ci`); it needs Java."""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.admin_forms import change_form_data
from tests.browser.test_accessibility import DUTCH_PAGES, in_both_languages

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ADMIN = f"/{settings.ADMIN_URL}"
INITIATIVE = "vrouwengroep-de-zonnebloem"
CASE = "vrouwengroep-de-zonnebloem-in-overvecht"

# The public forms, sent empty: each answers with its error state.
FORMS = {
    "initiative-submit-errors": "/initiatieven/aanmelden/",
    "publication-submit-errors": "/publicaties/aanmelden/",
    "initiative-contact-errors": f"/initiatieven/{INITIATIVE}/contact/",
    "alert-subscribe-errors": "/meldingen/initiatieven/?thema=bonding",
}

# Errors in markup that Django's admin and django-import-export write, which we cannot change
# short of copying their templates; keyed by vnu's message, with the reason. Only on admin pages.
ALLOWED_ADMIN_ERRORS = {
    "Bad value “” for attribute “action” on element “form”: Must be non-empty.": (
        'django-import-export\'s import template writes its upload form with action=""'
    ),
    "Element “option” without attribute “label” must not be empty.": (
        "Django's AutocompleteSelect writes an empty first option for Select2's placeholder"
        " and clear button"
    ),
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo catalogue and its editors, as `make run` loads them: these tests only read."""
    call_command("load_demo", stdout=io.StringIO())


def public_pages(client):
    """(name, path, html) of every public page type and form error state, in both languages."""
    for page in DUTCH_PAGES:
        for name, path, _language in in_both_languages(page["name"], page["path"]):
            response = client.get(path)
            assert response.status_code == page["status"], path
            yield name, path, response.content
    for form, dutch_path in FORMS.items():
        for name, path, _language in in_both_languages(form, dutch_path):
            response = client.post(path, {})
            assert response.status_code == 200, path
            assert b"error-summary" in response.content, f"{path} shows no errors"
            yield name, path, response.content


def admin_pages(client):
    """(name, path, html) of the admin pages editors use most, as the demo's Redacteur."""
    from cases.models import Case
    from initiatives.models import Initiative

    client.force_login(get_user_model().objects.get(username="redacteur"))
    initiative = Initiative.objects.get(slug=INITIATIVE).pk
    case = Case.objects.get(slug=CASE).pk
    for name, path in [
        ("admin-index", ADMIN),
        ("admin-initiatives", f"{ADMIN}initiatives/initiative/"),
        ("admin-initiative", f"{ADMIN}initiatives/initiative/{initiative}/change/"),
        ("admin-initiative-add", f"{ADMIN}initiatives/initiative/add/"),
        ("admin-case", f"{ADMIN}cases/case/{case}/change/"),
        ("admin-import", f"{ADMIN}initiatives/initiative/import/"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        yield name, path, response.content
    # A change to the published initiative, waiting for review: the form with its banner, the
    # comparison with the published version and the preview.
    change = f"{ADMIN}initiatives/initiative/{initiative}/change/"
    data = change_form_data(client.get(change)) | {"summary": "Een nieuwe samenvatting."}
    assert client.post(change, data).status_code == 302
    revision = f"{ADMIN}initiatives/initiative/{initiative}/revision/"
    for name, path in [
        ("admin-initiative-revision", change),
        ("admin-revision", revision),
        ("admin-revision-preview", f"{revision}preview/"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        yield name, path, response.content


def run_vnu(files):
    """vnu's messages for all files, from one run; vnu writes its JSON report to stderr."""
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `npm ci` (make test does).", pytrace=False)
    java = shutil.which("java")
    if not java:
        pytest.fail("java is missing; vnu needs it (Debian: default-jre-headless)", pytrace=False)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


def test_every_page_is_valid_html(client, demo, tmp_path):
    paths = {}
    for name, path, html in [*public_pages(client), *admin_pages(client)]:
        (tmp_path / f"{name}.html").write_bytes(html)
        paths[name] = path

    errors, warnings = [], []
    for message in run_vnu(tmp_path.glob("*.html")):
        name = Path(message["url"]).stem
        line = f"{name} {paths[name]} line {message.get('lastLine')}: {message['message']}"
        if message["type"] == "error":
            if name.startswith("admin-") and message["message"] in ALLOWED_ADMIN_ERRORS:
                continue
            errors.append(f"{line}\n    {message.get('extract', '').strip()}")
        elif message["type"] == "info" and message.get("subType") == "warning":
            warnings.append(line)
    print(f"vnu: {len(paths)} pages, {len(warnings)} warning(s)", *warnings, sep="\n")
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)

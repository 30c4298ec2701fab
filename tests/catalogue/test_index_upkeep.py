"""The search index stays current however rows arrive: the demo loader, raw fixtures, and
whatever the order of INSTALLED_APPS."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from initiatives.models import Initiative
from tests.ops.servers import database_url

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"

pytestmark = pytest.mark.django_db


def tagged(initiative):
    return sorted(initiative.tags.values_list("pk", flat=True))


def test_the_demo_as_make_run_loads_it_has_working_tag_links_and_searchable_tags(
    client, editor_roles
):
    call_command("load_demo", stdout=io.StringIO())  # as `make run` does
    published = Initiative.objects.published().prefetch_related("tags")
    with_tags = [item for item in published if item.tags.all()]
    assert with_tags, "the demo has tagged initiatives"

    # "Trefwoorden" on a page link to the list filtered by the tag: it finds the item.
    item = with_tags[0]
    tag = item.tags.all()[0]
    found = client.get("/api/v1/initiatieven/", {"tag": tag.slug}).json()
    assert item.slug in [result["slug"] for result in found["results"]]
    page = client.get("/initiatieven/", {"tag": tag.name})
    assert item.title in page.content.decode()

    # A word that only a tag holds is searchable.
    for item in with_tags:
        text = " ".join([item.title, item.summary, item.description, item.organisation]).lower()
        only_in_tags = [t.name for t in item.tags.all() if t.name.lower() not in text]
        if only_in_tags:
            break
    else:
        pytest.fail("no demo initiative has a tag whose name is not in its text")
    found = client.get("/api/v1/initiatieven/", {"q": only_in_tags[0]}).json()
    assert item.slug in [result["slug"] for result in found["results"]]


def test_fixtures_loaded_raw_index_their_links():
    """loaddata saves raw: taggit's link rows arrive as rows of their own, without m2m_changed."""
    call_command(
        "loaddata", *(str(FIXTURE_DIR / f"{name}.json") for name in ["taxonomy", "regions", "demo"])
    )
    initiatives = list(Initiative.objects.prefetch_related("tags", "themes"))
    assert any(item.tags.all() for item in initiatives)
    for item in initiatives:
        assert sorted(item.tag_ids) == tagged(item), item.slug
        assert sorted(item.theme_ids) == sorted(t.pk for t in item.themes.all()), item.slug


# In a process of its own with our apps in reverse order: an item saved there, with a theme and
# a tag added afterwards, has its words and links in the index; nothing is kept (rolled back).
PROBE = """
import json
from django.db import transaction
from catalogue import kinds
from initiatives.models import Initiative
from themes.models import Theme

class Undo(Exception):
    pass

try:
    with transaction.atomic():
        theme = Theme.objects.create(name="Zonnepanelen", slug="zonnepanelen", category="vraagstuk")
        item = Initiative.objects.create(title="Probe", summary="Een proef", state="published")
        item.themes.add(theme)
        item.tags.add("Vlierbessen")
        item.refresh_from_db()
        print(json.dumps({
            "kinds": [kind.model._meta.label for kind in kinds.all_kinds()],
            "vector": str(item.search_vector),
            "themes": item.theme_ids == [theme.pk],
            "tags": len(item.tag_ids) == 1,
        }))
        raise Undo
except Undo:
    pass
"""

OURS = ["catalogue", "themes", "places", "initiatives", "cases", "wijkplatform", "devtools"]


def probe(app_order):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.catalogue.app_order_settings",
        "WIJK_APP_ORDER": ",".join(app_order),
        # This run's test database, wherever DATABASE_URL put it (a socket in OPTIONS too).
        "DATABASE_URL": database_url(),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_the_index_stays_current_whatever_the_order_of_installed_apps():
    as_configured = probe(OURS)
    reversed_order = probe(list(reversed(OURS)))
    assert as_configured == reversed_order
    assert reversed_order["kinds"] == ["initiatives.Initiative", "cases.Case", "cases.Publication"]
    assert "'§zonnepanelen§'" in reversed_order["vector"]  # the theme's name, protected
    assert "'vlierbess'" in reversed_order["vector"]  # the tag's name
    assert reversed_order["themes"] and reversed_order["tags"]

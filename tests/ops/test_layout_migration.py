"""Moving models between apps loses nothing: a database made and used by the code before the
move (OLD_LAYOUT), then migrated by the code that completed the move (LAYOUT_DONE), reads the
same through that code; and this checkout then upgrades it without losing anything.

The old commit's tree is exported to a temporary folder; with the same Python, its manage.py
migrates a fresh database on the test run's PostgreSQL server, loads the demo and makes some
history (edits, links, admin log entries, a user's own permissions). Both codes then take the
same snapshot (layout_snapshot.py) of that database: the old one before, this checkout after
its `migrate`. They must agree on every table's rows (count and content; only the migrations'
own record may grow, content types may change app but not number), the public pages, the
search API's answers, the permissions of groups and users, the history and the admin log, and
every content type still in use must resolve to a model of that code. Later migrations change
what the move left alone (search vectors, the search lexicon's tables, new permissions), and
later features change pages and search answers: this checkout's upgrade is compared for what
must survive any upgrade (rows, history, the admin log, people's permissions).

Slow (migrations, the demo and two snapshots: about 25 s): marked `ops`.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

pytestmark = pytest.mark.ops

# The last commit with every catalogue model in `initiatives`, before themes, places and
# catalogue became apps of their own.
OLD_LAYOUT = "c5ab34c3af44fb00a67b333028b1120cdca8cb54"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# The last commit of the move (the restructure issue): its code is the "after" of the move.
LAYOUT_DONE = "e0f749cad4d133653270090c8ccc5e00c5a9c1aa"
SNAPSHOT = HERE / "layout_snapshot.py"
SETTINGS = "wijkplatform.settings.test"

# Run by the OLD code after the demo is loaded: what editors leave behind. Edits through the
# models (simple-history writes an entry on each save and link change), a user's own
# permissions, and an admin log entry for one row of every model that moves.
MAKE_HISTORY = """
import json

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

def model(name):
    return next(m for m in apps.get_models() if m._meta.model_name == name)

editor = get_user_model().objects.get(username="redacteur")
initiatives = list(model("initiative").objects.published().order_by("pk"))
cases = list(model("case").objects.published().order_by("pk"))
themes = list(model("theme").objects.order_by("pk"))

first = initiatives[0]
first._history_user = editor
first.summary = first.summary + " Bijgewerkt door de redactie."
first.save()

second = initiatives[len(initiatives) // 2]
second._history_user = editor
second.title = second.title + " (vernieuwd)"
second.save()
second.themes.add(*[t for t in themes if t not in second.themes.all()][:1])

case = cases[0]
case._history_user = editor
case.title = case.title + " (herzien)"
case.save()

editor.user_permissions.add(
    *Permission.objects.filter(codename__in=["change_theme", "add_municipality", "view_searchword"])
)

for name in ["initiative", "case", "publication", "theme", "targetgroup", "province",
             "municipality", "district", "neighbourhood", "postcode", "searchword",
             "catalogueversion"]:
    row = model(name)._default_manager.order_by("pk").first()
    if row is not None:
        LogEntry.objects.create(
            user=editor,
            content_type=ContentType.objects.get_for_model(row),
            object_id=str(row.pk),
            object_repr=str(row)[:200],
            action_flag=CHANGE,
            change_message=json.dumps([{"changed": {"fields": [name]}}]),
        )
"""


def git(*arguments, **kwargs):
    return subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True, **kwargs)


def export_tree(commit, folder):
    """The tree of `commit`, exported to `folder`."""
    folder.mkdir()
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the layouts cannot be exported")
    if git("rev-parse", "--git-dir").returncode:
        pytest.skip(f"{ROOT} is not a git checkout: the layouts cannot be exported")
    if git("cat-file", "-e", f"{commit}^{{commit}}").returncode:
        pytest.skip(f"commit {commit[:7]} is not here, a shallow clone?")
    archive = git("archive", "--format=tar", commit)
    assert archive.returncode == 0, archive.stderr.decode()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


# OPTIONS that Django's PostgreSQL backend reads itself rather than handing to libpq.
DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "assume_role", "pool"}


def connection_settings():
    """The test run's PostgreSQL server, as Django's `default` connection reaches it."""
    from django.db import connection

    settings = connection.settings_dict
    options = dict(settings.get("OPTIONS") or {})
    # A DATABASE_URL with `?host=/socket/dir` leaves HOST empty and the socket in OPTIONS.
    host = settings.get("HOST") or options.pop("host", "") or ""
    options.pop("host", None)
    return {
        "host": host,
        "port": str(settings.get("PORT") or ""),
        "user": settings.get("USER") or "",
        "password": settings.get("PASSWORD") or "",
        # Connection options a DATABASE_URL can carry (sslmode, …); not Django's own.
        "options": {
            key: value
            for key, value in options.items()
            if key not in DJANGO_ONLY_OPTIONS and isinstance(value, str | int)
        },
    }


def database_url(server, name):
    login = quote(server["user"], safe="")
    if server["password"]:
        login += ":" + quote(server["password"], safe="")
    query = dict(server["options"])
    if server["host"].startswith("/") or not server["host"]:
        netloc = f"{login}@" if login else ""
        if server["host"]:
            query["host"] = server["host"]
        if server["port"]:
            query["port"] = server["port"]
    else:
        netloc = f"{login}@{server['host']}" + (f":{server['port']}" if server["port"] else "")
    return f"postgres://{netloc}/{quote(name)}" + (f"?{urlencode(query)}" if query else "")


def connect_maintenance(server):
    import psycopg

    parameters = {k: v for k, v in server.items() if k != "options" and v}
    return psycopg.connect(dbname="postgres", autocommit=True, **parameters, **server["options"])


@contextlib.contextmanager
def throwaway_database():
    """A new, empty database on the test run's server; dropped afterwards."""
    server = connection_settings()
    name = f"wijk_layout_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with connect_maintenance(server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(server, name)
    finally:
        with connect_maintenance(server) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(url):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    # Each process keeps its own cache (no shared Redis to answer from the other code's
    # pages) and imports only the tree it runs in.
    for name in ("REDIS_URL", "DJANGO_TEST_DATABASE", "PYTHONPATH"):
        env.pop(name, None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run(tree, arguments, env, timeout=600):
    """sys.executable with `arguments` in `tree`; fails with the output when it fails."""
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    label = f"{tree}: {' '.join(str(a) for a in arguments)[:120]}"
    assert result.returncode == 0, f"{label} failed:\n{result.stdout[-3000:]}{result.stderr}"
    return result.stdout


def take_snapshot(tree, env, out, sample=None):
    run(tree, [SNAPSHOT, tree, out, *([sample] if sample else [])], env)
    return json.loads(Path(out).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def upgrades():
    """(old, moved, current): the old code's snapshot of its own database, the move's code's
    after migrating that database, and this checkout's after migrating it further."""
    # Not pytest's tmp_path: module scope, and a short path.
    folder = Path(tempfile.mkdtemp(prefix="wijk-layout-"))
    try:
        old_tree = export_tree(OLD_LAYOUT, folder / "old")
        moved_tree = export_tree(LAYOUT_DONE, folder / "moved")
        with throwaway_database() as url:
            env = environment(url)
            run(old_tree, ["manage.py", "migrate", "--no-input"], env)
            run(old_tree, ["manage.py", "load_demo"], env)
            run(old_tree, ["manage.py", "shell", "--no-imports", "-c", MAKE_HISTORY], env)
            old = take_snapshot(old_tree, env, folder / "old.json")

            sample = folder / "old.json"
            run(moved_tree, ["manage.py", "migrate", "--no-input"], env)
            moved = take_snapshot(moved_tree, env, folder / "moved.json", sample=sample)

            run(ROOT, ["manage.py", "migrate", "--no-input"], env)
            current = take_snapshot(ROOT, env, folder / "current.json", sample=sample)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return old, moved, current


@pytest.fixture(scope="module")
def snapshots(upgrades):
    """(old, new): before and after the move."""
    old, moved, _current = upgrades
    return old, moved


def differences(old, new):
    """Keys whose values differ between two dicts, with both values."""
    return {
        key: (old.get(key, "(absent)"), new.get(key, "(absent)"))
        for key in sorted(old.keys() | new.keys())
        if old.get(key) != new.get(key)
    }


def test_the_old_database_is_a_real_catalogue(snapshots):
    old, new = snapshots
    assert old["tree"] != new["tree"]
    counts = old["row_counts"]
    assert counts["initiatives_initiative"] > 10
    assert counts["django_admin_log"] >= 5
    assert counts["auth_user_user_permissions"] >= 2
    history = old["history"]
    assert sum(len(rows) for rows in history.values()) > counts["initiatives_initiative"]
    assert all(page["status"] == 200 for page in old["pages"].values()), {
        path: page["status"] for path, page in old["pages"].items()
    }
    # Searches that find something, so their order is compared too (a case study on a
    # vegetable garden need not exist).
    found = {url: search["count"] for url, search in old["searches"].items()}
    assert all(count for url, count in found.items() if "/initiatieven/" in url), found
    assert sum(count for url, count in found.items() if "/casussen/" in url) > 5, found


def test_every_table_keeps_its_rows(snapshots):
    old, new = snapshots
    # Only django_migrations (left out of the snapshot) may grow; a new table must be empty.
    added = {table for table in new["row_counts"].keys() - old["row_counts"].keys()}
    assert {table: new["row_counts"][table] for table in added if new["row_counts"][table]} == {}
    kept = {table: count for table, count in new["row_counts"].items() if table not in added}
    assert differences(old["row_counts"], kept) == {}


def test_every_table_keeps_its_content(snapshots):
    old, new = snapshots
    changed = differences(old["row_digests"], new["row_digests"])
    changed = {table: digests for table, digests in changed.items() if table in old["row_digests"]}
    assert changed == {}, "these tables' rows changed (md5 of the rows, old and new)"


def test_content_types_move_without_duplicates(snapshots):
    old, new = snapshots
    # By model name: the app label is what moves. A second content type for a moved model
    # (a stale one left behind) would show here as a model counted twice.
    assert dict(new["content_types"]) == dict(old["content_types"]), new["content_type_labels"]
    assert new["row_counts"]["django_content_type"] == old["row_counts"]["django_content_type"]
    assert new["unresolved_content_types"] == old["unresolved_content_types"] == []


def test_public_pages_are_the_same(snapshots):
    old, new = snapshots
    assert new["sample"] == old["sample"]
    for path in old["sample"]:
        before, after = old["pages"][path], new["pages"][path]
        assert after["status"] == before["status"], path
        assert after["html"] == before["html"], f"{path} renders differently"


def test_search_answers_are_the_same(snapshots):
    old, new = snapshots
    assert new["searches"].keys() == old["searches"].keys()
    for url, before in old["searches"].items():
        after = new["searches"][url]
        assert after["slugs"] == before["slugs"], url
        assert after["count"] == before["count"], url
        assert after["pages"] == before["pages"], url


def test_permissions_are_the_same_and_resolve(snapshots):
    old, new = snapshots
    for part in ("groups", "users", "all"):
        assert new["permissions"][part] == old["permissions"][part], part
    assert {name for name, _model, _codename in new["permissions"]["groups"]} == {
        "Redacteur",
        "Eindredacteur",
    }
    assert new["permissions"]["unresolved"] == []


def test_admin_log_entries_still_point_at_their_rows(snapshots):
    old, new = snapshots
    assert new["log_entries"] == old["log_entries"]
    unresolved = [entry for entry in new["log_entries"] if not entry["resolves"]]
    assert unresolved == []
    missing = [entry for entry in new["log_entries"] if entry["target"] in (None, "(missing)")]
    assert missing == []


def test_history_is_kept(snapshots):
    old, new = snapshots
    counts = {name: len(rows) for name, rows in old["history"].items()}
    assert {name: len(rows) for name, rows in new["history"].items()} == counts
    for name, rows in old["history"].items():
        assert new["history"][name] == rows, name


# This checkout's own upgrade of the moved database ------------------------------------------

# Tables a later migration may add rows to: permissions and content types of new models, and
# the editor groups' grants of them.
MAY_GROW = {"auth_permission", "django_content_type", "auth_group_permissions"}
# Models a later migration retired on purpose, with their table, permissions and content type:
# the catalogue version became a sequence (catalogue 0005).
RETIRED = {"catalogueversion": "initiatives_catalogueversion"}


def test_this_checkout_upgrades_it_without_losing_rows(upgrades):
    _old, moved, current = upgrades
    counts = current["row_counts"]
    lost = {
        table: (before, counts.get(table))
        for table, before in moved["row_counts"].items()
        if table not in RETIRED.values()
        and (counts.get(table, 0) < before if table in MAY_GROW else counts.get(table) != before)
    }
    assert lost == {}
    kept = {tuple(p) for p in moved["permissions"]["all"] if p[0] not in RETIRED}
    assert kept <= {tuple(p) for p in current["permissions"]["all"]}
    # The lexicon's migration writes every search vector anew: those rows change; and the log
    # entries about a retired model's rows lose their content type (the next test checks
    # that every other entry is as it was). No other rows change.
    rewritten = {"initiatives_initiative", "cases_case", "cases_publication", "django_admin_log"}
    changed = differences(moved["row_digests"], current["row_digests"])
    changed = {
        table
        for table in changed
        if table in moved["row_digests"] and table not in RETIRED.values()
    }
    assert changed <= rewritten | MAY_GROW, changed


def test_this_checkout_keeps_history_log_and_peoples_permissions(upgrades):
    _old, moved, current = upgrades
    assert current["history"] == moved["history"]

    def entries(snapshot):  # what a row reads as now may change
        return [
            {**entry, "target": entry["target"] not in (None, "(missing)")}
            for entry in snapshot["log_entries"]
        ]

    # An entry about a retired model's row stays, with its text, but points at nothing now.
    retired = {entry["id"] for entry in entries(moved) if entry["model"] in RETIRED}
    assert [entry for entry in entries(current) if entry["id"] not in retired] == [
        entry for entry in entries(moved) if entry["id"] not in retired
    ]
    assert [entry["object_repr"] for entry in entries(current) if entry["id"] in retired] == [
        entry["object_repr"] for entry in entries(moved) if entry["id"] in retired
    ]
    assert current["permissions"]["users"] == moved["permissions"]["users"]
    # Withdrawn on purpose by a later migration (cases 0011): a Redacteur's rename of an
    # author went live unreviewed.
    withdrawn = {("Redacteur", "author", "change_author")}
    assert set(map(tuple, moved["permissions"]["groups"])) - withdrawn <= set(
        map(tuple, current["permissions"]["groups"])
    )
    assert current["unresolved_content_types"] == []
    assert current["permissions"]["unresolved"] == []


def test_this_checkout_serves_every_page_of_the_sample(upgrades):
    _old, moved, current = upgrades
    assert {path: page["status"] for path, page in current["pages"].items()} == {
        path: page["status"] for path, page in moved["pages"].items()
    }

"""What one code tree makes of a Wijkplatform database, as JSON, for test_layout_migration.py.

    python layout_snapshot.py TREE OUT [SAMPLE]

runs with TREE's own code (its folder first on sys.path; DJANGO_SETTINGS_MODULE and
DATABASE_URL come from the environment) and writes OUT. Without SAMPLE it picks the sample of
public pages itself and writes it into OUT; with SAMPLE (an earlier snapshot) it takes that
one's sample, so two trees are asked the same questions.

Only what both layouts share is used: models are found by their model name (never their app
label, which is what the restructure changes), tables by their name in the database. The whole
snapshot runs in a transaction that is rolled back, so it leaves the database as it found it.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

PAGES = [
    "/",
    "/initiatieven/",
    "/casussen/",
    "/publicaties/",
    "/themas/",
    "/gemeenten/",
    "/zoeken/?q=buurt",
]
QUERIES = ["buurt", "eenzaamheid", "ouderen", "moestuin", "taalcafe"]
APIS = ["/api/v1/initiatieven/", "/api/v1/casussen/"]
# The rows of these tables change by design: migrations are recorded, content types move app.
NOT_COMPARED_AS_ROWS = {"django_migrations", "django_content_type"}
# Columns later migrations added to tables the move made: left out of the rows compared, so an
# upgrade that adds a column counts as keeping the rows (their other columns must not change).
ADDED_LATER = {
    "initiatives_initiative": ["schedule", "cost"],  # initiatives 0018
    "initiatives_historicalinitiative": ["schedule", "cost"],
    "initiatives_theme": ["explanation"],  # themes 0002 (it fills it, too)
    "initiatives_targetgroup": ["explanation"],
    "cases_publication": ["file_size"],  # cases 0012
    "cases_historicalpublication": ["file_size"],
}

# Per request or per moment, never data: the CSRF token (in forms and in htmx headers), CSP
# nonces, and the request id some pages echo.
NORMALISE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1NORMALISED"),
    (re.compile(r'("X-CSRFToken":\s*")[^"]*'), r"\1NORMALISED"),
    (re.compile(r"(&quot;X-CSRFToken&quot;:\s*&quot;)[^&]*"), r"\1NORMALISED"),
    (re.compile(r'(csrf[_-]?token[^>]{0,40}?content=")[^"]*', re.I), r"\1NORMALISED"),
    (re.compile(r'(\snonce=")[^"]*'), r"\1NORMALISED"),
    (re.compile(r"(request[ _-]id\W{1,10})[0-9a-f-]{8,}", re.I), r"\1NORMALISED"),
]


# An item's tags: listed in no fixed order before the new layout, by name since.
TAG_LINKS = re.compile(r"<dd>((?:<a href=\"[^\"]*\?tag=[^<]*</a>(?:, )?)+)</dd>")


def sorted_tag_links(match):
    return "<dd>" + ", ".join(sorted(match[1].split(", "))) + "</dd>"


def normalise(html):
    for pattern, replacement in NORMALISE:
        html = pattern.sub(replacement, html)
    return TAG_LINKS.sub(sorted_tag_links, html)


def model(name):
    """The model class called `name` (lower case), whichever app holds it."""
    from django.apps import apps

    found = [m for m in apps.get_models() if m._meta.model_name == name]
    assert len(found) == 1, f"{len(found)} models are called {name!r}: {found}"
    return found[0]


def choose_sample():
    """Public pages of a few items: spread over the catalogue, and linked places and themes."""
    initiatives = list(model("initiative").objects.published().order_by("pk"))
    cases = list(model("case").objects.published().order_by("pk"))
    publications = list(model("publication").objects.published().order_by("pk"))
    assert len(initiatives) >= 3 and len(cases) >= 2 and publications, "the demo is missing"
    chosen = [initiatives[0], initiatives[len(initiatives) // 2], initiatives[-1]]
    chosen += [cases[0], cases[-1], publications[0]]
    theme = max(model("theme").objects.order_by("pk"), key=lambda t: t.initiatives.count())
    municipality = next(i.municipality for i in initiatives if i.municipality_id)
    district = next((i.district for i in initiatives if i.district_id), None)
    places = [theme, municipality] + ([district] if district else [])
    return PAGES + [item.get_absolute_url() for item in chosen + places]


def table_rows(connection):
    """{table: row count} and {table: md5 of all its rows} for every table in `public`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        tables = [name for (name,) in cursor.fetchall()]
        counts, digests = {}, {}
        for table in tables:
            if table == "django_migrations":
                continue
            quoted = connection.ops.quote_name(table)
            row = "(to_jsonb(t) - %s::text[])::text"
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg({row}, E'\\n' ORDER BY {row}),"
                f" '')) FROM {quoted} AS t",
                [ADDED_LATER.get(table, [])] * 2,
            )
            counts[table], digests[table] = cursor.fetchone()
    for table in NOT_COMPARED_AS_ROWS:
        digests.pop(table, None)
    return counts, digests


def resolves(content_type):
    return content_type is not None and content_type.model_class() is not None


def permissions():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    everything = Permission.objects.select_related("content_type")
    user_model = get_user_model()
    return {
        "all": sorted([p.content_type.model, p.codename] for p in everything),
        "groups": sorted(
            [group.name, p.content_type.model, p.codename]
            for group in Group.objects.prefetch_related("permissions__content_type")
            for p in group.permissions.all()
        ),
        "users": sorted(
            [user.get_username(), p.content_type.model, p.codename]
            for user in user_model.objects.prefetch_related("user_permissions__content_type")
            for p in user.user_permissions.all()
        ),
        "unresolved": sorted(
            [p.content_type.app_label, p.content_type.model, p.codename]
            for p in everything
            if not resolves(p.content_type)
        ),
    }


def log_entries():
    """Every admin log entry with what it points at, found through the current code."""
    from django.contrib.admin.models import LogEntry

    entries = []
    for entry in LogEntry.objects.select_related("content_type", "user").order_by("pk"):
        content_type = entry.content_type
        target = None
        if resolves(content_type):
            found = content_type.model_class()._default_manager.filter(pk=entry.object_id)
            target = str(found.get()) if found.exists() else "(missing)"
        entries.append(
            {
                "id": entry.pk,
                "action_time": entry.action_time.isoformat(),
                "user": entry.user.get_username(),
                "model": content_type.model if content_type else None,
                "resolves": resolves(content_type),
                "object_id": entry.object_id,
                "object_repr": entry.object_repr,
                "action_flag": entry.action_flag,
                "change_message": entry.change_message,
                "target": target,
            }
        )
    return entries


def history():
    """{historical model: its rows, field by field} for every django-simple-history model,
    read through the ORM, the links it keeps (its m2m snapshot models) included."""
    from django.apps import apps

    result = {}
    for historical in apps.get_models():
        if not historical._meta.model_name.startswith("historical"):
            continue
        added = ADDED_LATER.get(historical._meta.db_table, [])
        fields = [f.attname for f in historical._meta.concrete_fields if f.attname not in added]
        rows = historical._default_manager.order_by("pk").values(*fields)
        result[historical._meta.model_name] = json.loads(json.dumps(list(rows), default=str))
    return result


def pages(sample):
    from django.test import Client

    client = Client()
    result = {}
    for path in sample:
        response = client.get(path)
        body = response.content.decode(response.charset or "utf-8")
        result[path] = {"status": response.status_code, "html": normalise(body)}
    return result


def searches():
    from django.test import Client

    client = Client()
    result = {}
    for api in APIS:
        for query in QUERIES:
            url, payload, slugs = f"{api}?q={query}", None, []
            pages_read = []
            next_url = url
            while next_url:
                response = client.get(next_url)
                assert response.status_code == 200, (next_url, response.status_code)
                payload = response.json()
                for item in payload["results"]:  # in no fixed order before the new layout
                    item["tags"] = sorted(item.get("tags") or [])
                pages_read.append(payload)
                slugs += [item["slug"] for item in payload["results"]]
                next_url = payload["next"]
            result[url] = {"count": payload["count"], "slugs": slugs, "pages": pages_read}
    return result


def snapshot(tree, sample):
    import django
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    import wijkplatform

    source = Path(wijkplatform.__file__).resolve()
    assert source.is_relative_to(tree), f"{tree}: wijkplatform was imported from {source}"
    setup_test_environment()  # the test client's host is allowed
    with transaction.atomic():
        counts, digests = table_rows(connection)  # before any request could write a row
        content_types = ContentType.objects.order_by("pk")
        result = {
            "django": django.get_version(),
            "tree": str(tree),
            "row_counts": counts,
            "row_digests": digests,
            "content_types": sorted(Counter(ct.model for ct in content_types).items()),
            "content_type_labels": sorted([ct.app_label, ct.model] for ct in content_types),
            "unresolved_content_types": sorted(
                [ct.app_label, ct.model] for ct in content_types if not resolves(ct)
            ),
            "permissions": permissions(),
            "log_entries": log_entries(),
            "history": history(),
        }
        sample = sample or choose_sample()
        result["sample"] = sample
        result["pages"] = pages(sample)
        result["searches"] = searches()
        transaction.set_rollback(True)
    return result


def main():
    tree, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    sample = None
    if len(sys.argv) > 3:
        sample = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))["sample"]
    # This tree's code, not the checkout this script lives in.
    sys.path[0] = str(tree)
    import django

    django.setup()
    out.write_text(json.dumps(snapshot(tree, sample), indent=1, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()

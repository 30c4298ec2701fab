"""Benchmark search on a seeded catalogue: forty different words, each asked once per page
with the cache emptied first (no page or count cache helps), on the site search, the list,
the list with a theme, and the API; then the editors' side (each change list, its search,
the admin home's queues),
and EXPLAIN ANALYZE of the slowest statement of the slowest request.

Figures, not a pass/fail test: run it on a database filled by `seed_catalogue` (README).
Each row gives the median time of a request and, apart, the median time of its SQL (so a
change shows whether it moved the database's share or Python's); `--rounds 3` steadies the
medians on a machine that is doing other work.
"""

import logging
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Initiative

# Common words of the seeded catalogue first (each in thousands of items), then rarer ones,
# compounds, accents, a phrase and a word left out.
WORDS = [
    "ouderen", "buurt", "koken", "samen", "eenzaamheid", "jongeren", "buurthuis", "wijk",
    "bewoners", "vrijwilligers", "ontmoeting", "mantelzorg", "armoede", "taalcafe", "moestuin",
    "koffie", "wandelen", "kinderen", "ouders", "nieuwkomers", "zelforganisatie", "bridging",
    "bonding", "gezondheid", "veiligheid", "taal", "sport", "muziek", "theater", "huiswerk",
    "kleding", "repaircafe", "digicafe", "geheugencafe", "vriendschap", "buurtbus", "dorpshuis",
    "reunie", '"samen eten"', "moestuin -online",
]  # fmt: skip
THEME = "eenzaamheid"
PAGES = {
    "/zoeken/?q=…": lambda q: ("/zoeken/", {"q": q}),
    "/initiatieven/?q=…": lambda q: ("/initiatieven/", {"q": q}),
    "/initiatieven/?q=…&thema=…": lambda q: ("/initiatieven/", {"q": q, "thema": THEME}),
    "/api/v1/initiatieven/?q=…": lambda q: ("/api/v1/initiatieven/", {"q": q}),
}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * share + 0.5) - 1, 0)]


def timed(durations):
    """An execute wrapper that adds each statement's time in ms (with fetching) to
    `durations`: finer than the rounded times Django captures."""

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            durations.append((time.perf_counter() - start) * 1000)

    return wrapper


class Command(BaseCommand):
    help = "Print median and p95 server times of search for 40 words, each asked once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rounds",
            type=int,
            default=1,
            help="ask the forty words this many times (each time cold): steadier medians",
        )

    def handle(self, *args, **options):
        logging.getLogger("wijkplatform").setLevel(logging.ERROR)  # its slow-request notes
        count = Initiative.objects.published().count()
        self.stdout.write(f"Catalogue: {count:,} published initiatives; {len(WORDS)} words\n")
        client = Client(HTTP_HOST="localhost")
        client.get("/zoeken/", {"q": "warming-up"})  # connections and templates
        slowest = (0, None, None)
        header = (
            f"{'request':32} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8}"
            f" {'SQL ms':>8}"
        )
        rows = []
        for name, make in PAGES.items():
            times, queries, sql_times = [], [], []
            for word in WORDS * options["rounds"]:
                url, params = make(word)
                cache.clear()
                sql = []
                with (
                    CaptureQueriesContext(connection) as captured,
                    connection.execute_wrapper(timed(sql)),
                ):
                    start = time.perf_counter()
                    response = client.get(url, params)
                    elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (url, params, response.status_code)
                times.append(elapsed)
                queries.append(len(captured))
                sql_times.append(sum(sql))
                if elapsed > slowest[0]:
                    statements = list(captured.captured_queries)
                    slowest = (elapsed, f"{url}?{response.request['QUERY_STRING']}", statements)
            rows.append(
                f"{name:32} {statistics.median(times):10.1f} {percentile(times, 0.95):8.1f}"
                f" {max(times):8.1f} {min(queries):>3}–{max(queries):<4}"
                f" {statistics.median(sql_times):8.1f}"
            )
        rows += self.admin_rows()
        self.stdout.write(header)
        for row in rows:
            self.stdout.write(row)
        self.explain(*slowest)

    def admin_rows(self):
        """The editors' side at the same size: each kind's change list as it opens, its
        search for ten of the words, and the admin home with its queues."""
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        client.get(reverse("admin:index"))  # the session and the templates
        rows = []
        for model in ("initiatives_initiative", "cases_case", "cases_publication"):
            changelist = reverse(f"admin:{model}_changelist")
            rows.append(
                self.timed_row(client, f"admin {model.split('_')[1]} list", [(changelist, {})] * 10)
            )
            requests = [(changelist, {"q": word}) for word in WORDS[:10]]
            rows.append(self.timed_row(client, f"admin {model.split('_')[1]} list ?q=…", requests))
        rows.append(
            self.timed_row(client, "admin home (queues)", [(reverse("admin:index"), {})] * 10)
        )
        return rows

    @staticmethod
    def timed_row(client, name, requests):
        times, queries = [], []
        for url, params in requests:
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, params, response.status_code)
            queries.append(len(captured))
        return (
            f"{name + f' ({len(requests)})':32} {statistics.median(times):10.1f}"
            f" {percentile(times, 0.95):8.1f} {max(times):8.1f} {min(queries):>3}–{max(queries):<4}"
        )

    def explain(self, elapsed, url, statements):
        statement = max(statements, key=lambda query: float(query["time"]))
        self.stdout.write(
            f"\nSlowest request: {url} ({elapsed:.0f} ms); its slowest statement took "
            f"{float(statement['time']) * 1000:.0f} ms:\n{statement['sql'][:600]}\n"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement['sql']}")
            self.stdout.write("\n".join(row[0] for row in cursor.fetchall()))

"""Benchmark search on a seeded catalogue: server time of the search pages against the admin
changelist's own search, plus EXPLAIN evidence that the GIN index is used.

Figures, not a pass/fail test: run it on a database filled by `seed_catalogue` (README).
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative
from initiatives.search import SearchRequest

QUERIES = [
    "eenzaamheid",
    "ouderen koken",
    "buurthuis",
    "zelforganisatie nieuwkomers",
    "taalcafe",
    "reunie",
    "moestuin -online",
    '"samen eten"',
    "wandelgroep",
    "mantelzorg",
]


class Command(BaseCommand):
    help = "Print median and p95 server times of search pages and the admin's search."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="runs per query")

    def handle(self, *args, repeat, **options):
        self.client = Client(HTTP_HOST="localhost")
        count = Initiative.objects.published().count()
        self.stdout.write(f"Catalogue: {count:,} published initiatives\n")
        pages = {
            "/zoeken/?q=…": lambda q: ("/zoeken/", {"q": q}),
            "/initiatieven/?q=…&thema=…": lambda q: (
                "/initiatieven/",
                {"q": q, "thema": "eenzaamheid"},
            ),
            "/api/v1/initiatieven/?q=…": lambda q: ("/api/v1/initiatieven/", {"q": q}),
        }
        results = {}
        for name, make in pages.items():
            results[f"{name} (cold)"] = self.measure(make, repeat, cold=True)
            results[f"{name} (warm)"] = self.measure(make, repeat)

        admin = self.admin_client()
        results["admin changelist ?q=…"] = self.measure(
            lambda q: ("/admin/initiatives/initiative/", {"q": q}), repeat, client=admin
        )
        self.stdout.write(f"{'page':42} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, (median, p95, queries) in results.items():
            self.stdout.write(f"{name:42} {median:10.1f} {p95:8.1f} {queries:8}")
        admin_median = results["admin changelist ?q=…"][0]
        for name, (median, _p95, _queries) in results.items():
            if not name.startswith("admin"):
                self.stdout.write(f"admin search vs {name}: {admin_median / median:.1f}× slower")
        self.explain()

    def measure(self, make, repeat, client=None, cold=False):
        """Median and p95 in ms, and the most queries one request ran. Cold: the cache is
        emptied before every request (first visitor); warm: counts come from the cache."""
        client = client or self.client
        times, queries = [], 0
        for query in QUERIES:
            url, params = make(query)
            client.get(url, params)  # warm caches once
            for _ in range(repeat):
                if cold:
                    cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url, params)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries = max(queries, len(captured))
        times.sort()
        return statistics.median(times), times[int(len(times) * 0.95) - 1], queries

    def admin_client(self):
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        return client

    def explain(self):
        search = SearchRequest("eenzaamheid ouderen")
        queryset = Initiative.objects.published().search(search.query).order_by("-rank")[:20]
        with connection.cursor() as cursor:
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        used = "initiative_search_gin" in plan
        self.stdout.write(f"\nEXPLAIN ANALYZE of a search; GIN index used: {used}")
        self.stdout.write(plan)

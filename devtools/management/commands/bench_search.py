"""Benchmark search on a seeded catalogue: server time of the search pages against the admin
changelist's own search, plus EXPLAIN evidence that the GIN index is used.

Figures, not a pass/fail test: run it on a database filled by `seed_catalogue` (README).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse

from catalogue.search import SearchRequest
from devtools.benchmark import Timing, explain, time_requests
from initiatives.models import Initiative

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
            requests = [make(query) for query in QUERIES]
            results[f"{name} (cold)"] = time_requests(self.client, requests, repeat, cold=True)
            results[f"{name} (warm)"] = time_requests(self.client, requests, repeat)

        changelist = reverse("admin:initiatives_initiative_changelist")
        admin = [(changelist, {"q": query}) for query in QUERIES]
        results["admin changelist ?q=…"] = time_requests(self.admin_client(), admin, repeat)
        self.stdout.write(Timing.header())
        for name, timing in results.items():
            self.stdout.write(timing.row(name))
        admin_median = results["admin changelist ?q=…"].median_ms
        for name, timing in results.items():
            if not name.startswith("admin"):
                ratio = admin_median / timing.median_ms
                self.stdout.write(f"admin search vs {name}: {ratio:.1f}× slower")
        self.explain()

    def admin_client(self):
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        return client

    def explain(self):
        search = SearchRequest("eenzaamheid ouderen")
        plan = explain(Initiative.objects.published().search(search.query).order_by("-rank")[:20])
        used = "initiative_search_gin" in plan
        self.stdout.write(f"\nEXPLAIN ANALYZE of a search; GIN index used: {used}")
        self.stdout.write(plan)

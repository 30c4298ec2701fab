"""Benchmark the national picture on a seeded catalogue: /inzicht/, each province's page, the
table sorted by every column and the map's GeoJSON of municipalities, cold and warm, plus
EXPLAIN evidence that the count per municipality reads its own index.

Figures, not a pass/fail test: run it on a database filled by `seed_catalogue` (README).
"""

from django.core.management.base import BaseCommand
from django.test import Client

from devtools.benchmark import Timing, explain, time_requests
from initiatives.overview import (
    MunicipalityTable,
    connection_kinds,
    counts_query,
    current_overview,
)

GZIP = {"Accept-Encoding": "gzip"}
GEOJSON = "/api/v1/gemeenten.geojson"


class Command(BaseCommand):
    help = "Print median and p95 server times of /inzicht/, the province pages and their map."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="runs per request")

    def handle(self, *args, repeat, **options):
        client = Client(HTTP_HOST="localhost")
        overview = current_overview()
        self.stdout.write(
            f"Catalogue: {overview.national.count:,} published initiatives in"
            f" {overview.with_initiatives} of {len(overview.municipalities)} municipalities,"
            f" {len(overview.provinces)} provinces\n"
        )
        provinces = [province.slug for province in overview.provinces]
        keys = [column.key for column in MunicipalityTable([], overview.kinds, None).columns]
        sorts = keys + [f"-{key}" for key in keys]
        pages = {
            "/inzicht/": [("/inzicht/", {})],
            "/inzicht/<provincie>/ (12)": [(f"/inzicht/{slug}/", {}) for slug in provinces],
            f"/inzicht/?sorteer=… ({len(sorts)})": [("/inzicht/", {"sorteer": s}) for s in sorts],
            f"{GEOJSON} (gzip)": [(GEOJSON, {})],
            f"{GEOJSON}?provincie=… (gzip)": [(GEOJSON, {"provincie": s}) for s in provinces],
        }
        results = {}
        for name, requests in pages.items():
            headers = GZIP if name.endswith("(gzip)") else None
            results[f"{name} (cold)"] = time_requests(
                client, requests, repeat, cold=True, headers=headers
            )
            results[f"{name} (warm)"] = time_requests(client, requests, repeat, headers=headers)
        self.stdout.write(Timing.header())
        for name, timing in results.items():
            self.stdout.write(timing.row(name))
        self.explain()

    def explain(self):
        plan = explain(counts_query(connection_kinds()))
        used = "initiative_overview" in plan
        self.stdout.write(
            f"\nEXPLAIN ANALYZE of the count per municipality; own index used: {used}"
        )
        self.stdout.write(plan)

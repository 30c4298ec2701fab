"""Benchmark searching around a place on a seeded catalogue: the distance pages and the map's
GeoJSON, plus EXPLAIN evidence that the GiST index is used.

Figures, not a pass/fail test: run it on a database filled by `seed_catalogue` (README).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client

from devtools.benchmark import Timing, explain, time_requests
from initiatives.models import Initiative
from places import geo, lookup
from places.models import Postcode

# City-centre postcodes across the country: dense places, where a radius finds the most.
GZIP = {"Accept-Encoding": "gzip"}
POSTCODES = ["1011", "3011", "3511", "2511", "5611", "9711", "6811", "7511", "4811", "8011"]


class Command(BaseCommand):
    help = "Print median and p95 server times of distance searches and of the map's GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="runs per request")

    def handle(self, *args, repeat, **options):
        client = Client(HTTP_HOST="localhost")
        published = Initiative.objects.published()
        self.stdout.write(f"Catalogue: {published.count():,} published initiatives")
        postcodes = [p for p in POSTCODES if Postcode.objects.filter(postcode=p).exists()]
        around = [{"bij": postcode, "straal": "5", "sort": "afstand"} for postcode in postcodes]
        found = [self.count(client, params) for params in around]
        self.stdout.write(
            f"{len(postcodes)} places, 5 km: {min(found)}–{max(found)} results each\n"
        )
        results = {}
        for name, url in [
            ("/initiatieven/?bij=…&straal=5&sort=afstand", "/initiatieven/"),
            ("/api/v1/initiatieven/?bij=…&straal=5&sort=afstand", "/api/v1/initiatieven/"),
        ]:
            requests = [(url, params) for params in around]
            results[f"{name} (cold)"] = time_requests(client, requests, repeat, cold=True)
            results[f"{name} (warm)"] = time_requests(client, requests, repeat)

        geojson = "/api/v1/initiatieven.geojson"
        points = min(settings.MAP_MAX_POINTS, published.with_fixed_place().count())
        results[f"GeoJSON, {points:,} points (gzip)"] = time_requests(
            client, [(geojson, {})], repeat * 4, headers=GZIP
        )
        results["GeoJSON, bij=…&straal=25 (gzip)"] = time_requests(
            client,
            [(geojson, {"bij": postcode, "straal": "25"}) for postcode in postcodes],
            repeat,
            headers=GZIP,
        )
        self.stdout.write(Timing.header())
        for name, timing in results.items():
            self.stdout.write(timing.row(name))
        self.explain(postcodes[0] if postcodes else None)

    def count(self, client, params):
        return client.get("/api/v1/initiatieven/", params).json()["count"]

    def explain(self, postcode):
        if postcode is None:
            return
        origin = lookup.locate(postcode)
        plan = explain(
            Initiative.objects.published()
            .near(origin, 5)
            .order_by(geo.nearest_first(origin))
            .values("pk")[:20]
        )
        used = "initiative_earth_point" in plan
        self.stdout.write(f"\nEXPLAIN ANALYZE of a 5 km search; GiST index used: {used}")
        self.stdout.write(plan)

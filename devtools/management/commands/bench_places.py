"""Benchmark the place pages with their wijkbeeld, and the wijkbeeld's JSON and CSV, on a
seeded catalogue: many different municipalities (and districts), each asked for the first
time in the catalogue version (cold) and again (warm).

The wijkbeeld counts every municipality in one pass per catalogue version (initiatives/
insight.py): that pass is timed on its own, as the first place page after a change; "cold"
is then a place's first visit in that version, "warm" a later one. A district's first visit
also counts the districts of its municipality.

The seeded catalogue has no districts (the national tables hold none): unless it has some,
the command makes DISTRICTS_PER_MUNICIPALITY districts in each municipality it asks and
spreads that municipality's initiatives over them, inside a transaction it rolls back at the
end, so nothing it made stays.

Figures, not a pass/fail test: run it on a database filled by `seed_catalogue` (README
"Benchmarks").
"""

import logging
import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devtools.benchmark import Timing
from initiatives.models import Initiative
from places.models import District, Municipality

DISTRICTS_PER_MUNICIPALITY = 8


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * share + 0.5) - 1, 0)]


class Command(BaseCommand):
    help = "Print median and p95 server times of place pages with their wijkbeeld, and its API."

    def add_arguments(self, parser):
        parser.add_argument(
            "--places", type=int, default=40, help="municipalities to ask, of every size"
        )
        parser.add_argument("--repeat", type=int, default=3, help="warm runs per address")

    def handle(self, *args, places, repeat, **options):
        logging.getLogger("wijkplatform").setLevel(logging.ERROR)  # its slow-request notes
        logging.getLogger("django.request").setLevel(logging.ERROR)
        self.client = Client(HTTP_HOST="localhost")
        with transaction.atomic():
            self.run(places, repeat)
            transaction.set_rollback(True)  # districts made for the run go again

    def run(self, places, repeat):
        counted = Municipality.objects.annotate(
            n=Count("initiatives", filter=Q(initiatives__state="published"))
        ).filter(n__gt=0)
        by_size = list(counted.order_by("n", "code"))
        # Evenly spread over the sizes, the smallest and the largest among them.
        picks = sorted({round(i * (len(by_size) - 1) / max(places - 1, 1)) for i in range(places)})
        chosen = [by_size[i] for i in picks]
        published = Initiative.objects.published().count()
        self.stdout.write(
            f"Catalogue: {published:,} published initiatives in {len(by_size)} municipalities;"
            f" {len(chosen)} asked, {chosen[0].n:,} to {chosen[-1].n:,} initiatives each"
        )
        districts = self.districts(chosen)
        rows = {}

        # The first place page after a change counts every municipality.
        first = []
        for municipality in chosen[:5]:
            cache.clear()
            first.append(self.timed(municipality.get_absolute_url()))
        rows["national counts: first place page after a change"] = self.timing(first)

        pages = {
            "/gemeenten/<gemeente>/": [m.get_absolute_url() for m in chosen],
            "/api/v1/gemeenten/<code>/inzicht/": [
                f"/api/v1/gemeenten/{m.code}/inzicht/" for m in chosen
            ],
            "/api/v1/gemeenten/<code>/inzicht/?format=csv": [
                f"/api/v1/gemeenten/{m.code}/inzicht/?format=csv" for m in chosen
            ],
            "/gemeenten/<gemeente>/<wijk>/": [d.get_absolute_url() for d in districts],
            "/api/v1/gemeenten/<code>/wijken/<code>/inzicht/": [
                f"/api/v1/gemeenten/{d.municipality.code}/wijken/{d.code}/inzicht/"
                for d in districts
            ],
        }
        for name, urls in pages.items():
            cache.clear()
            self.timed(chosen[0].get_absolute_url())  # this catalogue version's national counts
            rows[f"{name} (cold)"] = self.timing([self.timed(url) for url in urls])
            rows[f"{name} (warm)"] = self.timing(
                [self.timed(url) for _ in range(repeat) for url in urls]
            )
        self.stdout.write(Timing.header(56))
        for name, timing in rows.items():
            self.stdout.write(timing.row(name, 56))

    def districts(self, chosen):
        """One district of each municipality asked; made for the run if there are none."""
        if not District.objects.exists():
            self.stdout.write(
                f"No districts: made {DISTRICTS_PER_MUNICIPALITY} in each municipality asked,"
                " for this run only"
            )
            for municipality in chosen:
                made = District.objects.bulk_create(
                    District(
                        code=f"WK{municipality.code[2:]}{n:02d}",
                        name=f"{municipality.name} wijk {n}",
                        slug=f"wijk-{n}",
                        municipality=municipality,
                        latitude=municipality.latitude,
                        longitude=municipality.longitude,
                    )
                    for n in range(DISTRICTS_PER_MUNICIPALITY)
                )
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE initiatives_initiative"
                        " SET district_id = (%s::bigint[])[id %% %s + 1]"
                        " WHERE municipality_id = %s",
                        [[d.pk for d in made], len(made), municipality.pk],
                    )
        found = District.objects.filter(municipality__in=chosen).select_related("municipality")
        first = {}
        for district in found.order_by("code"):
            first.setdefault(district.municipality_id, district)
        return list(first.values())

    def timed(self, url):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = self.client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(captured), len(response.content)

    @staticmethod
    def timing(measured):
        times = [elapsed for elapsed, _queries, _size in measured]
        return Timing(
            statistics.median(times),
            percentile(times, 0.95),
            max(queries for _elapsed, queries, _size in measured),
            max(size for _elapsed, _queries, size in measured),
        )

"""The visitors of the load benchmark (`make bench`, run by `manage.py bench_load` in locust).

Each simulated visitor opens a mix of public pages the way residents and professionals do,
with a pause between requests. The addresses come from a JSON file the command writes from
the seeded catalogue (WIJK_BENCH_SAMPLES), so detail pages, postcodes and filters are real
and varied: few requests hit a page another visitor just put in the page cache.

Every request carries an X-Request-ID that starts with its page type, so the command can find
the server's log line of each request and report its SQL query count.
"""

import json
import os
import random
import uuid
from pathlib import Path

from locust import FastHttpUser, between, task

SAMPLES = json.loads(Path(os.environ["WIJK_BENCH_SAMPLES"]).read_text(encoding="utf-8"))
WAIT = [float(seconds) for seconds in os.environ.get("WIJK_BENCH_WAIT", "1,3").split(",")]


class Visitor(FastHttpUser):
    wait_time = between(*WAIT)

    def visit(self, kind, path, params=None):
        # Request ids allow no spaces; the command turns the underscores back.
        request_id = f"bench-{kind.replace(' ', '_')}-{uuid.uuid4().hex[:12]}"
        headers = {"X-Request-ID": request_id}
        self.client.get(path, params=params, headers=headers, name=kind)

    @task(2)
    def trivial(self):
        self.visit("trivial view", "/healthz")

    @task(8)
    def home(self):
        self.visit("home", "/")

    @task(12)
    def list_with_filters(self):
        params = {"thema": random.choice(SAMPLES["themes"])}
        if random.random() < 0.5:
            params["gemeente"] = random.choice(SAMPLES["municipalities"])
        if random.random() < 0.3:
            params["doelgroep"] = random.choice(SAMPLES["target_groups"])
        if random.random() < 0.3:
            params["page"] = random.randint(2, 5)
        self.visit("list with filters", "/initiatieven/", params)

    @task(10)
    def search(self):
        query = random.choice(SAMPLES["queries"])
        if random.random() < 0.5:
            self.visit("search", "/zoeken/", {"q": query})
        else:
            self.visit("search", "/initiatieven/", {"q": query})

    @task(8)
    def distance(self):
        params = {"bij": random.choice(SAMPLES["postcodes"]), "straal": random.choice([2, 5, 10])}
        self.visit("distance search", "/initiatieven/", params)

    @task(20)
    def initiative(self):
        self.visit("initiative detail", f"/initiatieven/{random.choice(SAMPLES['initiatives'])}/")

    @task(6)
    def case(self):
        self.visit("case detail", f"/casussen/{random.choice(SAMPLES['cases'])}/")

    @task(6)
    def place(self):
        self.visit("place page", f"/gemeenten/{random.choice(SAMPLES['places'])}/")

    @task(8)
    def api(self):
        params = {"thema": random.choice(SAMPLES["themes"])}
        if random.random() < 0.5:
            params["q"] = random.choice(SAMPLES["queries"])
        self.visit("API", "/api/v1/initiatieven/", params)

    @task(2)
    def export(self):
        params = {
            "gemeente": random.choice(SAMPLES["municipalities"]),
            "thema": random.choice(SAMPLES["themes"]),
        }
        self.visit("CSV export", "/initiatieven/export.csv", params)

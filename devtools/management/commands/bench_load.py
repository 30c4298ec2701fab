"""Load benchmark: the production configuration (gunicorn via bin/serve) under a mix of public
requests, on loopback. `make bench` seeds and runs it.

Two ways to offer the load: `--rate N` sends N requests per second whatever the answers (open
loop, devtools/openloop.py: the issue's 30 % popular / 70 % unseen mix, optionally over
`--servers 2`); without it, locust's `--users` visitors each wait for their answer and pause
(closed loop, devtools/loadtest.py).

Prints per page type requests/s, p50/p95/p99, errors and SQL queries per request, the ratio
of each median to the trivial view (/healthz) measured in the same run, and the peak memory
of every gunicorn worker. Figures, not a pass/fail test (README "Benchmarks").
"""

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cases.models import Case
from devtools import openloop
from devtools.serving import free_port, start_server, stop_server
from initiatives.models import Initiative
from places.models import Municipality
from themes.models import TargetGroup, Theme
from wijkplatform import warming

from .bench_search import WORDS, percentile

ROOT = Path(settings.BASE_DIR)
TRIVIAL = "trivial view"
# Targets of issue 7 on the 2-core machine.
MAX_RATIO = 4
MAX_P95_MS = 150
MAX_RSS_MB = 200
RAMP_SECONDS = 5


class Command(BaseCommand):
    help = "Drive gunicorn (production settings) with a mix of public requests; print figures."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50, help="concurrent visitors")
        parser.add_argument("--seconds", type=int, default=60, help="length of the run")
        parser.add_argument(
            "--wait", default="1,3", help="pause between a visitor's requests, min,max seconds"
        )
        parser.add_argument(
            "--no-page-cache", action="store_true", help="measure without the anonymous page cache"
        )
        parser.add_argument(
            "--rate",
            type=float,
            help="open loop: offer this many requests per second (the issue's mix), not --users",
        )
        parser.add_argument(
            "--servers", type=int, default=1, help="with --rate: app servers, requests in turn"
        )

    def handle(self, *args, users, seconds, wait, no_page_cache, rate, servers, **options):
        try:
            shortest, longest = (float(part) for part in wait.split(","))
        except ValueError:
            raise CommandError(
                "--wait takes two numbers of seconds: min,max (for example 1,3)."
            ) from None
        if not 0 <= shortest <= longest:
            raise CommandError("--wait: min must be at least 0 and at most max.")
        if not os.environ.get("DATABASE_URL"):
            raise CommandError("Set DATABASE_URL to the benchmark database (README, Benchmarks).")
        published = Initiative.objects.published().count()
        if published < 1000:
            raise CommandError(
                f"Only {published} published initiatives: seed a benchmark database first "
                "(README, Benchmarks)."
            )
        workdir = Path(tempfile.mkdtemp(prefix="wijk-bench-"))
        if rate:
            return self.open_loop(workdir, rate, seconds, servers, no_page_cache)
        samples = workdir / "samples.json"
        samples.write_text(json.dumps(self.samples()), encoding="utf-8")
        port = free_port()
        log = workdir / "server.log"
        self.stdout.write(
            f"Catalogue: {published:,} published initiatives, "
            f"{Case.objects.published().count():,} published cases.\n"
            f"gunicorn (production settings) on 127.0.0.1:{port}; {users} visitors for "
            f"{seconds} s (arriving over the first {RAMP_SECONDS} s), "
            f"{wait.replace(',', '–')} s between their requests; "
            f"page cache {'off' if no_page_cache else 'on'}; cache: "
            f"{'Redis (REDIS_URL)' if settings.REDIS_URL else 'memory of each worker'}.\n"
        )
        connection.close()  # the server and this process must not share a connection
        server = self.start_server(port, log, no_page_cache)
        try:
            self.warm_up(port)
            peaks = self.drive(port, samples, workdir, users, seconds, wait, server)
        finally:
            stop_server(server)
        self.report(workdir / "locust_stats.csv", log, peaks, users, seconds, wait)

    def open_loop(self, workdir, rate, seconds, servers, no_page_cache):
        """Offer `rate` requests per second for `seconds` to `servers` gunicorns; print the
        served rate, p50/p95/p99 overall and per page family, errors and peak memory."""
        if rate <= 0 or not 1 <= servers <= 4:
            raise CommandError("--rate must be above 0 and --servers between 1 and 4.")
        plan = openloop.schedule(self.samples(), rate, seconds)
        connection.close()  # the servers and this process must not share a connection
        ports = [free_port() for _ in range(servers)]
        started = [
            self.start_server(port, workdir / f"server-{port}.log", no_page_cache) for port in ports
        ]
        self.stdout.write(
            f"Open loop: {rate:g} requests/s for {seconds} s ({len(plan):,} requests, "
            f"{openloop.POPULAR_SHARE:.0%} popular addresses) to {servers} gunicorn "
            f"server(s) (production settings; WEB_CONCURRENCY="
            f"{os.environ.get('WEB_CONCURRENCY', 'cores + 1')}, GUNICORN_THREADS="
            f"{os.environ.get('GUNICORN_THREADS', '2')}); cache: "
            f"{'Redis (REDIS_URL)' if settings.REDIS_URL else 'memory of each worker'}.\n"
        )
        peaks, done = {}, threading.Event()

        def follow_memory():
            while not done.wait(0.5):
                for server in started:
                    for pid in worker_pids(server.pid):
                        peaks[pid] = max(peaks.get(pid, 0), peak_rss_mb(pid))

        follower = threading.Thread(target=follow_memory, daemon=True)
        try:
            for port in ports:
                self.warm_up(port)
            follower.start()
            results = openloop.drive(ports, plan)
        finally:
            done.set()
            for server in started:
                stop_server(server)
        self.report_open_loop(results, rate, seconds, peaks)
        self.report_profile(server_records(*(workdir / f"server-{port}.log" for port in ports)))

    def report_open_loop(self, results, rate, seconds, peaks):
        def line(name, rows):
            times = sorted(row.milliseconds for row in rows)
            errors = sum(1 for row in rows if not 200 <= row.status < 400)
            return (
                f"{name:20} {len(rows):>7,} {percentile(times, 0.50):7.0f} "
                f"{percentile(times, 0.95):7.0f} {percentile(times, 0.99):7.0f} {errors:>6}"
            )

        self.stdout.write(
            f"{'page family':20} {'requests':>7} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'p99 ms':>7} {'errors':>6}"
        )
        families = sorted({row.family for row in results})
        for family in families:
            self.stdout.write(line(family, [row for row in results if row.family == family]))
        self.stdout.write(line("all", results))
        # Over time: a queue that builds while the caches are cold, then drains, shows here.
        window = 10
        for start in range(0, int(seconds), window):
            rows = [row for row in results if start <= row.due < start + window]
            if rows:
                self.stdout.write(line(f"due {start}–{start + window} s", rows))
        answered = [row for row in results if 200 <= row.status < 400]
        last = max((row.due + row.milliseconds / 1000 for row in results), default=seconds)
        self.stdout.write(
            f"\nOffered {rate:g} requests/s; served {len(answered) / last:.1f}/s "
            f"({len(answered):,} good answers in {last:.1f} s). Times count from when a "
            "request was due, so a queue shows in them."
        )
        for pid, megabytes in sorted(peaks.items()):
            self.stdout.write(f"worker {pid}: peak RSS {megabytes:.0f} MB")
        self.stdout.write(
            "Targets (issue 21): 60 requests/s with p95 ≤ 300 ms and no error; every family "
            "of unseen addresses p95 ≤ 150 ms."
        )

    def report_profile(self, records):
        """Where the servers spent each family's time, by their own log: the median request's
        SQL, template rendering and the rest of Python (middleware, views, forms, the ORM
        building queries), and the fewest–most SQL statements. A page the page cache answered
        counts too (a few ms, no SQL)."""
        self.stdout.write(
            f"\nProfile per family, inside the servers (medians of each part, ms):\n"
            f"{'page family':20} {'served':>7} {'total':>7} {'SQL':>7} {'templates':>9} "
            f"{'Python':>7} {'queries':>8}"
        )
        for family, rows in sorted(records.items()):
            total = statistics.median(row["duration_ms"] for row in rows)
            sql = statistics.median(row.get("sql_ms", 0) for row in rows)
            render = statistics.median(row.get("render_ms", 0) for row in rows)
            python = statistics.median(
                row["duration_ms"] - row.get("sql_ms", 0) - row.get("render_ms", 0) for row in rows
            )
            counts = [row["queries"] for row in rows]
            self.stdout.write(
                f"{family:20} {len(rows):>7,} {total:7.1f} {sql:7.1f} {render:9.1f} "
                f"{python:7.1f} {f'{min(counts)}–{max(counts)}':>8}"
            )
        self.stdout.write(
            "A saturated server's parts include waiting for the CPU: for the cost of a request "
            "alone, offer a low rate (--rate 5)."
        )

    def samples(self):
        """Real, varied addresses from the catalogue for the visitors to open."""
        initiatives = Initiative.objects.published()
        cases = Case.objects.published()
        return {
            "initiatives": list(initiatives.order_by("?").values_list("slug", flat=True)[:2000]),
            "cases": list(cases.order_by("?").values_list("slug", flat=True)[:500]),
            "themes": list(Theme.objects.values_list("slug", flat=True)),
            "target_groups": list(TargetGroup.objects.values_list("slug", flat=True)),
            "municipalities": list(Municipality.objects.values_list("code", flat=True)),
            "places": list(Municipality.objects.order_by("?").values_list("slug", flat=True)[:200]),
            "postcodes": list(
                initiatives.exclude(postcode="")
                .order_by("?")
                .values_list("postcode", flat=True)[:300]
            ),
            "queries": WORDS,
        }

    def start_server(self, port, log, no_page_cache):
        variables = {
            "DJANGO_LOG_FORMAT": "json",
            # Every request's log line (with its SQL count) is at DEBUG.
            "DJANGO_LOG_LEVEL": "DEBUG",
        }
        if no_page_cache:
            variables["WIJK_PAGE_CACHE_SECONDS"] = "0"
        return start_server(port, log, **variables)

    def warm_up(self, port):
        """One request to each kind of page in every worker: imports and templates load. Then
        the pages the worker renders after every change to the catalogue, so the run starts
        as a running site is (wijkplatform/warming.py; with Redis they fill the shared cache)."""
        for _ in range(6):
            for path in ["/", "/initiatieven/", "/zoeken/?q=buurt", "/casussen/", "/gemeenten/"]:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
        start = time.perf_counter()
        addresses = list(warming.pages())
        for path in addresses:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()
        self.stdout.write(
            f"Warmed {len(addresses)} pages on :{port} as the worker does after a change "
            f"({time.perf_counter() - start:.1f} s)."
        )

    def drive(self, port, samples, workdir, users, seconds, wait, server):
        """Run locust headless in its own process; meanwhile follow the workers' memory."""
        command = [
            sys.executable,
            "-m",
            "locust",
            "--locustfile",
            str(ROOT / "devtools" / "loadtest.py"),
            "--headless",
            "--users",
            str(users),
            # The visitors arrive over RAMP_SECONDS, as after a newsletter, rather than all
            # in the same millisecond (which measures the tool, not the site).
            "--spawn-rate",
            str(max(1, users / RAMP_SECONDS)),
            "--run-time",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(workdir / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        env = {**os.environ, "WIJK_BENCH_SAMPLES": str(samples), "WIJK_BENCH_WAIT": wait}
        with (workdir / "locust.log").open("w") as output:
            driver = subprocess.Popen(command, env=env, stdout=output, stderr=output)
            peaks = {}
            while driver.poll() is None:
                for pid in worker_pids(server.pid):
                    peaks[pid] = max(peaks.get(pid, 0), peak_rss_mb(pid))
                time.sleep(1)
        if not (workdir / "locust_stats.csv").exists():
            raise CommandError(f"locust failed; see {workdir / 'locust.log'}")
        return peaks

    def report(self, stats_file, log, peaks, users, seconds, wait):
        rows = {
            row["Name"]: row
            for row in csv.DictReader(stats_file.open(encoding="utf-8"))
            if row["Name"] != "Aggregated"
        }
        queries = queries_per_kind(log)
        trivial = float(rows[TRIVIAL]["50%"])
        header = (
            f"{'page type':20} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'errors':>6} {'queries':>8} {'× trivial':>9}  targets"
        )
        self.stdout.write(header)
        errors = 0
        for name, row in sorted(rows.items(), key=lambda item: item[0] != TRIVIAL):
            p50, p95 = float(row["50%"]), float(row["95%"])
            ratio = p50 / trivial if trivial else float("inf")
            failures = int(row["Failure Count"])
            errors += failures
            met = name == TRIVIAL or (ratio <= MAX_RATIO and p95 <= MAX_P95_MS)
            counts = queries.get(name, [])
            spread = f"{min(counts)}–{max(counts)}" if counts else "?"
            self.stdout.write(
                f"{name:20} {float(row['Requests/s']):6.1f} {p50:7.0f} {p95:7.0f} "
                f"{float(row['99%']):7.0f} {failures:6} {spread:>8} {ratio:9.1f}  "
                f"{'met' if met else 'NOT met'}"
            )
        total = sum(int(row["Request Count"]) for row in rows.values())
        self.stdout.write(f"\n{total:,} requests, {errors} errors (target: 0).")
        # Each visitor asks at most once per pause; far fewer answers means requests queued,
        # and then every time above (the trivial view's too) is mostly waiting.
        shortest, longest = (float(part) for part in wait.split(","))
        offered = users / ((shortest + longest) / 2)
        self.stdout.write(
            f"Served {total / seconds:.1f} requests/s of the ≈ {offered:.0f}/s the visitors ask"
            f" for{' (saturated: requests queued)' if total / seconds < 0.8 * offered else ''}."
        )
        for pid, megabytes in sorted(peaks.items()):
            verdict = "met" if megabytes <= MAX_RSS_MB else "NOT met"
            self.stdout.write(
                f"worker {pid}: peak RSS {megabytes:.0f} MB (target ≤ {MAX_RSS_MB}) {verdict}"
            )
        self.stdout.write(
            f"Targets: median ≤ {MAX_RATIO}× the trivial view and p95 ≤ {MAX_P95_MS} ms per "
            "page type. Queries: the fewest–most SQL statements of one request, from the "
            "server's log (a page from the page cache runs none)."
        )


def worker_pids(master):
    """The gunicorn workers: the children of the master process."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def peak_rss_mb(pid):
    """The most resident memory the process has used so far (VmHWM), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0


def server_records(*logs):
    """The server's JSON log line of each benchmark request, by page type (its request id)."""
    kinds = defaultdict(list)
    for log in logs:
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            request_id = record.get("request_id", "")
            if record.get("logger") == "wijkplatform.requests" and request_id.startswith("bench-"):
                kind = request_id[len("bench-") :].rsplit("-", 1)[0].replace("_", " ")
                kinds[kind].append(record)
    return kinds


def queries_per_kind(log):
    """SQL statements per request, by page type, from the server's JSON request log."""
    return {
        kind: [record["queries"] for record in records]
        for kind, records in server_records(log).items()
    }

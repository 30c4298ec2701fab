"""Timing requests for the benchmark commands: server time in-process, without network.

Figures, not pass/fail: see README "Benchmarks".
"""

import statistics
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    queries: int  # the most SQL queries one request ran
    size: int  # bytes of the largest response body, as sent (compressed when it was)

    def row(self, name, width=48):
        return (
            f"{name:{width}} {self.median_ms:10.1f} {self.p95_ms:8.1f} {self.queries:8}"
            f" {self.size / 1024:9.1f}"
        )

    @staticmethod
    def header(width=48):
        return f"{'request':{width}} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'max KiB':>9}"


def time_requests(client, requests, repeat, cold=False, headers=None):
    """Time each (url, params) `repeat` times after one warm-up request.

    Cold: the cache is emptied before every request, as the first visitor meets the page;
    warm: facet counts come from the cache.
    """
    times, queries, size = [], 0, 0
    for url, params in requests:
        client.get(url, params, headers=headers)
        for _ in range(repeat):
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, params, headers=headers)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, params, response.status_code)
            queries = max(queries, len(captured))
            size = max(size, len(response.content))
    times.sort()
    p95 = times[max(int(len(times) * 0.95) - 1, 0)]
    return Timing(statistics.median(times), p95, queries, size)


def explain(queryset):
    """EXPLAIN ANALYZE of a queryset, as text."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())

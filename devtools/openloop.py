"""Open-loop load for `make bench --rate N` (bench_load): requests start at a steady rate
whatever the answers, as visitors arrive after a link in a newspaper. A closed loop (locust's
N users, each waiting for its answer) sends less when the site slows down and so hides a
queue; here a slow answer means more requests at once, and the time counts from the moment
a request was due, not from when a free thread could send it.

The mix is the issue's: 30 % popular addresses (home, the plain lists, theme pages, the
municipality index), which the page cache answers after their first visit, and 70 %
addresses no cache has seen (searches, filter combinations, postcodes, detail and place pages,
the API). Standard library only: threads and keep-alive HTTP connections.
"""

import http.client
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode

POPULAR_SHARE = 0.3
TIMEOUT_SECONDS = 30
MAX_IN_FLIGHT = 512


@dataclass
class Result:
    family: str
    due: float  # seconds after the start
    milliseconds: float  # from due to the last byte of the answer
    status: int  # 0: no answer (refused, reset, timed out)


def popular(samples, pick):
    return pick(
        [
            ("home", "/"),
            ("plain list", "/initiatieven/"),
            ("plain list", "/casussen/"),
            ("theme page", f"/themas/{pick(samples['themes'])}/"),
            ("municipality index", "/gemeenten/"),
        ]
    )


def unseen(samples, pick, chance):
    """An address of one of the families the page cache rarely helps, drawn at random."""
    family = pick(
        ["search"] * 14
        + ["list with filters"] * 14
        + ["distance search"] * 8
        + ["initiative detail"] * 20
        + ["case detail"] * 6
        + ["place page"] * 6
        + ["API"] * 8
    )
    if family == "search":
        path = pick(["/zoeken/", "/initiatieven/"])
        return family, f"{path}?{urlencode({'q': pick(samples['queries'])})}"
    if family == "list with filters":
        params = {"thema": pick(samples["themes"])}
        if chance(0.5):
            params["gemeente"] = pick(samples["municipalities"])
        if chance(0.4):
            params["doelgroep"] = pick(samples["target_groups"])
        if chance(0.3):
            params["page"] = random.randint(2, 5)
        return family, f"/initiatieven/?{urlencode(params)}"
    if family == "distance search":
        params = {"bij": pick(samples["postcodes"]), "straal": pick([2, 5, 10])}
        return family, f"/initiatieven/?{urlencode(params)}"
    if family == "initiative detail":
        return family, f"/initiatieven/{pick(samples['initiatives'])}/"
    if family == "case detail":
        return family, f"/casussen/{pick(samples['cases'])}/"
    if family == "place page":
        return family, f"/gemeenten/{pick(samples['places'])}/"
    params = {"thema": pick(samples["themes"])}
    if chance(0.5):
        params["q"] = pick(samples["queries"])
    return family, f"/api/v1/initiatieven/?{urlencode(params)}"


def schedule(samples, rate, seconds, seed=1):
    """(due, family, path) for every request: Poisson arrivals at `rate` per second."""
    generator = random.Random(seed)

    def chance(share):
        return generator.random() < share

    plan, due = [], 0.0
    while True:
        due += generator.expovariate(rate)
        if due >= seconds:
            return plan
        if chance(POPULAR_SHARE):
            plan.append((due, *popular(samples, generator.choice)))
        else:
            plan.append((due, *unseen(samples, generator.choice, chance)))


def drive(ports, plan):
    """Send the plan's requests when due, spread over the servers on `ports` in turn (as a
    proxy would); return a Result for each."""
    local = threading.local()
    results, opened = [], []
    start = time.monotonic()

    def send(index, due, family, path):
        port = ports[index % len(ports)]
        connections = getattr(local, "connections", None)
        if connections is None:
            connections = local.connections = {}
        status = 0
        for _attempt in range(2):  # a kept-alive connection the server closed: once more
            connection = connections.get(port)
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
                connections[port] = connection
                opened.append(connection)
            try:
                # The id names the family, so bench_load finds each request in the server's log.
                request_id = f"bench-{family.replace(' ', '_')}-{uuid.uuid4().hex[:12]}"
                headers = {"Accept-Encoding": "gzip", "X-Request-ID": request_id}
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                break
            except (OSError, http.client.HTTPException):
                connection.close()
                connections.pop(port, None)
        elapsed = (time.monotonic() - start - due) * 1000
        results.append(Result(family, due, elapsed, status))

    with ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT) as pool:
        for index, (due, family, path) in enumerate(plan):
            wait = start + due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            pool.submit(send, index, due, family, path)
    for connection in opened:
        connection.close()
    return results

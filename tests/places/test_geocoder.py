"""The online geocoder against a real HTTP server on 127.0.0.1 that answers like PDOK's
Locatieserver: what it finds, what it refuses, how fast it gives up, and what it remembers."""

import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from places import geocoder
from places.geocoder import GeocodedPlace, GeocoderUnavailable

TIMEOUT = 0.5
DOMPLEIN = {"weergavenaam": "Domplein 1, 3512JC Utrecht", "centroide_ll": "POINT(5.12156 52.09084)"}


def pdok(*docs):
    """A Locatieserver answer in the shape of `/free`, holding `docs`."""
    body = {"response": {"numFound": len(docs), "start": 0, "maxScore": 9.5, "docs": list(docs)}}
    return json.dumps(body).encode()


class Locatieserver(ThreadingHTTPServer):
    """Answers every GET with `status` and `body`, after `delay` seconds or byte by byte
    (`trickle`); remembers the query of each request it got."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.queries = []
        self.status, self.body = 200, pdok(DOMPLEIN)
        self.delay = 0
        self.trickle = False
        self.stopping = threading.Event()  # set at teardown: a waiting handler stops waiting


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        server = self.server
        server.queries.append(parse_qs(urlsplit(self.path).query))
        server.stopping.wait(server.delay)
        try:
            self.send_response(server.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(server.body)))
            self.end_headers()
            step = 1 if server.trickle else len(server.body)
            for start in range(0, len(server.body), step):
                self.wfile.write(server.body[start : start + step])
                self.wfile.flush()
                if server.trickle and server.stopping.wait(0.05):
                    return
        except OSError:  # the geocoder gave up and hung up, as it should
            pass

    def log_message(self, format, *args):
        """Quiet: the test output is for the tests."""


@pytest.fixture
def locatieserver(settings):
    server = Locatieserver()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_port}/search/v3_1/free"
    settings.GEOCODER_TIMEOUT_SECONDS = TIMEOUT
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()
    thread.join()


def test_finds_an_address(locatieserver):
    place = geocoder.geocode("  Domplein 1   Utrecht ")

    assert place == GeocodedPlace(52.09084, 5.12156, "Domplein 1, 3512JC Utrecht")
    [query] = locatieserver.queries
    assert query["q"] == ["Domplein 1 Utrecht"]
    assert query["rows"] == ["1"]
    assert query["fq"] == ["type:(adres OR postcode OR woonplaats OR weg)"]


def test_nothing_found_is_none(locatieserver):
    locatieserver.body = pdok()

    assert geocoder.geocode("Nergensstraat 99 Nergenshuizen") is None


def test_a_point_outside_the_netherlands_is_not_found(locatieserver):
    locatieserver.body = pdok(
        {"weergavenaam": "Kaya Grandi 1, Kralendijk", "centroide_ll": "POINT(-68.27 12.15)"}
    )

    assert geocoder.geocode("Kaya Grandi 1") is None


def test_the_visitors_text_is_only_words_to_the_search_engine(locatieserver):
    geocoder.geocode("Laan van Nieuw Oost-Indië 1 type:perceel")

    [query] = locatieserver.queries
    assert query["q"] == [r"Laan van Nieuw Oost\-Indië 1 type\:perceel"]


def test_a_slow_server_is_given_up_on_in_time(locatieserver):
    locatieserver.delay = 10
    started = time.monotonic()

    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Domplein 1 Utrecht")
    assert time.monotonic() - started < TIMEOUT + 0.5


def test_an_answer_that_trickles_in_is_cut_off_in_time(locatieserver):
    locatieserver.trickle = True  # about 20 bytes a second: never done within the timeout
    started = time.monotonic()

    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Domplein 1 Utrecht")
    assert time.monotonic() - started < TIMEOUT + 0.5


def test_a_closed_port_is_unavailable(settings):
    with socket.socket() as probe:  # a port that was free a moment ago, and nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.GEOCODER_URL = f"http://127.0.0.1:{port}/free"

    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Domplein 1 Utrecht")


def test_a_mistyped_url_is_unavailable_not_an_error_page(settings):
    settings.GEOCODER_URL = "api.pdok.nl/bzk/locatieserver/search/v3_1/free"  # no scheme

    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Domplein 1 Utrecht")


@pytest.mark.parametrize(
    ("status", "body"),
    [
        pytest.param(200, b"<html>Onderhoud</html>", id="not-json"),
        pytest.param(200, b'{"response": {"docs": [', id="cut-off-json"),
        pytest.param(200, b'{"error": "no response"}', id="other-json"),
        pytest.param(200, pdok({"weergavenaam": "Utrecht"}), id="no-point"),
        pytest.param(200, pdok({**DOMPLEIN, "centroide_ll": "POINT(oost west)"}), id="bad-point"),
        pytest.param(200, pdok({**DOMPLEIN, "weergavenaam": None}), id="no-name"),
        pytest.param(200, pdok({**DOMPLEIN, "filler": "x" * 100_000}), id="too-large"),
        pytest.param(503, pdok(DOMPLEIN), id="server-error"),
    ],
)
def test_nonsense_is_unavailable(locatieserver, status, body):
    locatieserver.status, locatieserver.body = status, body

    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Domplein 1 Utrecht")


def test_answers_are_remembered_found_or_not(locatieserver):
    first = geocoder.geocode("Domplein 1 Utrecht")
    assert geocoder.geocode("domplein 1  UTRECHT") == first
    locatieserver.body = pdok()
    assert geocoder.geocode("Nergensstraat 99") is None
    assert geocoder.geocode("Nergensstraat 99") is None

    assert len(locatieserver.queries) == 2


def test_failures_are_not_remembered(locatieserver):
    locatieserver.status = 503
    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Domplein 1 Utrecht")

    locatieserver.status = 200
    assert geocoder.geocode("Domplein 1 Utrecht") is not None
    assert len(locatieserver.queries) == 2


def test_a_failure_is_logged_without_the_visitors_text(locatieserver, caplog):
    locatieserver.status = 503

    with caplog.at_level(logging.WARNING), pytest.raises(GeocoderUnavailable) as failure:
        geocoder.geocode("Domplein 1 Utrecht")
    assert "503" in caplog.text
    assert "Domplein" not in caplog.text + str(failure.value)


def test_without_a_url_the_geocoder_is_off(settings):
    settings.GEOCODER_URL = ""

    assert not geocoder.enabled()
    with pytest.raises(GeocoderUnavailable):
        geocoder.geocode("Domplein 1 Utrecht")


def test_empty_or_overlong_text_is_not_sent(locatieserver):
    assert geocoder.geocode("   ") is None
    assert geocoder.geocode("Domplein " * 50) is None
    assert locatieserver.queries == []

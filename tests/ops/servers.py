"""Real servers for tests that run the site as production does, on loopback: a throwaway
PostgreSQL cluster and Redis of their own, gunicorn through `bin/serve`, and an HTTP client
that keeps its cookies. Used by the tests in tests/ops/."""

import contextlib
import html
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict=None, **overrides):
    """A DATABASE_URL for a Django database settings dict (default: this test run's)."""
    if settings_dict is None:
        from django.db import connection

        settings_dict = connection.settings_dict
    settings = {**settings_dict, **overrides}
    # A DATABASE_URL with `?host=/socket/dir` leaves HOST empty and the socket in OPTIONS.
    host = settings["HOST"] or settings.get("OPTIONS", {}).get("host") or "localhost"
    where = f"?host={host}" if host.startswith("/") else ""
    port = settings["PORT"] or ("" if where else 5432)
    netloc = f"{'' if where else host}{f':{port}' if port else ''}"
    return f"postgres://{settings['USER']}@{netloc}/{settings['NAME']}{where}"


def manage(*arguments, env, timeout=120):
    """Run manage.py in a fresh process (the default settings) with `env`; fail loudly."""
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {arguments[0]} failed:\n{result.stderr}"
    return result.stdout


def environment(**variables):
    """The environment of a child process: ours, minus the test settings module."""
    env = {**os.environ, **variables}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


# PostgreSQL ---------------------------------------------------------------------------------


def postgres_program(name):
    """The path of a PostgreSQL server program, found as bin/devdb finds it, or None."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    candidates += [Path("/usr/local/pgsql/bin") / name]
    return next((str(path) for path in candidates if path.exists()), None)


def user_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


class Postgres:
    """A PostgreSQL cluster in a temporary folder that listens only on a Unix socket there,
    so it never touches the shared development server. Superuser `wijk`, trust auth."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.initdb = postgres_program("initdb")
        self.pg_ctl = postgres_program("pg_ctl")

    def url(self, database="wijk"):
        return f"postgres://wijk@/{database}?host={self.folder}"

    def run(self, *command):
        # PostgreSQL refuses to run as root; bin/devdb uses the `postgres` system user too.
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise AssertionError(f"{command} failed:\n{result.stderr}{log[-2000:]}")

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.run(self.initdb, "-D", self.data, "-U", "wijk", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8")  # fmt: skip
        self.start()
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE wijk")

    def start(self):
        options = f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' -c fsync=off"
        self.run(self.pg_ctl, "-D", self.data, "-l", self.log, "-w", "-o", options, "start")

    def stop(self, mode="fast"):
        self.run(self.pg_ctl, "-D", self.data, "-m", mode, "-w", "stop")


@contextlib.contextmanager
def throwaway_postgres():
    """A new, empty cluster with a database `wijk`; stopped and deleted afterwards."""
    if not (postgres_program("initdb") and postgres_program("pg_ctl")):
        pytest.skip("the PostgreSQL server programs (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0 and not (shutil.which("runuser") and user_exists("postgres")):
        pytest.skip("running as root, PostgreSQL needs a 'postgres' system user and runuser")
    # Not pytest's tmp_path: that is private to root, and the server may run as `postgres`.
    # Short, too: a Unix socket's path may not exceed about 100 characters.
    server = Postgres(tempfile.mkdtemp(prefix="wijk-pg-"))
    try:
        server.create()
        yield server
    finally:
        with contextlib.suppress(AssertionError, subprocess.SubprocessError):
            server.stop("immediate")
        shutil.rmtree(server.folder, ignore_errors=True)


# Redis --------------------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_redis():
    """A Redis of our own on a free port, without persistence; yields its REDIS_URL."""
    program = shutil.which("redis-server")
    if program is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


# gunicorn -----------------------------------------------------------------------------------


@contextlib.contextmanager
def serve(log_path, **variables):
    """`bin/serve` (what `make serve` runs) on a free port; yields its base address.

    `variables` are added to the environment (DATABASE_URL, WEB_CONCURRENCY, …). The outbox's
    worker stays off unless they ask for it (WIJK_WORKER="on").
    """
    port = free_port()
    env = environment(WIJK_BIND=f"127.0.0.1:{port}", **{"WIJK_WORKER": "off", **variables})
    with open(log_path, "w") as output:
        process = subprocess.Popen(
            [str(ROOT / "bin" / "serve")],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if Client(base).get("/healthz").status == 200:
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"bin/serve did not answer:\n{Path(log_path).read_text()}"
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


# HTTP ---------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def form_value(self, name):
        """The value of the first <input name=…> on the page (a CSRF token, say)."""
        match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.text)
        assert match, f"no input {name!r} on the page"
        return html.unescape(match.group(1))


class Client:
    """An HTTP/1.1 client for one server that keeps cookies, as a browser would, and does not
    follow redirects. It sends `Secure` cookies over plain HTTP too: loopback has no TLS, but
    the production settings mark the session and CSRF cookies Secure."""

    def __init__(self, base, timeout=10):
        address = urllib.parse.urlsplit(base)
        self.host, self.port = address.hostname, address.port
        self.timeout = timeout
        self.cookies = {}

    def request(self, method, path, fields=None, headers=None):
        headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Response(response.status, response.headers, text)

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, **headers):
        return self.request("POST", path, fields, headers)

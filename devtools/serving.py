"""`make serve`'s configuration (bin/serve: gunicorn, production settings) on a free loopback
port, for the commands that measure it: bench_load and audit."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

ROOT = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port, log, **variables):
    """Start bin/serve on `port` with `variables` added to the environment, its errors going to
    the file `log`; return the process once /healthz answers."""
    # No e-mail worker: the measurements send no mail, and bin/serve would start one.
    env = {**os.environ, "WIJK_BIND": f"127.0.0.1:{port}", "WIJK_WORKER": "off", **variables}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # bin/serve sets the production settings
    server = subprocess.Popen(
        [str(ROOT / "bin" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,
    )
    deadline = time.monotonic() + 300  # collectstatic may run first
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"bin/serve stopped; see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise CommandError(f"gunicorn did not answer within 5 minutes; see {log}")


def stop_server(server):
    """Stop what start_server started: gunicorn and anything else in its process group."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    server.wait(timeout=30)

"""The outbox with its real worker (`manage.py procrastinate worker`, as `make run` starts it)
and a real SMTP server (aiosmtpd) that the tests stop, refuse and slow down: a message a
resident sent is delivered once the mail server is back, survives a worker killed mid-batch,
and comes back to its sender when it can never be delivered. Nothing is kept once done."""

import asyncio
import contextlib
import datetime
import os
import signal
import subprocess
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from catalogue import outbox
from catalogue.outbox import queue_mail
from tests.factories import InitiativeFactory

from .servers import ROOT, Client, database_url, environment, free_port, serve

pytestmark = pytest.mark.django_db(transaction=True)

INITIATOR = "initiatiefnemer@example.org"
RESIDENT = "piet@example.org"
TEXT = "Hallo, mag ik volgende week meedoen met koken?"


class MailServer:
    """An SMTP server on a fixed port that can be stopped and started again, slowed down, or
    made to refuse some recipients; it keeps what it accepted."""

    def __init__(self, delay=0.0, refuse=()):
        self.port = free_port()
        self.delay = delay
        self.refuse = set(refuse)
        self.received = []
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.received.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def subjects(self):
        return [str(mail["Subject"]) for mail in self.received]

    def wait_for(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} of {count} arrived"
            time.sleep(0.1)


@contextlib.contextmanager
def worker(mail_server, log_path, **variables):
    """The worker as `make run` starts it, in a process of its own, on this test's database;
    quick retries and heartbeats so the test need not wait minutes. `variables` are added to
    its environment."""
    env = environment(
        DATABASE_URL=database_url(),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(mail_server.port),
        WIJK_MAIL_RETRY_SECONDS="1",
        WIJK_WORKER_HEARTBEAT_SECONDS="1",
        WIJK_STALLED_JOBS_CRON="* * * * * */2",  # every two seconds
        **variables,
    )
    with open(log_path, "a") as log:
        process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "procrastinate", "worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def waiting_count():
    return outbox.waiting()[0]


def wait_until(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_message_sent_while_the_mail_server_is_down_is_delivered_once_it_is_back(
    client, tmp_path
):
    initiative = InitiativeFactory(title="Buurtsoep Lombok", email=INITIATOR)
    server = MailServer()  # not started: the mail server is down
    data = {"name": "Piet", "email": RESIDENT, "message": TEXT, "homepage": ""}

    page = client.post(reverse("initiatives:contact", args=[initiative.slug]), data, follow=True)
    assert "Je bericht is ontvangen en wordt verstuurd" in page.text

    with worker(server, tmp_path / "worker.log"):
        # The worker tries, fails, and tries again later; the message waits meanwhile.
        wait_until(lambda: attempts_so_far() >= 2)
        assert waiting_count() == 2 and server.received == []
        server.start()
        try:
            server.wait_for(2)
        finally:
            server.stop()
        wait_until(lambda: waiting_count() == 0)  # delivered, so no longer kept

    to_initiator = next(mail for mail in server.received if mail["To"] == INITIATOR)
    assert to_initiator["Reply-To"] == RESIDENT
    assert TEXT in to_initiator.get_content()
    confirmation = next(mail for mail in server.received if mail["To"] == RESIDENT)
    assert INITIATOR not in confirmation.get_content()
    assert not raw_jobs(), "a delivered message is deleted"


def test_nothing_is_lost_when_the_worker_is_killed_mid_batch(tmp_path):
    server = MailServer(delay=0.3)  # a slow mail server: the batch takes a while
    subjects = [f"Bericht {n}" for n in range(12)]
    for subject in subjects:
        queue_mail(
            {"subject": subject, "body": TEXT, "to": [RESIDENT], "reply_to": [], "headers": {}}
        )
    server.start()
    try:
        with worker(server, tmp_path / "worker.log") as first:
            server.wait_for(3)
            os.killpg(first.pid, signal.SIGKILL)  # no chance to finish or to say goodbye
            first.wait(timeout=10)
        assert len(set(server.subjects())) < len(subjects)
        with worker(server, tmp_path / "worker.log"):
            wait_until(lambda: set(server.subjects()) == set(subjects), timeout=40)
            wait_until(lambda: waiting_count() == 0)
    finally:
        server.stop()
    # At least once: the one message in flight when the worker died may come twice.
    assert len(server.received) <= len(subjects) + 1


def test_a_message_that_can_never_be_delivered_goes_back_to_its_sender(client, tmp_path):
    initiative = InitiativeFactory(title="Buurtsoep Lombok", email=INITIATOR)
    server = MailServer(refuse=[INITIATOR])  # the initiator's address no longer exists
    data = {"name": "Piet", "email": RESIDENT, "message": TEXT, "homepage": ""}
    client.post(reverse("initiatives:contact", args=[initiative.slug]), data)
    two_days_ago = timezone.now() - datetime.timedelta(hours=49)
    with connection.cursor() as cursor:  # as if the outbox had tried for two days already
        cursor.execute(
            "UPDATE procrastinate_jobs"
            " SET args = jsonb_set(args, '{queued_at}', to_jsonb(%s::text))",
            [two_days_ago.isoformat()],
        )
    server.start()
    try:
        with worker(server, tmp_path / "worker.log"):
            server.wait_for(2)  # the confirmation, then the notice
            wait_until(lambda: waiting_count() == 0)
    finally:
        server.stop()

    assert all(mail["To"] == RESIDENT for mail in server.received)
    notice = next(mail for mail in server.received if "niet worden bezorgd" in mail["Subject"])
    assert TEXT in notice.get_content() and INITIATOR not in notice.get_content()
    assert not raw_jobs(), "a message given up is not kept either"


def test_make_serve_starts_the_worker_beside_gunicorn(tmp_path):
    initiative = InitiativeFactory(title="Buurtsoep Lombok", email=INITIATOR)
    server = MailServer()
    server.start()
    env = {
        "DATABASE_URL": database_url(),
        "WEB_CONCURRENCY": "1",
        "WIJK_WORKER": "on",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(server.port),
    }
    try:
        with serve(tmp_path / "serve.log", **env) as base:
            browser = Client(base)
            url = reverse("initiatives:contact", args=[initiative.slug])
            token = browser.get(url).form_value("csrfmiddlewaretoken")
            data = {"csrfmiddlewaretoken": token, "name": "Piet", "email": RESIDENT}
            sent = browser.post(url, {**data, "message": TEXT, "homepage": ""}, Referer=base + url)
            assert sent.status == 302, sent.text
            server.wait_for(2)
    finally:
        server.stop()
    assert {mail["To"] for mail in server.received} == {INITIATOR, RESIDENT}


def attempts_so_far():
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(attempts), 0) FROM procrastinate_jobs")
        return cursor.fetchone()[0]


def raw_jobs():
    """The outbox's jobs, whatever their state (the worker's own periodic jobs aside)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM procrastinate_jobs WHERE queue_name = %s", [outbox.MAIL_QUEUE]
        )
        return cursor.fetchall()

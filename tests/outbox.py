"""What the outbox holds, as the e-mails the worker will send (catalogue.outbox.email).

Tests of pages and forms check what was queued; tests/ops/test_outbox.py runs the real
worker against a real SMTP server."""

from django.db import connection

from catalogue import outbox


def waiting():
    """The jobs of the e-mails waiting in the outbox, oldest first."""
    return outbox.waiting_jobs().filter(task_name=outbox.deliver.name).order_by("id")


def queued():
    """The e-mails waiting in the outbox, oldest first."""
    return [outbox.email(job.args["mail"]) for job in waiting()]


def notices():
    """The notices their senders get should the waiting e-mails prove undeliverable."""
    return [outbox.email(job.args["notice"]) for job in waiting() if job.args["notice"]]


def empty():
    """Empty the task queue's tables, as Django's flush empties ours."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers,"
            " procrastinate_workers RESTART IDENTITY CASCADE"
        )

"""The outbox: every e-mail the site sends waits in PostgreSQL until a worker has handed it
to the mail server, so no request ever waits for (or fails because of) the mail server.

`queue_mail` writes the message as a job of the task queue (Procrastinate) on the request's
own database connection: inside the request's transaction, so a message is queued exactly
when what it reports (a contact, a submission) is stored. The worker
(`manage.py procrastinate worker`; `make run` starts one, docs/deploy.md says how in
production) sends it; a failed attempt is tried again later, waiting twice as long each
time (MAIL_RETRY_SECONDS, up to MAIL_RETRY_MAX_SECONDS). A delivered message is deleted
with its job (PROCRASTINATE_WORKER_DEFAULTS). One that still fails after MAIL_GIVE_UP_HOURS
is dropped too, and its sender, when the message has one, gets `notice` instead.

A worker that dies mid-send leaves its job "doing"; `retry_stalled_jobs` hands such jobs
to a live worker, so a message is sent at least once (rarely twice), never lost.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Count, DateTimeField, Min
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation
from procrastinate import BaseRetryStrategy, RetryDecision
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

logger = logging.getLogger(__name__)

MAIL_QUEUE = "mail"


def render_mail(template, context):
    """(subject, body) from `template`: its first line is the subject, the rest the body."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(template, context)
    subject, _, body = text.strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"  # a header has one line


def message(template, context, to, *, reply_to=(), headers=None):
    """A message as the outbox stores it, from an e-mail template (render_mail:
    first line the subject). Plain JSON, so the job can carry it."""
    subject, body = render_mail(template, context)
    return {
        "subject": subject,
        "body": body,
        "to": list(to),
        "reply_to": list(reply_to),
        "headers": dict(headers or {}),
    }


def queue_mail(mail, *, notice=None):
    """Queue `mail` (see `message`) in the current transaction. `notice` is the message its
    sender gets should it prove undeliverable."""
    deliver.defer(mail=mail, notice=notice, queued_at=timezone.now().isoformat())


class Backoff(BaseRetryStrategy):
    """Try again after MAIL_RETRY_SECONDS, then twice as long each time, at most an hour."""

    def get_retry_decision(self, *, exception, job):
        wait = settings.MAIL_RETRY_SECONDS * 2 ** min(job.attempts, 20)
        return RetryDecision(retry_in={"seconds": min(wait, settings.MAIL_RETRY_MAX_SECONDS)})


def email(mail):
    """The EmailMessage of a stored message."""
    return EmailMessage(
        mail["subject"],
        mail["body"],
        to=mail["to"],
        reply_to=mail["reply_to"],
        headers=mail["headers"],
    )


@app.task(queue=MAIL_QUEUE, retry=Backoff())
def deliver(*, mail, notice, queued_at):
    """Hand one message to the mail server. Raising schedules another attempt (Backoff)."""
    try:
        email(mail).send()
    except Exception:
        age = timezone.now() - datetime.datetime.fromisoformat(queued_at)
        if age < datetime.timedelta(hours=settings.MAIL_GIVE_UP_HOURS):
            logger.warning("Mail to the mail server failed; it is tried again later")
            raise
        logger.exception("Mail still undeliverable after %s; dropped", age)
        if notice:
            queue_mail(notice)


@app.periodic(cron=settings.STALLED_JOBS_CRON)
@app.task(queue="maintenance", queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp):
    """Start again the jobs of workers that stopped beating (killed mid-send)."""
    manager = context.app.job_manager
    missed = 3 * settings.WORKER_HEARTBEAT_SECONDS
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=missed):
        logger.warning("Job %s of a dead worker is started again", job.id)
        await manager.retry_job(job)


def waiting_jobs():
    """The messages not yet delivered, as jobs (procrastinate's read-only model)."""
    return ProcrastinateJob.objects.filter(queue_name=MAIL_QUEUE, status__in=["todo", "doing"])


def waiting():
    """(number of messages waiting, seconds the oldest has waited): for /readyz."""
    queued_at = Cast(KT("args__queued_at"), DateTimeField())
    found = waiting_jobs().aggregate(count=Count("id"), oldest=Min(queued_at))
    age = timezone.now() - found["oldest"] if found["oldest"] else datetime.timedelta()
    return found["count"], round(age.total_seconds())

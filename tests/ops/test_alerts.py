"""E-mail alerts end to end: the worker `make run` starts runs the scheduled job, which mails a
new published match through the outbox to a real SMTP server, with its one-click unsubscribe
headers (the cycle itself: tests/catalogue/test_alerts.py)."""

import datetime

import pytest
from django.utils import timezone

from catalogue.models import Subscription
from tests.factories import InitiativeFactory

from .test_outbox import MailServer, wait_until, waiting_count, worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_mails_new_matches_on_schedule(tmp_path):
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    subscription = Subscription.objects.create(
        email="volger@example.org",
        kind="initiatieven",
        frequency="direct",
        site="http://wijkplatform.test",
        confirmed_at=an_hour_ago,
        sent_until=an_hour_ago,
    )
    ten_minutes_ago = timezone.now() - datetime.timedelta(minutes=10)
    InitiativeFactory(title="Buurtsoep Lombok", published_at=ten_minutes_ago)
    server = MailServer()
    server.start()
    try:
        with worker(server, tmp_path / "worker.log", WIJK_ALERTS_CRON="* * * * * */2"):
            server.wait_for(1)
            wait_until(lambda: waiting_count() == 0)
    finally:
        server.stop()

    [mail] = server.received
    assert mail["To"] == "volger@example.org"
    assert "Buurtsoep Lombok" in mail.get_content()
    unsubscribe = f"http://wijkplatform.test/meldingen/afmelden/{subscription.token}/"
    # Folded onto a line of its own, as long headers are; a mail program unfolds it.
    assert mail["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subscription.refresh_from_db()
    assert subscription.sent_until > ten_minutes_ago, "the next run starts after it"

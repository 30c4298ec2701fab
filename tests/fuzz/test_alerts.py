"""Generated searches stored in e-mail alerts never break the scheduled job: whatever query
string a subscription holds (an old one, or one typed by hand), the job runs the list's
FilterSet on it, ignores what is invalid and mails what matches.

At most 200 generated searches (50 with `--hypothesis-profile=smoke`): each costs a run of
the job over every kind."""

import datetime
import logging

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import alerts, kinds
from catalogue.models import Subscription
from tests.fuzz.test_endpoints import catalogue, queries, query_string  # noqa: F401 -- fixture

pytestmark = pytest.mark.django_db

EXAMPLES = min(settings.default.max_examples, 200)


def test_no_stored_search_breaks_the_alert_job(catalogue, caplog):  # noqa: F811
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    later = timezone.now() + datetime.timedelta(minutes=10)
    caplog.set_level(logging.ERROR, logger="catalogue.alerts")

    @settings(
        max_examples=EXAMPLES,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(pairs=queries, raw=st.booleans())
    def run(pairs, raw):
        Subscription.objects.all().delete()
        query = query_string(pairs, raw)
        for kind in kinds.all_kinds():
            Subscription.objects.create(
                email="fuzz@example.org",
                kind=kind.path,
                query=query,
                frequency="direct",
                site="http://testserver",
                confirmed_at=an_hour_ago,
                sent_until=an_hour_ago,
            )
        alerts.send_due_alerts(now=later)
        assert not caplog.records, query
        assert not Subscription.objects.filter(sent_until=an_hour_ago).exists(), query

    run()

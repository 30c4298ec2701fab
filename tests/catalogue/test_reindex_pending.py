"""Rebuilds after a lexicon change are written down first: work a restart interrupted is taken
up again (manage.py reindex_pending), work someone is doing is left to them."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalogue.models import PendingReindex, SearchForm, SearchTerm
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def titles(client, query):
    return sorted(
        item.title for item in client.get("/initiatieven/", {"q": query}).context["results"]
    )


@pytest.fixture
def stale_index():
    """Items indexed before "leden" was protected, and the protection's rebuild interrupted:
    the forms changed (as the save does at once) but no vector was written anew."""
    SearchTerm.objects.all().delete()
    InitiativeFactory(title="Inloopavond", summary="Voor de leden van de vereniging.")
    InitiativeFactory(title="Sportclub", summary="Elk lid betaalt contributie.")
    SearchForm.objects.bulk_create(
        [SearchForm(form="leden", family="leden"), SearchForm(form="lid", family="leden")]
    )
    PendingReindex.objects.all().delete()


def test_interrupted_work_is_taken_up_again(client, stale_index):
    PendingReindex.objects.create(
        words=["leden", "lid"], started_at=timezone.now() - timedelta(hours=1)
    )
    # The vectors still hold the stems: "leden" is "led", so only the plain form "lid" is found.
    assert titles(client, "lid") == ["Sportclub"]
    call_command("reindex_pending", verbosity=0)
    assert titles(client, "lid") == ["Inloopavond", "Sportclub"]
    assert not PendingReindex.objects.exists()


def test_work_someone_is_doing_is_left_to_them(client, stale_index):
    PendingReindex.objects.create(words=["leden", "lid"], started_at=timezone.now())
    call_command("reindex_pending", verbosity=0)
    assert PendingReindex.objects.count() == 1
    assert titles(client, "lid") == ["Sportclub"]

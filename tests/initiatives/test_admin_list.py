"""The initiatives list in the admin shows the key columns under short headings: title,
state, place, last check (marked when one is due) and last change."""

import datetime

import pytest
from django.utils import timezone

from initiatives.models import Initiative
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def cells(response, initiative):
    """The row of `initiative` in the list: {column: text}."""
    changelist = response.context["cl"]
    row = list(changelist.result_list).index(initiative)
    headers = [header["text"].lower() for header in response.context["result_headers"]]
    values = response.context["results"][row]
    return dict(zip(headers, [str(value) for value in values], strict=True))


def test_the_list_shows_the_key_columns_under_short_headings(admin_client):
    long_ago = timezone.localdate() - datetime.timedelta(days=800)
    stale = InitiativeFactory(title="Buurtkamer", last_verified=long_ago)
    online = InitiativeFactory(
        draft=True, title="Digitaal taalcafé", municipality=None, scope=Initiative.Scope.ONLINE
    )
    response = admin_client.get("/admin/initiatives/initiative/")
    headers = [header["text"].lower() for header in response.context["result_headers"]]
    assert headers[1:] == ["titel", "status", "plaats", "gecontroleerd", "gewijzigd"]

    row = cells(response, stale)
    assert "Gepubliceerd" in row["status"]
    assert stale.municipality.name in row["plaats"]
    assert '<span class="due">' in row["gecontroleerd"] and "controle nodig" in row["gecontroleerd"]
    row = cells(response, online)
    assert "Concept" in row["status"] and "Online" in row["plaats"]
    assert "nooit" in row["gecontroleerd"] and "controle nodig" not in row["gecontroleerd"]

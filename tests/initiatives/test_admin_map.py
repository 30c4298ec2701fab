"""The initiative admin places the pin on a map, and the plain fields still do it alone."""

import pytest

from initiatives.models import Initiative
from tests.admin_forms import change_form_data
from tests.factories import InitiativeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_the_change_form_has_the_plain_fields_and_the_map_hook(admin_client):
    initiative = InitiativeFactory(latitude=52.09, longitude=5.12)
    html = admin_client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    html = html.content.decode()
    assert 'type="number" name="latitude" value="52.09"' in html
    assert 'type="number" name="longitude" value="5.12"' in html
    assert "data-pin-map" in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/js/admin_map.js" in html


def test_typed_coordinates_are_saved_without_the_map(admin_client):
    initiative = InitiativeFactory(themes=[ThemeFactory()])
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data.update(
        themes=[theme.pk for theme in initiative.themes.all()],
        latitude="52.1",
        longitude="5.1",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative = Initiative.objects.get(pk=initiative.pk)
    assert (initiative.latitude, initiative.longitude) == (52.1, 5.1)

"""Theme pages (/themas/) explain each theme and list what the catalogue holds on it."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_theme_pages_explain_the_theme_and_list_its_content(client):
    call_command("loaddata", "taxonomy", "regions", "demo", verbosity=0)
    html = client.get("/themas/bonding/").content.decode()
    assert "Bonding" in html and "herkennen" in html
    assert client.get("/themas/").status_code == 200

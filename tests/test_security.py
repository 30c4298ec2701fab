"""Security headers every response carries."""

import pytest

from wijkplatform.settings.base import tile_hosts


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/initiatieven/", "/api/v1/initiatieven/", "/admin/login/"])
def test_every_response_carries_the_content_security_policy(client, path):
    policy = client.get(path).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_policy_allows_exactly_the_map_tile_host():
    assert tile_hosts("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://tile.openstreetmap.org"
    ]
    assert tile_hosts("https://{s}.tiles.example.nl/{z}/{x}/{y}.png") == [
        "https://*.tiles.example.nl"
    ]
    assert tile_hosts("") == []

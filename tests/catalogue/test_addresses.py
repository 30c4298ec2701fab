"""Items' addresses are remembered, but never across languages or slugs."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_an_address_follows_the_language_and_the_slug():
    theme = ThemeFactory(slug="samen-eten")
    with translation.override("nl"):
        assert theme.get_absolute_url() == "/themas/samen-eten/"
    with translation.override("en"):
        assert theme.get_absolute_url() == "/en/themas/samen-eten/"
        assert theme.get_absolute_url() == reverse("themes:detail", args=["samen-eten"])
    theme.slug = "samen-koken"
    with translation.override("nl"):
        assert theme.get_absolute_url() == "/themas/samen-koken/"

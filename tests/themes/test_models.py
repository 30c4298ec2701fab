"""Theme rules: at most two levels, and a theme is never its own parent."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import ThemeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


def test_themes_have_at_most_two_levels():
    top = ThemeFactory()
    child = ThemeFactory(parent=top)
    grandchild = ThemeFactory.build(parent=child, category=top.category)
    with pytest.raises(ValidationError):
        grandchild.full_clean()


def test_a_theme_cannot_be_its_own_parent():
    theme = ThemeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.filter(pk=theme.pk).update(parent=theme)

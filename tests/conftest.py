"""Fixtures shared by all tests; keep this small and put model builders in factories.py."""

import os
from pathlib import Path

import pytest

# The national reference tables live next to the project (../shared/data); they are read by
# path, never copied in. WIJK_SHARED_DATA points elsewhere when the checkout lives elsewhere.
SHARED_DATA = Path(
    os.environ.get(
        "WIJK_SHARED_DATA", Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    )
).resolve()


@pytest.fixture
def shared_data():
    """The reference tables; tests that need them say so plainly when they are absent."""
    if not (SHARED_DATA / "regions_nl_2025.csv").is_file():
        pytest.skip(f"national tables not found in {SHARED_DATA}; set WIJK_SHARED_DATA")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves a catalogue version
    that the next test reaches again with other data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor_roles(db):
    """The Redacteur and Eindredacteur groups, as their migration makes them. Tests on a live
    server empty every table after themselves, groups included: this puts them back."""
    from django.contrib.auth.models import Group

    from wijkplatform.roles import apply_roles

    if Group.objects.filter(name__in=["Redacteur", "Eindredacteur"]).count() < 2:
        apply_roles()

"""Fixtures shared by all tests; keep this small and put model builders in factories.py."""

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


@pytest.fixture
def shared_data():
    """The reference tables next to the project (read by path, never copied in)."""
    return SHARED_DATA.resolve()

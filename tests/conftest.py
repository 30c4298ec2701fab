"""Fixtures shared by all tests; keep this small and put model builders in factories.py."""

import os
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import settings as hypothesis_settings

# The national reference tables live next to the project (../shared/data); they are read by
# path, never copied in. WIJK_SHARED_DATA points elsewhere when the checkout lives elsewhere.
SHARED_DATA = Path(
    os.environ.get(
        "WIJK_SHARED_DATA", Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    )
).resolve()


# The folders of the slow kinds: each marks its tests with its own name, for `-m` to choose
# (`make check` runs `-m "not browser and not ops and not validators"`, the fuzz tests on the
# smoke profile).
HERE = Path(__file__).resolve().parent
MARKED_FOLDERS = {"browser", "ops", "fuzz", "validators"}

# Generated requests per public endpoint in tests/fuzz: `full` by default (make test, CI),
# `smoke` with `--hypothesis-profile=smoke` (make check).
hypothesis_settings.register_profile("full", max_examples=1000, deadline=None, database=None)
hypothesis_settings.register_profile("smoke", max_examples=50, deadline=None, database=None)
hypothesis_settings.load_profile("full")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark each test by its folder before `-m` selects: a module cannot forget its marker.

    With `--dist loadgroup` (make test), the browser and ops tests also form one group that a
    single worker runs in order, as a serial run would: each starts Chromium or servers of its
    own and waits for them with timeouts, so they do not compete with each other for the two
    cores. The other worker runs everything else meanwhile.

    Every browser test asks for the test database: pytest-django creates it only for the
    tests that ask, and the modules on the shared demo catalogue load and empty it through a
    fixture, so run alone they would load into, and empty, the developer's own database."""
    one_at_a_time = getattr(config.option, "dist", "no") == "loadgroup"
    for item in items:
        folder = item.path.relative_to(HERE).parts[0] if item.path.is_relative_to(HERE) else ""
        if folder in MARKED_FOLDERS:
            item.add_marker(folder)
            if folder == "browser" and not item.get_closest_marker("django_db"):
                item.add_marker(pytest.mark.django_db)
            if one_at_a_time and folder in {"browser", "ops"}:
                item.add_marker(pytest.mark.xdist_group("browser-and-ops"))


@pytest.fixture
def shared_data():
    """The reference tables; tests that need them say so plainly when they are absent."""
    if not (SHARED_DATA / "regions_nl_2025.csv").is_file():
        pytest.skip(f"national tables not found in {SHARED_DATA}; set WIJK_SHARED_DATA")
    return SHARED_DATA


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction around a whole module, rolled back after its last test. A module-scoped
    fixture on it makes costly data once; every test still runs in a savepoint of its own,
    rolled back after it, so what a test writes never reaches the next. Every test in the
    module then sees that data, requested or not. Only for `django_db` tests that are not
    transactional: `transactional_db` and `live_server` would empty the tables under it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def in_dutch():
    """Each test starts in Dutch, the site's language: a request under /en/ leaves English
    active in the thread (LocaleMiddleware activates, never deactivates), and the next test's
    reverse() and get_absolute_url() then gave English addresses."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves a catalogue version
    that the next test reaches again with other data."""
    from django.core.cache import cache

    from catalogue.lexicon import Lexicon

    cache.clear()
    Lexicon.forget()  # kept per catalogue version, as the cache is


@pytest.fixture(autouse=True)
def empty_outbox(request, django_db_blocker):
    """After a test that commits (transactional, on a live server), the outbox's queue is
    emptied too: its tables belong to the task queue (unmanaged models), which Django's flush
    leaves alone, so the next test would find the e-mails of this one."""
    yield
    marker = request.node.get_closest_marker("django_db")
    committed = marker is not None and marker.kwargs.get("transaction", False)
    if committed or {"live_server", "transactional_db"} & set(request.fixturenames):
        from tests.outbox import empty

        with django_db_blocker.unblock():
            empty()


@pytest.fixture
def editor_roles(db):
    """The Redacteur and Eindredacteur groups, as their migration makes them. Tests on a live
    server empty every table after themselves, groups included: this puts them back."""
    from django.contrib.auth.models import Group

    from wijkplatform.roles import apply_roles

    if Group.objects.filter(name__in=["Redacteur", "Eindredacteur"]).count() < 2:
        apply_roles()

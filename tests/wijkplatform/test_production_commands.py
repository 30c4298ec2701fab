"""Production runs no development tools: demo loaders, generators and benchmarks live in
`devtools`, which only the dev and test settings install."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import load_command_class


def commands(settings_module, **env):
    done = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


DEVELOPMENT = {"load_demo", "seed_catalogue", "bench_load", "bench_search", "bench_geo"}


def test_production_lists_no_benchmark_or_seeding_command():
    production = commands(
        "wijkplatform.settings.prod",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://nobody@/nothing?host=/nonexistent",
    )
    assert "rebuild_search_index" in production and "import_regions" in production
    assert not production & DEVELOPMENT


def test_development_has_the_demo_and_the_benchmarks():
    assert commands("wijkplatform.settings.dev") >= DEVELOPMENT


@pytest.mark.parametrize("name", sorted(DEVELOPMENT))
def test_every_development_command_loads(name):
    """Listed is not loaded: a benchmark that imports a name its sibling renamed would only
    fail when someone runs it (bench_load did)."""
    command = load_command_class("devtools", name)
    assert command.help

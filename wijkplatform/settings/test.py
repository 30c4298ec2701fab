"""Tests: fast password hashing, plain static storage, same PostgreSQL as development."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the source folders, as in development; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A separate name lets two test runs share one server (for example two checkouts).
if env("DJANGO_TEST_DATABASE"):
    DATABASES["default"]["TEST"] = {"NAME": env("DJANGO_TEST_DATABASE")}  # noqa: F405

# Pages are rendered afresh for every test request (tests/wijkplatform/test_page_cache.py
# turns it on), so query counts and content measure the page, not the cache.
PAGE_CACHE_SECONDS = 0

# Maps draw no tiles in tests: the browser tests never reach out to the network.
MAP_TILE_URL = ""

# The admin tests log in with force_login; tests/wijkplatform/test_admin_login.py turns this on.
REQUIRE_2FA = False

# Demo data, generators and benchmarks (devtools): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

# Background work (catalogue.background) runs inline once the transaction commits, so it never
# changes a test's data after the test has ended; one test starts the thread itself.
WIJK_BACKGROUND_INLINE = True

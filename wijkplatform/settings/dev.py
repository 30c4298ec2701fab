"""Local development: debug on, static files straight from the source folders."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A changed template shows at once; `make serve` runs with the page cache on.
PAGE_CACHE_SECONDS = int(env("WIJK_PAGE_CACHE_SECONDS", "0"))

# E-mails appear in the terminal that runs the server.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The demo editors of `make run` log in with their password only; WIJK_REQUIRE_2FA=1 to try
# the two-step login.
REQUIRE_2FA = env_bool("WIJK_REQUIRE_2FA", False)
ALLOW_DEMO_ACCOUNTS = True

# Demo data, generators and benchmarks (devtools): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

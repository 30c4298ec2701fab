"""Settings shared by every environment; values come from DJANGO_* environment variables."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def tile_hosts(url):
    """The origin of a map tile URL for the CSP ("https://tile.openstreetmap.org"); a `{s}`
    subdomain placeholder becomes a wildcard."""
    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.netloc else []


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_networks(name, default):
    """Comma-separated IP addresses and networks (CIDR). A typo stops the start, naming the
    entry, instead of quietly trusting a proxy less (or more) than meant."""
    entries = env_list(name, default)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {entry!r} is neither an IP address nor a network"
            ) from None
    return entries


# The project-local PostgreSQL cluster that `make run` starts (bin/devdb) listens only on a
# Unix socket inside .pg/; it is the default whenever DATABASE_URL is not set.
LOCAL_DB_SOCKET_DIR = BASE_DIR / ".pg" / "run"


def database_from_env():
    url = env("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "wijkplatform",
            "USER": "wijk",
            "HOST": str(LOCAL_DB_SOCKET_DIR),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    # No JIT compilation: it suits long reports, not pages. A search over the whole catalogue
    # spent 26 ms compiling to save less (bench_search); a per-session setting any managed
    # PostgreSQL allows.
    options = config.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_htmx",
    "catalogue.apps.TagsConfig",  # django-taggit, with a Dutch heading in the admin
    "simple_history",
    "import_export",
    "django_prose_editor",
    # Under Dutch names in the admin (wijkplatform/outside_texts.py).
    "wijkplatform.outside_texts.AxesConfig",
    "django_otp",
    "procrastinate.contrib.django",  # the outbox's queue and the scheduled jobs
    "wijkplatform.outside_texts.TOTPConfig",
    "wijkplatform.outside_texts.StaticConfig",
    # Ours, one concern each (../shared/DESIGN.md, "Architecture"); the order does not matter.
    "catalogue",
    "themes",
    "places",
    "initiatives",
    "cases",
    "wijkplatform",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so the static files carry it too.
    "wijkplatform.middleware.CrossOriginResourcePolicyMiddleware",
    "wijkplatform.observability.RequestLogMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wijkplatform.middleware.RejectNulBytesMiddleware",
    "wijkplatform.page_cache.AnonymousPageCacheMiddleware",
    # Django's, except that the health probes answer whatever the host.
    "wijkplatform.middleware.CommonMiddleware",
    # Before the CSRF check, which reads the body.
    "wijkplatform.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wijkplatform.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wijkplatform.urls"
# Our page for a form that came back without its CSRF token, in the site's layout and language.
CSRF_FAILURE_VIEW = "wijkplatform.views.csrf_failure"
# Probes come by plain HTTP, straight to the app server: no redirect to https for them.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz)$"]
# Where editors log in. Another address than the well-known one keeps most scanners away;
# the login is protected either way.
ADMIN_URL = env("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
WSGI_APPLICATION = "wijkplatform.wsgi.application"

TEMPLATES = [
    {
        # Django's engine, timing each render for the request log (wijkplatform.observability).
        "BACKEND": "wijkplatform.observability.MeteredTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes counts wrong passwords before the normal check (it needs the request, which the
# admin's login form passes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After WIJK_LOGIN_FAILURE_LIMIT wrong passwords for one user name from one internet address,
# that pair waits WIJK_LOGIN_COOLOFF_MINUTES. Not the name alone: then anyone could lock an
# editor out from everywhere; not the address alone: then one office behind one address would
# lock each other out, while an attacker simply changes address. The code from the app (below)
# is what really keeps a guessed password out. The address is the visitor's, read through
# the trusted proxies (TRUSTED_PROXIES, below), an IPv6 one by its /64 (one home or phone has a
# whole /64); the callable comes before django-ipware, so no AXES_IPWARE_* setting applies.
AXES_FAILURE_LIMIT = int(env("WIJK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("WIJK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # not a line in the log for every process start
AXES_LOCKOUT_CALLABLE = "wijkplatform.two_factor.lockout"
AXES_CLIENT_IP_CALLABLE = "catalogue.client_ip.client_network"

# The reverse proxies in front (addresses or networks) whose X-Forwarded-For is believed, for
# the login lockout and the form rate limit (catalogue/client_ip.py). Loopback by default:
# nginx on the same machine, and no visitor from elsewhere can have a loopback address.
TRUSTED_PROXIES = env_networks("WIJK_TRUSTED_PROXIES", "127.0.0.1,::1")

# Staff log in with a password and a code from an authenticator app (wijkplatform/two_factor.py).
# Always on in production; off by default in development and tests.
REQUIRE_2FA = env_bool("WIJK_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Wijkplatform"
# How long the link an administrator makes to link an app (`invite_editor`) works, in hours.
INVITATION_HOURS = int(env("WIJK_INVITATION_HOURS", "72"))
# The demo editors of `make run` (wijkplatform/demo_accounts.py) log in in development only.
ALLOW_DEMO_ACCOUNTS = False
# The admin lists everyone's devices (to delete a lost one) but never shows their keys or codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language a visitor picked: sent on same-site requests and links only, read by no script.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party front-end code comes from npm (package-lock.json), served as our own files.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/idiomorph", NODE_MODULES / "idiomorph" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/accessible-autocomplete", NODE_MODULES / "accessible-autocomplete" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Uploaded images (catalogue/images.py): what an upload may be. The pixel caps stop a small
# file that unpacks into gigabytes, checked from the header before any decoding: a JPEG is
# decoded at 1/2 or less of its size when it is large, a PNG or WebP in full, so they may have
# fewer (at most about 70 MB of pixels either way). The stored copy is never larger than the
# pages show (the large rendition at double density).
IMAGE_MAX_BYTES = 10_000_000
IMAGE_MIN_WIDTH, IMAGE_MIN_HEIGHT = 400, 300
IMAGE_MAX_SIDE = 8000
IMAGE_MAX_PIXELS = {"JPEG": 40_000_000, "PNG": 16_000_000, "WEBP": 16_000_000}
IMAGE_STORED_MAX_SIDE = 2400

# The largest request body a view takes (a larger one gets 413 before it is read;
# wijkplatform.middleware.RequestBodyLimitMiddleware): the public forms take text only, every
# other view at most the largest upload, an image, with the rest of its form.
PUBLIC_FORM_MAX_BYTES = 256 * 1024
REQUEST_MAX_BYTES = IMAGE_MAX_BYTES + 2_000_000
# A publication's file (cases/documents.py): a PDF of at most this size. The publication's
# admin pages take it with an image and the rest of their form.
PUBLICATION_FILE_MAX_BYTES = 20_000_000
PUBLICATION_REQUEST_MAX_BYTES = REQUEST_MAX_BYTES + PUBLICATION_FILE_MAX_BYTES

TAGGIT_CASE_INSENSITIVE = True

# Redis when REDIS_URL is set: shared by every app server (pages, facet counts).
# Otherwise each process keeps its own; cache keys carry the catalogue version, so a change
# shows at once either way.
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole pages for visitors without a session (wijkplatform/page_cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = int(env("WIJK_PAGE_CACHE_SECONDS", "300"))
# Facet counts are cached under the catalogue version, so a change shows at once anyway.
FACET_CACHE_SECONDS = 600

# Where visitors report a problem (accessibility and privacy pages); unset, those pages say
# there is no address yet.
CONTACT_EMAIL = env("DJANGO_CONTACT_EMAIL", "")

# E-mail: residents' submissions reach the editors, contact messages reach initiators.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Wijkplatform <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who hears about new submissions; empty, the active staff in the editors' groups (and, when
# those groups have nobody with an address, the superusers).
EDITORS_EMAIL = env_list("WIJK_EDITORS_EMAIL")

# The outbox (catalogue/outbox.py): every e-mail waits in PostgreSQL until the worker
# (`manage.py procrastinate worker`) has handed it to the mail server. A failed attempt is
# tried again after WIJK_MAIL_RETRY_SECONDS, doubling each time up to an hour; after
# WIJK_MAIL_GIVE_UP_HOURS the message is dropped and its sender (if any) told.
MAIL_RETRY_SECONDS = int(env("WIJK_MAIL_RETRY_SECONDS", "60"))
MAIL_RETRY_MAX_SECONDS = 3600
MAIL_GIVE_UP_HOURS = int(env("WIJK_MAIL_GIVE_UP_HOURS", "48"))
# A worker that stops sending heartbeats (killed, its machine gone) is taken for dead after
# three missed beats; the jobs it was doing are then started again by another worker.
WORKER_HEARTBEAT_SECONDS = float(env("WIJK_WORKER_HEARTBEAT_SECONDS", "10"))
PROCRASTINATE_WORKER_DEFAULTS = {
    "delete_jobs": "successful",  # a delivered message is not kept (privacy statement)
    "update_heartbeat_interval": WORKER_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": 3 * WORKER_HEARTBEAT_SECONDS,
}
# How often the worker looks for jobs a dead worker left half done (cron, seconds optional).
STALLED_JOBS_CRON = env("WIJK_STALLED_JOBS_CRON", "* * * * *")
PROCRASTINATE_IMPORT_PATHS = ["catalogue.outbox", "catalogue.alerts", "wijkplatform.warming"]

# E-mail alerts (catalogue/alerts.py): how often the worker looks for new items to mail
# (cron, seconds optional; "right away" means within this interval), and after how many
# days a subscription nobody confirmed is deleted with its address.
ALERTS_CRON = env("WIJK_ALERTS_CRON", "*/10 * * * *")
ALERT_CONFIRM_DAYS = int(env("WIJK_ALERT_CONFIRM_DAYS", "3"))
# How often the worker looks whether the catalogue changed, to warm the shared cache
# (wijkplatform/warming.py); the sixth field is seconds.
WARM_CACHE_CRON = env("WIJK_WARM_CACHE_CRON", "* * * * * */15")

# Public forms (submissions, contact): at most this many POSTs per address (an IPv6 /64) per
# window and form. Counted in the database, so every worker and server counts the same posts.
FORM_RATE_LIMIT = int(env("WIJK_FORM_RATE_LIMIT", "10"))
FORM_RATE_WINDOW_SECONDS = int(env("WIJK_FORM_RATE_WINDOW", "3600"))

# Public list pages: how many results one page shows.
LIST_PAGE_SIZE = 20
API_PAGE_SIZE = 20
# A search with more matches than this is broad: only its newest so many are ranked, shown
# and counted (catalogue.search.broad_limit; README "Searching").
WIJK_SEARCH_BROAD = int(env("WIJK_SEARCH_BROAD", "500"))

# Editors check every initiative at least this often; older checks show as overdue.
VERIFY_AFTER_MONTHS = int(env("WIJK_VERIFY_AFTER_MONTHS", "12"))

# Maps: OpenStreetMap tiles by default. The CSP allows exactly the host of this URL; an empty
# URL draws the markers on a blank background (tests, or a site without a tile provider).
MAP_TILE_URL = env("WIJK_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env(
    "WIJK_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
# The most points one map (GeoJSON answer) carries; more are left out and the map says so.
MAP_MAX_POINTS = int(env("WIJK_MAP_MAX_POINTS", "10000"))

# Content Security Policy: nothing unless named here. Our own files only, plus the map tiles'
# host for images; no inline scripts or styles anywhere. data: images are Leaflet's and the
# admin's icons; the only font is the admin rich-text editor's icons; connect-src is htmx
# and the maps' GeoJSON. base-uri, form-action and frame-ancestors never fall back to
# default-src, so they are named too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *tile_hosts(MAP_TILE_URL)],
        "connect-src": [SELF],
        "font-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Browser features the site may use: only the visitor's location, for "Gebruik mijn locatie".
# (No interest-cohort: FLoC is retired, and browsers log the unknown name as an error.)
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# Searching near a full address asks an online geocoder (PDOK Locatieserver). Off unless set;
# postcodes and coordinates never need it.
GEOCODER_URL = env("WIJK_GEOCODER_URL", "")
GEOCODER_TIMEOUT_SECONDS = float(env("WIJK_GEOCODER_TIMEOUT", "2"))

# Logs go to standard error, one line per record, each with the request's id; as JSON when
# DJANGO_LOG_FORMAT=json (for a log collector). DEBUG shows every request with its SQL count.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", "text")
SLOW_REQUEST_MS = float(env("WIJK_SLOW_REQUEST_MS", "500"))
SLOW_QUERY_MS = float(env("WIJK_SLOW_QUERY_MS", "200"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "wijkplatform.observability.RequestIdFilter"},
        "without_traceback": {"()": "wijkplatform.observability.WithoutTraceback"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # A request for a host we do not serve (a scanner, a misdirected probe) is one line,
        # not a traceback each time.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        # The task queue's start-up chatter, printed by every manage.py command.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}

"""gunicorn's settings for production (`make serve`, docs/deploy.md); all from the environment."""

import multiprocessing
import os

bind = os.environ.get("WIJK_BIND", "127.0.0.1:8000")
# Workers are processes (one per core, plus one); threads let each wait on the database for
# another request. Two, measured (`make bench --rate 60`, 2 cores, docs/deploy.md "Sizing"):
# with four, twelve requests at once fought for two cores and the p95 nearly doubled.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Workers are not recycled after a number of requests by default: a gthread worker that
# restarts drops the connections it had accepted but not yet answered (seen in the resilience
# tests). Set GUNICORN_MAX_REQUESTS only to contain a memory leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Django logs each request with its id (wijkplatform.observability); gunicorn only its errors.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "wijkplatform.wsgi:application"

"""Work that must not hold up an editor's request (rewriting many search vectors): run in a
thread of its own once the request's transaction has committed.

The work itself is durable: it is written down first (index.PendingReindex) and crossed off
when done, so work a restart interrupted is done the next time any is started, or by
`manage.py reindex_pending`. Settings may ask for it inline (WIJK_BACKGROUND_INLINE): the
tests do, so that a test's data is never changed under it after it ends.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction

logger = logging.getLogger(__name__)
_threads = []


def run_after_commit(work):
    transaction.on_commit(lambda: start(work))


def start(work):
    if getattr(settings, "WIJK_BACKGROUND_INLINE", False):
        work()
        return
    thread = threading.Thread(target=_run, args=(work,), daemon=True, name=work.__name__)
    _threads.append(thread)
    thread.start()


def _run(work):
    try:
        work()
    except Exception:  # logged with its traceback; the work stays written down, for a retry
        logger.exception("background work %s failed", work.__name__)
    finally:
        connection.close()  # this thread's own connection
        close_old_connections()


def wait(timeout=60):
    """Wait for the work started so far (for tests and management commands)."""
    while _threads:
        _threads.pop().join(timeout)

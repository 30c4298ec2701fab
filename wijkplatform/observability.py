"""Request ids, request and slow-query logging: what an operator needs to follow one request
through the logs of several app servers."""

import logging
import re
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.template.backends.django import DjangoTemplates, Template

request_logger = logging.getLogger("wijkplatform.requests")
query_logger = logging.getLogger("wijkplatform.queries")

current_request_id = ContextVar("request_id", default="-")

# A request id from the proxy in front is kept when it looks like one, so a request can be
# followed from the proxy's log into ours; anything else is replaced.
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
SQL_IN_LOG = 500  # characters of a slow statement that are logged; never its parameters


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served on every log record (`-` outside requests)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class WithoutTraceback(logging.Filter):
    """Keeps the record's message and drops its traceback, for errors whose cause the message
    says in full."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True


class RequestMeter:
    """Where one request's time goes: a database execute wrapper that counts statements, adds
    up their time and logs the slow ones, and a clock for template rendering (MeteredTemplates).
    SQL run while a template renders (a lazy queryset) counts as SQL, not as rendering."""

    def __init__(self):
        self.count = 0
        self.sql_ms = 0.0
        self.render_ms = 0.0
        self._sql_in_render_ms = 0.0
        self._depth = 0  # render_to_string inside a template's tag nests

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed_ms = (time.perf_counter() - start) * 1000
            self.sql_ms += elapsed_ms
            if self._depth:
                self._sql_in_render_ms += elapsed_ms
            if elapsed_ms >= settings.SLOW_QUERY_MS:
                query_logger.warning(
                    "slow query %.1f ms: %s",
                    elapsed_ms,
                    sql[:SQL_IN_LOG],
                    extra={"duration_ms": round(elapsed_ms, 1)},
                )

    @contextmanager
    def rendering(self):
        self._depth += 1
        start = time.perf_counter()
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth:
                self.render_ms += (time.perf_counter() - start) * 1000 - self._sql_in_render_ms
                self._sql_in_render_ms = 0.0


current_meter = ContextVar("request_meter", default=None)


class MeteredTemplate(Template):
    def render(self, context=None, request=None):
        meter = current_meter.get()
        if meter is None:
            return super().render(context, request)
        with meter.rendering():
            return super().render(context, request)


class MeteredTemplates(DjangoTemplates):
    """Django's template engine, timing each render for the request log (the load
    benchmark's profile per page family reads it)."""

    def from_string(self, template_code):
        return MeteredTemplate(super().from_string(template_code).template, self)

    def get_template(self, template_name):
        return MeteredTemplate(super().get_template(template_name).template, self)


class RequestLogMiddleware:
    """Gives each request an id (also sent back as X-Request-ID), and logs it with its time,
    number of SQL statements and where the time went (SQL, templates, the rest of Python): at
    DEBUG always, at WARNING when slower than the setting.

    Only the path is logged, never the query string: a visitor may type an address there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        meter = RequestMeter()
        meter_token = current_meter.set(meter)
        start = time.perf_counter()
        try:
            with connections["default"].execute_wrapper(meter):
                response = self.get_response(request)
            elapsed_ms = (time.perf_counter() - start) * 1000
            level = logging.WARNING if elapsed_ms >= settings.SLOW_REQUEST_MS else logging.DEBUG
            request_logger.log(
                level,
                "%s %s %s %.1f ms, %d queries (SQL %.1f ms, templates %.1f ms)",
                request.method,
                request.path,
                response.status_code,
                elapsed_ms,
                meter.count,
                meter.sql_ms,
                meter.render_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(elapsed_ms, 1),
                    "queries": meter.count,
                    "sql_ms": round(meter.sql_ms, 1),
                    "render_ms": round(meter.render_ms, 1),
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            current_meter.reset(meter_token)
            current_request_id.reset(token)

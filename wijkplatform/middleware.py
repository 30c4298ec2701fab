"""Request guards that hold for every page."""

from django.conf import settings
from django.http import JsonResponse
from django.middleware import common
from django.shortcuts import render
from django.utils.translation import gettext as _

# Answered whatever the Host header says (see CommonMiddleware below).
PROBES = {"/healthz", "/readyz"}


class CrossOriginResourcePolicyMiddleware:
    """Send `Cross-Origin-Resource-Policy: same-origin` with every response: no other site may
    load our pages, files or API answers into its own (a side channel such as Spectre could
    read them there). Django's SecurityMiddleware sends COOP, not CORP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class RejectNulBytesMiddleware:
    """Answer 400 to a query string with NUL bytes: PostgreSQL cannot store or compare them.

    Every form and filter would otherwise need its own guard; one check here covers them all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                message = _("The address contains characters that cannot be used.")
                return JsonResponse({"errors": {"__all__": [message]}}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)


class CommonMiddleware(common.CommonMiddleware):
    """Django's CommonMiddleware, which also refuses a host not in ALLOWED_HOSTS, except for
    the probes: an orchestrator asks /healthz and /readyz by the server's own address, and
    they build no address from the host. (SECURE_REDIRECT_EXEMPT spares them the redirect to
    https: probes come by plain HTTP, past the proxy.)"""

    def process_request(self, request):
        if request.path_info in PROBES:
            return None
        return super().process_request(request)


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose body is larger than its view takes, before anything reads
    it: Django writes a file part to a temporary file before any form looks at it, whatever
    DATA_UPLOAD_MAX_MEMORY_SIZE says. A view states its limit with catalogue.protection's
    limit_body; others take REQUEST_MAX_BYTES, the largest upload (an image) and its form.

    Before CsrfViewMiddleware, whose check reads the body. A body without a Content-Length
    (chunked) is never read at all: Django takes it as empty.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "max_body_bytes", settings.REQUEST_MAX_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body whose length it cannot read either
        if length > limit:
            return render(request, "413.html", status=413)
        return None

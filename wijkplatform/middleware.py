"""Request guards that hold for every page."""

from django.http import JsonResponse
from django.middleware import common
from django.shortcuts import render
from django.utils.translation import gettext as _

# Answered whatever the Host header says (see CommonMiddleware below).
PROBES = {"/healthz", "/readyz"}


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

"""Request guards that hold for every page."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


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

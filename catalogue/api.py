"""Read-only JSON API: the same FilterSets as the pages, in the shape of DESIGN.md."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .pagination import KeysFirstPaginator


def error_response(errors, status=400):
    """`{"errors": {parameter: [messages]}}`: 400 for a wrong parameter, 404 for a code or
    address that names nothing."""
    return JsonResponse(
        {"errors": errors}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def paginated_response(request, filterset, serialise):
    """`{"count", "exact_count", "next", "previous", "results"}` for a FilterSet; 400 on
    invalid input."""
    if not filterset.is_valid():
        return error_response({name: list(errs) for name, errs in filterset.errors.items()})
    paginator = KeysFirstPaginator(filterset.qs.with_related(), settings.API_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return error_response({"page": [_("Enter a whole number.")]})
    except EmptyPage:
        return error_response({"page": [_("This page does not exist.")]})

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            # False for a broad search: `count` and the pages cover its newest matches only.
            "exact_count": not filterset.broad,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [serialise(request, item) for item in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def place_json(place):
    return {"code": place.code, "name": place.name} if place else None

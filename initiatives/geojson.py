"""The initiatives of a filtered list as GeoJSON points, for the maps.

The same FilterSet as the list, the API and the exports, so a map always shows the list it
sits next to: every matching initiative with a point, not one page of them. A map may carry
10,000 points, so rows come as plain tuples (no model instances) and each feature is written
from a template instead of through dictionaries and `json.dumps`.
"""

import json
from json.encoder import encode_basestring

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from catalogue.api import error_response

from .filters import InitiativeFilterSet
from .models import Initiative

COLUMNS = ("longitude", "latitude", "title", "slug", "municipality__name")
FEATURE = (
    '{"type":"Feature","geometry":{"type":"Point","coordinates":[%r,%r]},'
    '"properties":{"title":%s,"url":%s,"place":%s}}'
)


def text(value):
    """A JSON string, or null, as `json.dumps` writes it."""
    return "null" if value is None else encode_basestring(value)


def feature_collection(queryset, limit):
    """The FeatureCollection (as JSON text) of all of `queryset` that has a point, at most
    `limit`. `count` counts every match, so the map can say how many have no place on it; when
    points were left out, `truncated` and `total` (the matches with a point) say so."""
    located = Q(latitude__isnull=False)
    rows = list(queryset.filter(located).values_list(*COLUMNS)[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        counts = queryset.aggregate(count=Count("pk"), total=Count("pk", filter=located))
        members = {"count": counts["count"], "truncated": True, "total": counts["total"]}
    else:
        members = {"count": queryset.count()}  # often an index-only count: cheaper
    # The detail address, built once: reversing it per row would cost more than the rest.
    url = reverse("initiatives:detail", args=["slug"]).removesuffix("slug/") + "{}/"
    features = ",".join(
        FEATURE % (round(lon, 5), round(lat, 5), text(title), text(url.format(slug)), text(place))
        for lon, lat, title, slug, place in rows
    )
    head = json.dumps({"type": "FeatureCollection", **members}, separators=(",", ":"))
    return f'{head[:-1]},"features":[{features}]}}'


@require_safe
@gzip_page  # public data only, so compressing it leaks nothing (unlike pages with tokens)
def initiative_points(request):
    filterset = InitiativeFilterSet(request.GET, queryset=Initiative.objects.published())
    if not filterset.is_valid():
        return error_response({name: list(errs) for name, errs in filterset.errors.items()})
    queryset = filterset.qs
    if filterset.ordering != "afstand":
        # What a cut keeps: around a place the nearest, otherwise the newest. Never the most
        # relevant: ranking every match of a search would cost more than the rest together.
        queryset = queryset.order_by("-published_at")
    collection = feature_collection(queryset, settings.MAP_MAX_POINTS)
    return HttpResponse(collection, content_type="application/geo+json")

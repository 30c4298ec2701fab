"""The initiatives list as read-only JSON, in the shape of DESIGN.md."""

from catalogue.api import paginated_response, place_json

from .filters import InitiativeFilterSet
from .models import Initiative


def initiative_json(request, initiative):
    found_around_a_place = hasattr(initiative, "distance_km")
    return {
        "slug": initiative.slug,
        "title": initiative.title,
        "summary": initiative.summary,
        "url": request.build_absolute_uri(initiative.get_absolute_url()),
        "themes": [theme.slug for theme in initiative.themes.all()],
        "target_groups": [group.slug for group in initiative.target_groups.all()],
        "tags": [tag.name for tag in initiative.sorted_tags],
        "municipality": place_json(initiative.municipality),
        "district": place_json(initiative.district),
        "werkgebied": initiative.scope,
        "latitude": initiative.latitude,
        "longitude": initiative.longitude,
        "status": initiative.status,
        "vulnerable": initiative.vulnerable,
        "help_wanted": initiative.help_wanted,
        "organisation": initiative.organisation,
        "website": initiative.website or None,
        "start_year": initiative.start_year,
        "published_at": initiative.published_at.isoformat(),
        "updated_at": initiative.updated_at.isoformat(),
    } | ({"distance_km": round(initiative.distance_km, 2)} if found_around_a_place else {})


def initiative_list(request):
    filterset = InitiativeFilterSet(request.GET, queryset=Initiative.objects.published())
    return paginated_response(request, filterset, initiative_json)

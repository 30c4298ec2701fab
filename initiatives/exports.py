"""The initiatives list as CSV: the columns of the import format (DESIGN.md "Data in and
out"), without the contact e-mail, which never leaves the site."""

from django.views.decorators.http import require_safe

from catalogue.exports import absolute_url, attribute, code, csv_export, slugs, tag_names

from .filters import InitiativeFilterSet
from .models import Initiative

INITIATIVE_COLUMNS = [
    ("title", attribute("title")),
    ("summary", attribute("summary")),
    ("description", attribute("description")),
    ("themes", slugs("themes")),
    ("target_groups", slugs("target_groups")),
    ("tags", tag_names),
    ("municipality", code("municipality")),
    ("district", code("district")),
    ("postcode", attribute("postcode")),
    ("latitude", attribute("latitude")),
    ("longitude", attribute("longitude")),
    ("start_year", attribute("start_year")),
    ("status", attribute("status")),
    ("organisation", attribute("organisation")),
    ("website", attribute("website")),
    ("werkgebied", attribute("scope")),
    ("vulnerable", attribute("vulnerable")),
    ("help_wanted", attribute("help_wanted")),
    ("last_verified", attribute("last_verified")),
    ("address", attribute("address")),
    ("schedule", attribute("schedule")),
    ("cost", attribute("cost")),
    ("url", absolute_url),
    ("updated_at", attribute("updated_at")),
]


@require_safe
def initiative_export(request):
    filterset = InitiativeFilterSet(request.GET, queryset=Initiative.objects.published())
    columns = INITIATIVE_COLUMNS
    if filterset.is_valid() and filterset.origin:
        columns = [*columns, ("distance_km", lambda request, item: round(item.distance_km, 2))]
    return csv_export(request, filterset, columns, "initiatieven")

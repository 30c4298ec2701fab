"""CSV export of the case list, on the same FilterSet as the page (see initiatives.exports)."""

from django.views.decorators.http import require_safe

from catalogue.exports import absolute_url, attribute, code, csv_export, slugs, tag_names

from .filters import CaseFilterSet
from .models import Case


def publication_title(request, case):
    """Only a published publication is named, as on the case page."""
    publication = case.publication
    return publication.title if publication and publication.is_published else None


CASE_COLUMNS = [
    ("title", attribute("title")),
    ("summary", attribute("summary")),
    ("themes", slugs("themes")),
    ("target_groups", slugs("target_groups")),
    ("tags", tag_names),
    ("municipality", code("municipality")),
    ("area_type", attribute("area_type")),
    ("year", attribute("year")),
    ("quality_level", attribute("quality_level")),
    ("publication", publication_title),
    ("chapter", attribute("chapter")),
    ("url", absolute_url),
    ("updated_at", attribute("updated_at")),
]


@require_safe
def case_export(request):
    filterset = CaseFilterSet(request.GET, queryset=Case.objects.published())
    return csv_export(request, filterset, CASE_COLUMNS, "casussen")

"""Read-only JSON for case studies, on the same FilterSet as the case list."""

from catalogue.api import paginated_response, place_json

from .filters import CaseFilterSet
from .models import Case


def case_json(request, case):
    return {
        "slug": case.slug,
        "title": case.title,
        "summary": case.summary,
        "url": request.build_absolute_uri(case.get_absolute_url()),
        "themes": [theme.slug for theme in case.themes.all()],
        "target_groups": [group.slug for group in case.target_groups.all()],
        "tags": [tag.name for tag in case.sorted_tags],
        "municipality": place_json(case.municipality),
        "area_type": case.area_type or None,
        "year": case.year,
        "quality_level": case.quality_level,
        "publication": (
            {"slug": case.publication.slug, "title": case.publication.title}
            if case.publication and case.publication.is_published
            else None
        ),
        "published_at": case.published_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
    }


def case_list(request):
    filterset = CaseFilterSet(request.GET, queryset=Case.objects.published())
    return paginated_response(request, filterset, case_json)

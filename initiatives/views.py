"""Public pages of the initiatives catalogue."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .facets import active_filters
from .filters import InitiativeFilterSet
from .models import Initiative


def catalogue_list(request, filterset_class, queryset, template, **context):
    """A filtered, faceted, paginated list page; shared by every catalogue list."""
    filterset = filterset_class(request.GET, queryset=queryset)
    facets = filterset.facets()
    paginator = Paginator(filterset.qs.with_related(), settings.LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))  # a bad page number falls back
    context.update(
        filter=filterset,
        facets=facets,
        chips=active_filters(request, facets),
        page_obj=page,
        page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        results=page.object_list,
    )
    return render(request, template, context)


def initiative_list(request):
    return catalogue_list(
        request,
        InitiativeFilterSet,
        Initiative.objects.published(),
        "initiatives/initiative_list.html",
    )


def initiative_detail(request, slug):
    initiative = get_object_or_404(
        Initiative.objects.published().with_related().select_related("neighbourhood"), slug=slug
    )
    cases = initiative.cases.published().select_related("publication")
    return render(
        request,
        "initiatives/initiative_detail.html",
        {"initiative": initiative, "cases": cases},
    )

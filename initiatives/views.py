"""Public pages of the initiatives catalogue."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .facets import active_filters
from .filters import InitiativeFilterSet
from .models import Initiative
from .search import attach_snippets


def catalogue_list(request, filterset_class, queryset, template, **context):
    """A filtered, faceted, paginated list page; shared by every catalogue list.

    An htmx request (a filter changed, or typing in the search box) gets just the list part,
    rendered by the same include the page uses; history restores get the whole page.
    """
    filterset = filterset_class(request.GET, queryset=queryset)
    facets = filterset.facets()
    paginator = Paginator(filterset.qs.with_related(), settings.LIST_PAGE_SIZE)
    paginator.count = filterset.total  # counted with the facets, in the same query
    page = paginator.get_page(request.GET.get("page"))  # a bad page number falls back
    context.update(
        filter=filterset,
        search=filterset.search,
        facets=facets,
        chips=active_filters(request, facets),
        page_obj=page,
        page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        results=attach_snippets(page.object_list, filterset.search.query),
    )
    if request.htmx and not request.htmx.history_restore_request:
        template = "includes/list_layout.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def initiative_list(request):
    return catalogue_list(
        request,
        InitiativeFilterSet,
        Initiative.objects.published(),
        "initiatives/initiative_list.html",
        card="includes/initiative_card.html",
        empty=_("No initiatives match these filters. Remove a filter to see more."),
        feed_url=reverse("feed_initiatives"),
        csv_url=reverse("initiatives:export"),
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

"""/inzicht/: the national picture, a province's, and the map's GeoJSON of municipalities.

Thin: every figure comes from overview.py, counted once per catalogue version; these views
only choose the rows (a province's), their order (?sorteer=) and the template.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from catalogue.api import error_response
from places.models import Province

from .insight import insight_for
from .overview import (
    MunicipalityTable,
    current_overview,
    largest_count,
    municipality_collection,
    size_legend,
)


@require_safe
def national(request):
    overview = current_overview()
    return render_overview(request, overview, overview.municipalities, None)


@require_safe
def province(request, slug):
    overview = current_overview()
    chosen = overview.province(slug)
    if chosen is None:
        raise Http404
    return render_overview(request, overview, overview.municipalities_in(chosen), chosen)


def render_overview(request, overview, rows, province):
    """The page of the whole country (`province` None) or of one province."""
    table = MunicipalityTable(
        rows, overview.kinds, request.GET.get("sorteer"), with_province=province is None
    )
    totals = province.figures if province else overview.national
    map_url = reverse("api:municipalities_geojson")
    if province:
        map_url += f"?provincie={province.slug}"
    context = {
        "overview": overview,
        "province": province,
        "totals": totals,
        "totals_by_kind": totals.per_kind(overview.kinds),
        "municipality_count": province.municipalities if province else len(rows),
        "with_initiatives": sum(1 for row in rows if row.figures.count),
        "table": table,
        "rows": TableCells().rows(table.rows),
        "map_url": map_url,
        "sizes": size_legend(largest_count(rows)),
        # The wijkbeeld of the country or the province, as a place page shows it.
        "insight": insight_for(Province.objects.get(code=province.code) if province else None),
        "where": province.name if province else _("the Netherlands"),
    }
    return render(request, "insight/overview.html", context)


class TableCells:
    """What each row of the table of municipalities shows: the row, its cells of numbers
    written the page's way (1.234) and what it makes most, as HTML. Each distinct number and
    lead is written once, and a row's numbers by one join: with a filter and an include per
    cell, 342 rows took 70 ms to render."""

    def __init__(self):
        self.cells = {}
        self.leads = {}

    def cell(self, n):
        if n not in self.cells:
            self.cells[n] = f"<td>{escape(number_format(n, force_grouping=True))}</td>"
        return self.cells[n]

    def lead(self, lead):
        if lead not in self.leads:
            self.leads[lead] = render_to_string("insight/_overview_lead.html", {"lead": lead})
        return self.leads[lead]

    def rows(self, rows):
        """(row, its cells of numbers as HTML, its lead as HTML) for each row."""
        return [
            (
                row,
                mark_safe("".join(self.cell(n) for n in (row.figures.count, *row.figures.by_kind))),  # noqa: S308 -- escaped above
                self.lead(row.figures.lead),
            )
            for row in rows
        ]


@require_safe
@gzip_page  # public data only, so compressing it leaks nothing
def municipality_points(request):
    """Every municipality with a point as GeoJSON, with its figures and its symbol on the map;
    `?provincie=<slug>` only a province's."""
    overview = current_overview()
    rows = overview.municipalities
    if slug := request.GET.get("provincie"):
        chosen = overview.province(slug)
        if chosen is None:
            message = _("There is no province %(name)s. Use one of these: %(names)s.") % {
                "name": slug[:50],
                "names": ", ".join(province.slug for province in overview.provinces),
            }
            return error_response({"provincie": [message]})
        rows = overview.municipalities_in(chosen)
    return JsonResponse(
        municipality_collection(rows, overview.kinds),
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )

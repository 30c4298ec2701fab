"""The wijkbeeld's figures as JSON and CSV: exactly what the place page shows.

`/api/v1/gemeenten/<code>/inzicht/` and `/api/v1/gemeenten/<code>/wijken/<code>/inzicht/`
answer JSON; `?format=csv` gives the same figures as a CSV file, one figure per line (the
columns in CSV_COLUMNS, README "Wijkbeeld"). Shares are fractions (0–1, four decimals): the
part of the place's initiatives that has it. An unknown code is a 404 with the API's error
shape, a wrong `format` a 400.
"""

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalogue.api import error_response
from catalogue.exports import cell, csv_writer
from places.models import District, Municipality

from . import insight as figures_

FORMATS = ("json", "csv")
CSV_COLUMNS = ["section", "code", "name", "count", "share", "national_count", "national_share"]


@require_safe
def municipality_insight(request, code):
    place = Municipality.objects.select_related("province").filter(code=code.upper()).first()
    if place is None:
        message = _("There is no municipality with code “%(code)s”.") % {"code": code}
        return error_response({"code": [message]}, status=404)
    return insight_response(request, place)


@require_safe
def district_insight(request, code, district):
    place = (
        District.objects.select_related("municipality__province")
        .filter(code=district.upper(), municipality__code=code.upper())
        .first()
    )
    if place is None:
        message = _("There is no district with code “%(code)s” in this municipality.") % {
            "code": district
        }
        return error_response({"code": [message]}, status=404)
    return insight_response(request, place)


def insight_response(request, place):
    wanted = request.GET.get("format") or "json"
    if wanted not in FORMATS:
        message = _("Choose format=json or format=csv.")
        return error_response({"format": [message]})
    insight = figures_.insight_for(place)
    if wanted == "csv":
        return csv_response(insight)
    return JsonResponse(insight_json(request, insight), json_dumps_params={"ensure_ascii": False})


def share(value):
    return round(value, 4)


def figure_json(figure):
    return {
        "code": figure.key,
        "name": str(figure.label),
        "count": figure.count,
        "share": share(figure.share),
        "national_count": figure.national_count,
        "national_share": share(figure.national_share),
    }


def place_json(request, place):
    return {
        "code": place.code,
        "name": place.name,
        "url": request.build_absolute_uri(place.get_absolute_url()),
    }


def insight_json(request, insight):
    """The figures of `insight` as the API gives them."""
    place = insight.place
    data = {"place": place_json(request, place)}
    if insight.scope == "district":
        data["municipality"] = place_json(request, place.municipality)
    comparison = insight.comparison
    return data | {
        "initiatives": insight.total,
        "national_initiatives": insight.national_total,
        "status": [figure_json(f) for f in insight.status],
        "vulnerable": figure_json(insight.vulnerable),
        "connection": [figure_json(f) for f in insight.connection],
        "issues": [figure_json(f) for f in insight.issues],
        "target_groups": [figure_json(f) for f in insight.target_groups],
        "help_wanted": [figure_json(f) for f in insight.help_wanted],
        "started_per_year": [{"year": year, "count": n} for year, n in insight.years],
        "started_earlier": insight.started_earlier,
        "start_year_unknown": insight.start_unknown,
        "comparable_places": comparison
        and {
            "rule": comparison.rule,
            "description": comparison.description(place),
            "places": [
                {"code": p.code, "name": p.name, "initiatives": p.count} for p in comparison.places
            ],
        },
        "white_spot_rule": str(figures_.WHITE_SPOT_RULE),
        "white_spots": [
            {
                "kind": spot.kind,
                "code": spot.key,
                "name": spot.label,
                "comparable_places": spot.comparable,
                "places_with_one": [
                    {"code": p.code, "name": p.name, "initiatives": p.count} for p in spot.having
                ],
            }
            for spot in insight.white_spots
        ],
    }


def csv_rows(insight):
    """(section, code, name, count, share, national_count, national_share) per figure."""

    def figures(section, items):
        for f in items:
            yield [
                section,
                f.key,
                f.label,
                f.count,
                share(f.share),
                f.national_count,
                share(f.national_share),
            ]

    place = insight.place
    yield ["initiatives", place.code, place.name, insight.total, "", insight.national_total, ""]
    yield from figures("status", insight.status)
    yield from figures("vulnerable", [insight.vulnerable])
    yield from figures("connection", insight.connection)
    yield from figures("issue", insight.issues)
    yield from figures("target_group", insight.target_groups)
    yield from figures("help_wanted", insight.help_wanted)
    for year, n in insight.years:
        yield ["started_in", year, year, n, "", "", ""]
    first = insight.years[0][0]
    earlier = _("Before %(first)s") % {"first": first}
    yield ["started_earlier", "", earlier, insight.started_earlier, "", "", ""]
    yield ["start_year_unknown", "", _("Unknown"), insight.start_unknown, "", "", ""]
    if insight.comparison:
        for p in insight.comparison.places:
            yield ["comparable_place", p.code, p.name, p.count, "", "", ""]
    for spot in insight.white_spots:
        having = len(spot.having)
        section = f"white_spot_{spot.kind}"
        yield [section, spot.key, spot.label, having, share(having / spot.comparable), "", ""]


def csv_response(insight):
    """The figures as a CSV file made for Excel with Dutch settings (see catalogue.exports)."""

    class Lines(list):
        def write(self, text):
            self.append(text)

    lines = Lines()
    writer = csv_writer(lines)
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(insight):
        writer.writerow([cell(value) for value in row])
    response = HttpResponse("\ufeff" + "".join(lines), content_type="text/csv; charset=utf-8")
    name = f"wijkbeeld-{insight.place.code}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

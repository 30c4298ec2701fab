"""Place pages: what there is in a municipality or a district ("in my area").

Each page counts only published content and links to the list filtered on the place, so every
number on it leads to the items behind it. Initiatives and cases are reached through
the places' reverse relations and the lists by URL name: this app imports neither (its layer
is below theirs). What those apps add to the page (the wijkbeeld) comes through the sections
they register (sections.py).
"""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from . import sections
from .geo import NEARBY_KM
from .models import District, Municipality

NEWEST_ITEMS = 6


def municipality_list(request):
    municipalities = (
        Municipality.objects.with_published_counts("initiatives")
        .select_related("province")
        .order_by("province__name", "name")
    )
    return render(request, "places/municipality_list.html", {"municipalities": municipalities})


def municipality_detail(request, slug):
    places = Municipality.objects.with_published_counts("initiatives", "cases")
    municipality = get_object_or_404(places.select_related("province"), slug=slug)
    districts = municipality.districts.with_published_counts("initiatives")
    return render_place(
        request,
        "places/municipality_detail.html",
        municipality,
        "gemeente",
        districts=districts,
    )


def district_detail(request, municipality_slug, slug):
    places = District.objects.with_published_counts("initiatives", "cases")
    district = get_object_or_404(
        places.select_related("municipality__province"),
        municipality__slug=municipality_slug,
        slug=slug,
    )
    return render_place(request, "places/district_detail.html", district, "wijk")


def render_place(request, template, place, param, **context):
    """A place page: its counts, newest items and map, and the sections other apps add;
    `param` filters the lists on it."""
    query = urlencode({param: place.code})
    if place.latitude is not None:
        around = urlencode({"bij": f"{place.latitude},{place.longitude}", "straal": NEARBY_KM})
        context["nearby_url"] = f"{reverse('initiatives:list')}?{around}"
    context.update(
        place=place,
        themes=place.theme_counts(),
        initiatives=place.initiatives.published().for_cards()[:NEWEST_ITEMS],
        cases=place.cases.published().for_cards()[:NEWEST_ITEMS],
        initiatives_url=f"{reverse('initiatives:list')}?{query}",
        map_url=f"{reverse('api:initiatives_geojson')}?{query}",
        nearby_km=NEARBY_KM,
        sections=sections.for_place(request, place),
    )
    return render(request, template, context)

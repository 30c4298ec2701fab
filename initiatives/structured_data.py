"""An initiative in schema.org terms: a Project, with where it happens and whom it serves."""

from catalogue.structured_data import (
    CONTEXT,
    COUNTRY,
    absolute,
    compact,
    keywords,
    place,
)

from .models import Initiative


def area_served(initiative):
    """The area an initiative works for, as precise as its werkgebied and places allow."""
    scope = Initiative.Scope
    if not initiative.has_fixed_place or initiative.municipality is None:
        return {"@type": "Country", "name": COUNTRY}
    municipality = {"@type": "AdministrativeArea", "name": initiative.municipality.name}
    area = None
    if initiative.scope == scope.NEIGHBOURHOOD:
        area = initiative.neighbourhood or initiative.district
    elif initiative.scope == scope.DISTRICT:
        area = initiative.district
    if area is None:
        return municipality
    return {"@type": "AdministrativeArea", "name": area.name, "containedInPlace": municipality}


def initiative_data(request, initiative):
    """An initiative as a schema.org Project (a kind of Organization) with its place."""
    location = None
    if initiative.has_fixed_place:
        location = place(
            initiative.municipality,
            address=initiative.address,
            postcode=initiative.postcode,
            latitude=initiative.latitude,
            longitude=initiative.longitude,
        )
    return compact(
        {
            "@context": CONTEXT,
            "@type": "Project",
            "@id": absolute(request, initiative),
            "url": absolute(request, initiative),
            "name": initiative.title,
            "description": initiative.summary,
            "sameAs": initiative.website,
            "foundingDate": str(initiative.start_year) if initiative.start_year else None,
            "location": location,
            "areaServed": area_served(initiative),
            "keywords": keywords(initiative),
        }
    )

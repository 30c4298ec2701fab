"""An initiative in schema.org terms: an Organization and Project, with where it happens and
whom it serves."""

from catalogue.structured_data import (
    CONTEXT,
    COUNTRY,
    compact,
    identity,
    image,
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
    """An initiative as a schema.org Organization and Project, with its address and place.

    Project is still a pending schema.org type; Organization, its parent, is stable, so a reader
    that does not know Project still reads the name, address and place.
    """
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
            "@type": ["Organization", "Project"],
            **identity(request, initiative),
            "name": initiative.title,
            "description": initiative.summary,
            "sameAs": initiative.website,
            "foundingDate": str(initiative.start_year) if initiative.start_year else None,
            "address": location.get("address") if location else None,
            "location": location,
            "image": image(request, initiative),
            "areaServed": area_served(initiative),
            "keywords": keywords(initiative),
        }
    )

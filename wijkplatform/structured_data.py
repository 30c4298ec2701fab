"""schema.org descriptions (JSON-LD) of the detail pages, so search engines read what a page is.

Each function returns a plain dict of JSON types; the detail templates render it with
`{% schema_org obj %}` (templatetags/site.py), so the views stay as they are and `initiatives`
and `cases` need not import this project package. Only what the page itself shows goes in:
never a contact e-mail address.
"""

from django.utils import timezone

from cases.models import Case, Publication
from catalogue.richtext import plain_text
from initiatives.models import Initiative

CONTEXT = "https://schema.org"
CONTENT_LANGUAGE = "nl"  # the catalogue is written in Dutch, whatever the interface language
COUNTRY = "Nederland"


def absolute(request, obj):
    return request.build_absolute_uri(obj.get_absolute_url())


def compact(data):
    """Leave out empty values, so the description only claims what we know."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def keywords(obj):
    return ", ".join(theme.name for theme in obj.themes.all())


def place(municipality, *, address="", postcode="", latitude=None, longitude=None):
    """A Place in a municipality, with coordinates when known; None when nothing is known."""
    if municipality is None and latitude is None:
        return None
    postal_address = compact(
        {
            "@type": "PostalAddress",
            "streetAddress": address,
            "postalCode": postcode,
            "addressLocality": municipality.name if municipality else "",
            "addressCountry": "NL",
        }
    )
    geo = None
    if latitude is not None and longitude is not None:
        geo = {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}
    return compact({"@type": "Place", "address": postal_address, "geo": geo})


def area_served(initiative):
    """The area an initiative works for, as precise as its werkgebied and places allow."""
    scope = Initiative.Scope
    if initiative.scope in (scope.NATIONAL, scope.ONLINE) or initiative.municipality is None:
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


def person(author):
    """An author as libraries know them: initials as given name, prefix with the surname."""
    family_name = " ".join(part for part in (author.infix, author.surname) if part)
    return {
        "@type": "Person",
        "name": f"{author.initials} {family_name}",
        "givenName": author.initials,
        "familyName": family_name,
    }


def publication_data(request, publication):
    """A publication as a schema.org Report, with its authors in order, publisher and series.

    Expects a publication from `Publication.objects.with_related()` (its `author_list`).
    """
    authors = getattr(publication, "author_list", None)
    if authors is None:
        authors = publication.publicationauthor_set.select_related("author")
    series = None
    if publication.series:
        series = {"@type": "CreativeWorkSeries", "name": publication.series}
    publisher = None
    if publication.organisation:
        publisher = {"@type": "Organization", "name": publication.organisation}
    return compact(
        {
            "@context": CONTEXT,
            "@type": "Report",
            "@id": absolute(request, publication),
            "url": absolute(request, publication),
            "name": publication.title,
            "alternativeHeadline": publication.subtitle,
            "description": plain_text(publication.summary),
            "genre": str(publication.get_publication_type_display()),
            "author": [person(entry.author) for entry in authors],
            "datePublished": publication.publication_date.isoformat(),
            "copyrightYear": publication.year_of_issue,
            "publisher": publisher,
            "isPartOf": series,
            "position": publication.series_number if series else None,
            "inLanguage": CONTENT_LANGUAGE,
            "keywords": keywords(publication),
        }
    )


def case_data(request, case, *, publication=None, initiatives=()):
    """A case study as a schema.org Article, based on the publication it appeared in.

    `publication` and `initiatives` are the published ones the page shows; unpublished ones
    are never named.
    """
    source = None
    if publication is not None:
        source = compact(
            {
                "@type": "Report",
                "name": publication.title,
                "url": absolute(request, publication),
                "position": case.chapter,
            }
        )
    about = [
        {"@type": "Project", "name": initiative.title, "url": absolute(request, initiative)}
        for initiative in initiatives
    ]
    return compact(
        {
            "@context": CONTEXT,
            "@type": "Article",
            "@id": absolute(request, case),
            "url": absolute(request, case),
            "headline": case.title,
            "description": case.summary,
            "datePublished": timezone.localdate(case.published_at).isoformat()
            if case.published_at
            else None,
            "dateModified": timezone.localtime(case.updated_at).isoformat(timespec="seconds"),
            "isBasedOn": source,
            "about": about,
            "contentLocation": place(case.municipality),
            "inLanguage": CONTENT_LANGUAGE,
            "keywords": keywords(case),
        }
    )


def describe(request, obj, **related):
    """The description of whichever detail page's object this is."""
    if isinstance(obj, Initiative):
        return initiative_data(request, obj)
    if isinstance(obj, Publication):
        return publication_data(request, obj)
    if isinstance(obj, Case):
        return case_data(request, obj, **related)
    raise TypeError(f"No schema.org description for {type(obj).__name__}")

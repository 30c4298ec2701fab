"""schema.org descriptions (JSON-LD) of the detail pages, so search engines read what a page is.

Each kind describes its own items (its app's `structured_data.py`, registered as the kind's
`describe`); these are the parts they share. The functions return plain dicts of JSON types;
the detail templates render them with `{% schema_org obj %}`. Only what the page itself shows
goes in: never a contact e-mail address.
"""

from . import kinds

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


def describe(request, obj, **related):
    """The description of whichever detail page's object this is."""
    return kinds.kind_of(type(obj)).describe(request, obj, **related)

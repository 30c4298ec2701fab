"""schema.org descriptions (JSON-LD) of the detail pages, so search engines read what a page is.

Each kind describes its own items (its app's `structured_data.py`, registered as the kind's
`describe`); these are the parts they share. The functions return plain dicts of JSON types;
the detail templates render them with `{% schema_org obj %}`, and every page's breadcrumbs
their BreadcrumbList. Only what the page itself shows goes in: never a contact e-mail address.
"""

import html

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeData

from . import kinds
from .share_images import share_image

CONTEXT = "https://schema.org"
CONTENT_LANGUAGE = "nl"  # the catalogue is written in Dutch, whatever the interface language
COUNTRY = "Nederland"


# Who writes what no publication wrote: the site's editors.
EDITORS = {"@type": "Organization", "name": "Wijkplatform"}


def absolute(request, obj):
    return request.build_absolute_uri(obj.get_absolute_url())


def canonical(request, obj):
    """The item's Dutch (canonical) address, whatever the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(request, obj)


def identity(request, obj):
    """`@id` and `url`: the Dutch (canonical) address names the thing, so both languages
    describe one entity; `url` is the page in the reader's language."""
    return {"@id": canonical(request, obj), "url": absolute(request, obj)}


def image(request, item):
    """The picture a shared link shows (share_images): the item's own or its kind's."""
    picture = share_image(item)
    return {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(picture.url),
        "width": picture.width,
        "height": picture.height,
    }


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


def text_of(name):
    """A trail's name as text: one marked up for the page (its language, `in_content_lang`)
    without the markup."""
    return html.unescape(strip_tags(name)) if isinstance(name, SafeData) else str(name)


def breadcrumb_list(request, trail):
    """The breadcrumbs a page shows, [(name, url), …] with the current page last and unlinked."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            compact(
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": text_of(name),
                    "item": request.build_absolute_uri(url) if url else None,
                }
            )
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def describe(request, obj, **related):
    """The description of whichever detail page's object this is."""
    return kinds.kind_of(type(obj)).describe(request, obj, **related)

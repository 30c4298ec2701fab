"""Where a visitor searches around (`bij`): a postcode, coordinates, a municipality or, with
an online geocoder, an address; each becomes an Origin, or an error a person can act on."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from . import geocoder
from .geo import COORDINATES, MAX_PLACE_LENGTH, POSTCODE, Origin, in_netherlands
from .models import Municipality, Postcode


def locate(text):
    """The Origin for a visitor's `bij`: a postcode, `lat,lon`, a municipality or an address.

    Raises ValidationError with a message a person can act on when the place can't be found.
    """
    text = " ".join(text.split())
    if len(text) > MAX_PLACE_LENGTH:
        raise ValidationError(_("This place is too long. Enter a postcode such as 3511."))
    if match := POSTCODE.fullmatch(text):
        return locate_postcode(*match.groups(""))
    if match := COORDINATES.fullmatch(text):
        return locate_point(float(match[1]), float(match[2]))
    named = Q(name__unaccent__iexact=text)
    if code := Municipality.code_called(text):  # "Den Haag"
        named |= Q(code=code)
    municipality = (
        Municipality.objects.filter(named, latitude__isnull=False)
        .only("code", "name", "latitude", "longitude")
        .first()
    )
    if municipality:
        return Origin(
            municipality.latitude, municipality.longitude, municipality.name, municipality.code
        )
    return locate_address(text)


def municipality_of(origin):
    """The CBS code of the municipality `origin` lies in: the one it names, else the one with
    the nearest centre (the postcode tables name no municipality); "" when none is known."""
    if origin.municipality:
        return origin.municipality
    nearest = Municipality.objects.nearest(origin).values_list("code", flat=True).first()
    return nearest or ""


def locate_postcode(digits, letters):
    known = Postcode.objects.locate(digits, letters)
    written = f"{digits} {letters.upper()}".strip()
    if known is None:
        raise ValidationError(
            _("We do not know postcode %(postcode)s. Check the number, or try a nearby one.")
            % {"postcode": written}
        )
    return Origin(known.latitude, known.longitude, written)


def locate_point(latitude, longitude):
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(
            _(
                "These are not coordinates on earth. Give latitude and longitude like "
                "52.09,5.12, or a postcode."
            )
        )
    if not in_netherlands(latitude, longitude):
        raise ValidationError(
            _("This place lies outside the Netherlands. Enter a Dutch postcode or place.")
        )
    return Origin(latitude, longitude, f"{latitude:.4f}, {longitude:.4f}")


def locate_address(text):
    """A full address, through the online geocoder when the site has one."""
    unknown = _(
        "We cannot find “%(place)s”. Enter a postcode such as 3511 or 3511 AB, or the name "
        "of a municipality."
    ) % {"place": text}
    if not geocoder.enabled():
        raise ValidationError(unknown)
    try:
        found = geocoder.geocode(text)
    except geocoder.GeocoderUnavailable:
        raise ValidationError(
            _("We cannot look up addresses right now. Enter a postcode such as 3511.")
        ) from None
    if found is None:
        raise ValidationError(unknown)
    return dataclasses.replace(locate_point(found.latitude, found.longitude), label=found.label)

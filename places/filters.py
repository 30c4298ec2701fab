"""Searching around a place: `bij` (a postcode, coordinates, a municipality or an address)
and `straal` (the radius in km), as filters any list of located items can use."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from . import geo
from .lookup import locate

# `straal` around `bij`, in km: the default, and the most a search may cover.
DEFAULT_RADIUS_KM = 5
MAX_RADIUS_KM = 100
# The distances every distance select offers (the lists, the home page and /zoeken/).
RADIUS_CHOICES = (1, 2, 5, 10, 25, 50)
# The limits of `straal` and what a visitor is told when outside them, wherever it is read.
RADIUS_LIMITS = {
    "min_value": 0.1,
    "max_value": MAX_RADIUS_KM,
    "error_messages": {
        "min_value": _("Choose a distance of at least 0.1 km."),
        "max_value": _("Choose a distance of at most %(limit_value)s km."),
        "invalid": _("Enter the distance as a number of kilometres, such as 5."),
    },
}


def radius_options(radius=None):
    """(value, label, selected) for a distance select. The default is the empty value, so a
    search at the default distance leaves `straal` out of its address; a distance typed into
    the address is offered too."""
    radius = DEFAULT_RADIUS_KM if radius is None else radius
    return [
        ("" if value == DEFAULT_RADIUS_KM else f"{value:g}", geo.format_km(value), value == radius)
        for value in sorted({*RADIUS_CHOICES, radius})
    ]


class PlaceSearchField(forms.CharField):
    """`bij`: where to search around, as an Origin (see lookup.locate)."""

    def clean(self, value):
        text = super().clean(value)
        return locate(text) if text else None


class RadiusField(forms.FloatField):
    """`straal` in km; a Dutch decimal comma is fine ("2,5")."""

    def to_python(self, value):
        return super().to_python(value.replace(",", ".") if isinstance(value, str) else value)


class PlaceSearchFilter(django_filters.Filter):
    field_class = PlaceSearchField


class RadiusFilter(django_filters.Filter):
    field_class = RadiusField

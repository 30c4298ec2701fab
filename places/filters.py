"""Searching around a place: `bij` (a postcode, coordinates, a municipality or an address)
and `straal` (the radius in km), as filters any list of located items can use."""

import django_filters
from django import forms

from .lookup import locate

# `straal` around `bij`, in km: the default, and the most a search may cover.
DEFAULT_RADIUS_KM = 5
MAX_RADIUS_KM = 100
RADIUS_CHOICES = (1, 2, 5, 10, 25, 50)


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

"""Where to search, on a page that is not a list: the "waar?" beside "wat?" of the home page
and /zoeken/. The same `bij` and `straal` as the lists, read by the same fields. And the
place a visitor searched around, carried along to the pages of the results (a page that
measures distances from it, not a search of its own)."""

import dataclasses
from functools import cached_property
from urllib.parse import urlencode

from django import forms

from .filters import RADIUS_LIMITS, PlaceSearchField, RadiusField, radius_options
from .geo import Origin
from .lookup import municipality_of


@dataclasses.dataclass
class SearchedPlace:
    """A place a visitor typed, understood: what each list needs to search there."""

    text: str  # as typed, spaces tidied: the lists' `bij`
    origin: Origin
    radius_km: float | None  # None: the lists' default

    @cached_property
    def municipality(self):
        """The CBS code of the municipality it lies in ("" when none is known): asked only
        by the lists of things that belong to a municipality rather than a point."""
        return municipality_of(self.origin)

    @property
    def radius(self):
        """The distance as the lists' `straal` takes it; "" for their default."""
        return "" if self.radius_km is None else f"{self.radius_km:g}"


class PlaceForm(forms.Form):
    bij = PlaceSearchField(required=False)
    straal = RadiusField(required=False, **RADIUS_LIMITS)

    @property
    def cleaned(self):
        """The values understood (none for an unbound form); the errors say what was not."""
        return self.cleaned_data if self.is_bound and self.errors is not None else {}

    @cached_property
    def place(self):
        """The SearchedPlace, or None when no place was given or it was not understood.
        A distance that was not understood leaves the lists' default distance; a distance
        without a place is left alone (the distance select always has a value)."""
        origin = self.cleaned.get("bij")
        if origin is None:
            return None
        text = " ".join(self.data["bij"].split())
        return SearchedPlace(text, origin, self.cleaned.get("straal"))

    @property
    def radius_options(self):
        return radius_options(self.cleaned.get("straal"))


def searched_place(data):
    """The Origin `bij` in `data` names, or None. A page that only measures from it ignores
    a place it cannot find: there is no search to correct, and no error to show."""
    place = PlaceForm(data).place
    return place.origin if place else None


def searched_place_query(data):
    """`?bij=…` for links to the results' pages, with the place as the visitor wrote it (the
    geocoder's cache knows that text); empty without one."""
    text = " ".join(data.get("bij", "").split())
    return f"?{urlencode({'bij': text})}" if text else ""

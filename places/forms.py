"""`bij` outside a list: the place a visitor searched around, carried along to the pages of
the results (a page that measures distances from it, not a search of its own)."""

from urllib.parse import urlencode

from django import forms

from .filters import PlaceSearchField


class SearchedPlaceForm(forms.Form):
    bij = PlaceSearchField(required=False)


def searched_place(data):
    """The Origin `bij` in `data` names, or None. A page that only measures from it ignores
    a place it cannot find: there is no search to correct, and no error to show."""
    form = SearchedPlaceForm(data)
    return form.cleaned_data["bij"] if form.is_valid() else None


def searched_place_query(data):
    """`?bij=…` for links to the results' pages, with the place as the visitor wrote it (the
    geocoder's cache knows that text); empty without one."""
    text = " ".join(data.get("bij", "").split())
    return f"?{urlencode({'bij': text})}" if text else ""

"""Atom feeds of a result list: follow a search, on the same FilterSet as the page.

A feed takes the list's query parameters, answers 400 to invalid ones (as the CSV export does)
and lists the newest published matches, whatever `sort` says: a feed reader wants what is new.
"""

import re
from dataclasses import dataclass

from django import forms
from django.contrib.syndication.views import Feed
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_filters import FilterSet

from .exports import invalid_filter_response

# Parameters that change how results are found or ordered, not which ones.
NOT_FILTERS = {"sort", "letterlijk", "straal"}

# Characters XML 1.0 cannot carry; a search typed with them must still give a feed.
XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    """Text without the control characters XML 1.0 forbids."""
    return XML_UNSAFE.sub("", text)


def filter_labels(filterset):
    """The chosen options of a valid FilterSet in words ("Bonding", "Utrecht"), in filter order.

    Only parameters the visitor sent count; the order and how to search are not filters.
    """
    labels = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if name in NOT_FILTERS or name not in filterset.data or not value:
            continue
        if name == "q":
            labels.append(f"“{value}”")
            continue
        if name == "bij":
            labels.append(filterset.place_label)  # with the distance, so `straal` is skipped
            continue
        values = value if isinstance(value, list | tuple | QuerySet) else [value]
        is_choice = isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.ModelChoiceField
        )
        names = dict(field.choices) if is_choice else {}
        labels += [
            str(each) if isinstance(each, Model) else str(names.get(each, each)) for each in values
        ]
    return labels


@dataclass
class Search:
    """What one feed request is about: the request and its validated FilterSet."""

    request: object
    filterset: FilterSet


class CatalogueFeed(Feed):
    """The newest published matches of a catalogue list; subclasses name the list."""

    feed_type = Atom1Feed
    filterset_class = None
    model = None
    list_url_name = ""
    author_name = "Wijkplatform"
    max_items = 50

    def kind(self):
        """The list's name as a person says it ("Initiatives")."""
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET, queryset=self.model.objects.published())
        if not filterset.is_valid():
            return invalid_filter_response(filterset)
        return super().__call__(request, search=Search(request, filterset))

    def get_object(self, request, search):
        return search

    def title(self, search):
        labels = filter_labels(search.filterset)
        title = f"{self.kind()} — {', '.join(labels)}" if labels else self.kind()
        return Truncator(xml_text(title)).chars(200)

    def subtitle(self, search):
        return _("The newest items on Wijkplatform that match this search.")

    def link(self, search):
        """The list page with the same query (without the page number)."""
        query = search.request.GET.copy()
        query.pop("page", None)
        url = reverse(self.list_url_name)
        return f"{url}?{query.urlencode()}" if query else url

    def feed_url(self, search):
        return search.request.get_full_path()

    def items(self, search):
        newest = search.filterset.qs.order_by("-published_at", "-pk")
        return newest[: self.max_items]

    def item_title(self, item):
        return xml_text(item.title)

    def item_description(self, item):
        # Atom carries the summary as HTML; the summary is plain text, so escape it.
        return escape(xml_text(item.summary))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

"""The public query parameters of the initiatives list: the shared ones, plus searching
around a place, district, status, vulnerable position and help wanted."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue import facets
from catalogue.filters import (
    NOT_AN_OPTION,
    PlaceFilterSet,
    TaxonomyFilterSet,
    publication_filter,
)
from places import geo
from places.filters import (
    DEFAULT_RADIUS_KM,
    RADIUS_LIMITS,
    PlaceSearchFilter,
    RadiusFilter,
    radius_options,
)
from places.models import District

from .models import VULNERABLE_EXAMPLES, Initiative


class InitiativeFilterForm(forms.Form):
    def clean(self):
        """A radius or an order by distance needs a place; say so rather than ignore it."""
        data = super().clean()
        if "bij" not in self.errors and not data.get("bij"):
            if data.get("straal") is not None:
                self.add_error(
                    "straal", _("A distance needs a place: enter your postcode as well.")
                )
            if data.get("sort") == "afstand":
                self.add_error(
                    "sort", _("To sort by distance, enter your postcode or place first.")
                )
        return data


class InitiativeFilterSet(PlaceFilterSet):
    bij = PlaceSearchFilter(
        label=_("Near"),
        method="skip_filter",
    )
    straal = RadiusFilter(label=_("Distance"), method="skip_filter", **RADIUS_LIMITS)
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=TaxonomyFilterSet.base_filters["sort"].extra["choices"]
        + [("afstand", _("Nearest first"))],
        method="skip_filter",
        empty_label=None,
        error_messages=NOT_AN_OPTION,
    )
    wijk = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=District.objects.all(),
        to_field_name="code",
        field_name="district",
        error_messages={"invalid_choice": _("There is no district with code “%(value)s”.")},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Initiative.Status.choices, error_messages=NOT_AN_OPTION
    )
    kwetsbaar = django_filters.ChoiceFilter(
        label=_("For residents in a vulnerable position"),
        choices=[("1", _("Also for residents in a vulnerable position"))],
        method="filter_vulnerable",
        error_messages=NOT_AN_OPTION,
    )
    hulp = django_filters.MultipleChoiceFilter(
        label=_("Help wanted"),
        choices=Initiative.Help.choices,
        method="filter_help",
        error_messages=NOT_AN_OPTION,
    )
    # A publication's page links here: the initiatives its published case studies describe.
    publicatie = publication_filter()

    class Meta:
        model = Initiative
        fields = []
        form = InitiativeFilterForm

    NOT_FILTERS = TaxonomyFilterSet.NOT_FILTERS + ("bij", "straal")
    RELATED_CHOICES = {**PlaceFilterSet.RELATED_CHOICES, "publicatie": "cases__publication"}
    CHOSEN_ONLY = ("publicatie",)

    @property
    def origin(self):
        """The place searched around, or None."""
        return self.cleaned.get("bij")

    @classmethod
    def place_parameters(cls, place):
        """Around the place, nearest first: a resident asks what is near."""
        return {"bij": place.text, "straal": place.radius, "sort": "afstand"}

    @property
    def place_label(self):
        """The search around a place in words: "Within 5 km of 3511"."""
        if not self.origin:
            return super().place_label
        return _("Within %(distance)s of %(place)s") % {
            "distance": geo.format_km(self.radius_km),
            "place": self.origin.label,
        }

    @property
    def radius_km(self):
        radius = self.cleaned.get("straal")
        return DEFAULT_RADIUS_KM if radius is None else radius

    @property
    def default_ordering(self):
        return "afstand" if self.origin and not self.searching else super().default_ordering

    def can_order_by(self, name):
        return bool(self.origin) if name == "afstand" else super().can_order_by(name)

    @property
    def radius_options(self):
        return radius_options(self.radius_km)

    def filter_queryset(self, queryset, skip=None):
        """Around a place: only initiatives with a fixed place within the radius, each with
        its `distance_km`."""
        if self.origin and skip != "bij":
            queryset = queryset.near(self.origin, self.radius_km)
        return super().filter_queryset(queryset, skip)

    def order(self, queryset):
        if self.ordering == "afstand":
            # Ties by what the covering point index holds, so the order needs only the index.
            return queryset.order_by(geo.nearest_first(self.origin), "-published_at", "pk")
        return super().order(queryset)

    def elsewhere(self):
        """Around a place, the matches that have no fixed place (nationwide or online): the
        page shows them apart, so a resident still finds them."""
        return self.without("bij").without_fixed_place().order_by(*self.ORDERINGS["nieuw"])

    def filter_vulnerable(self, queryset, name, value):
        return queryset.filter(vulnerable=True)

    def filter_help(self, queryset, name, values):
        return queryset.filter(help_wanted__overlap=values)

    def filter_publication(self, queryset, name, publication):
        return queryset.in_publication(publication)

    FACET_COLUMNS = PlaceFilterSet.FACET_COLUMNS + [
        "district",
        "status",
        "vulnerable",
        "help_wanted",
    ]

    def facet_builders(self, counts):
        builders = super().facet_builders(counts)
        if self.data.get("gemeente") or self.data.get("wijk"):
            district = facets.place_facet(self, counts, "wijk", "district", _("District"))
            builders.insert(-1, district)
        return builders + [
            facets.choice_facet(
                self,
                counts,
                "status",
                _("Status"),
                Initiative.Status.choices,
                "SELECT {b}.status, count(*) FROM {b} GROUP BY 1",
            ),
            facets.choice_facet(
                self,
                counts,
                "kwetsbaar",
                _("Vulnerable position"),
                self.filters["kwetsbaar"].extra["choices"],
                "SELECT '1', count(*) FROM {b} WHERE {b}.vulnerable",
                explanations={"1": VULNERABLE_EXAMPLES},
            ),
            facets.choice_facet(
                self,
                counts,
                "hulp",
                _("Help wanted"),
                Initiative.Help.choices,
                "SELECT h, count(*) FROM (SELECT unnest(help_wanted) FROM {b}) AS u(h) GROUP BY 1",
            ),
        ]

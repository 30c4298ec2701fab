"""The public query parameters of the case and publication lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives import facets
from initiatives.filters import NOT_AN_OPTION, PlaceFilterSet, TaxonomyFilterSet

from .models import Case, Publication


class CaseFilterSet(PlaceFilterSet):
    class Meta:
        model = Case
        fields = []


class PublicationFilterSet(TaxonomyFilterSet):
    ORDERINGS = {"nieuw": ("-publication_date", "title"), "titel": ("title",)}

    type = django_filters.MultipleChoiceFilter(
        label=_("Type"),
        choices=Publication.Type.choices,
        field_name="publication_type",
        error_messages=NOT_AN_OPTION,
    )

    class Meta:
        model = Publication
        fields = []

    def facets(self):
        return super().facets() + [
            facets.choice_facet(
                self, "type", _("Type"), Publication.Type.choices, lambda v: Q(publication_type=v)
            )
        ]

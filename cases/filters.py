"""The public query parameters of the case and publication lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from catalogue import facets
from catalogue.filters import (
    NOT_AN_OPTION,
    PlaceFilterSet,
    TaxonomyFilterSet,
    publication_filter,
)

from .models import Case, Publication


class CaseFilterSet(PlaceFilterSet):
    # A publication's page links here: its published case studies.
    publicatie = publication_filter()

    class Meta:
        model = Case
        fields = []

    RELATED_CHOICES = {**PlaceFilterSet.RELATED_CHOICES, "publicatie": "publication"}
    CHOSEN_ONLY = ("publicatie",)

    def filter_publication(self, queryset, name, publication):
        return queryset.in_publication(publication)


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

    FACET_COLUMNS = TaxonomyFilterSet.FACET_COLUMNS + ["publication_type"]

    def facet_builders(self, counts):
        return super().facet_builders(counts) + [
            facets.choice_facet(
                self,
                counts,
                "type",
                _("Type"),
                Publication.Type.choices,
                "SELECT {b}.publication_type, count(*) FROM {b} GROUP BY 1",
            )
        ]

"""The public query parameters of the catalogue lists, defined once.

The HTML pages and the JSON API run these FilterSets, so a URL that works on one works on all.
Invalid values become form errors: the page shows them and ignores just that parameter; the
API answers 400.
"""

from functools import cached_property

import django_filters
from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import facets
from . import search as search_
from .links import LINK_ARRAYS
from .search import SearchRequest

TOTAL = "SELECT '', count(*) FROM {b}"  # the number of results, as a facet count

# For fixed choices: name the value a visitor sent, in words a person understands.
NOT_AN_OPTION = {"invalid_choice": _("“%(value)s” is not one of the options.")}


class TextListField(forms.Field):
    """Several short texts under one parameter (`tag=a&tag=b`): free values, not choices."""

    widget = forms.MultipleHiddenInput
    max_length = 100

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(item).strip() for item in values if str(item).strip()]

    def validate(self, value):
        super().validate(value)
        for item in value:
            if len(item) > self.max_length or "\x00" in item:
                raise forms.ValidationError(_("This tag does not exist."), code="invalid")


class TextListFilter(django_filters.Filter):
    field_class = TextListField


def choosable(model):
    """What a filter may choose of `model`: of a publishable kind only what is published (its
    one gate), so an unpublished item's slug gets the answer an unknown one gets."""
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()


def publication_filter():
    """`publicatie`: the items of one publication (a publication's page links to them). Each
    kind sets its queryset (the published publications) and says in `filter_publication` how
    its items belong to one."""
    return django_filters.ModelChoiceFilter(
        label=_("Publication"),
        queryset=None,
        to_field_name="slug",
        method="filter_publication",
        error_messages={"invalid_choice": _("There is no publication “%(value)s”.")},
    )


class TaxonomyFilterSet(django_filters.FilterSet):
    """Filters shared by every catalogue list: themes, target groups, tags, order.

    Themes form one facet per category: values are OR-ed within a category and AND-ed across
    categories, like every other facet.
    """

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    letterlijk = django_filters.ChoiceFilter(
        label=_("Search exactly as typed"),
        choices=[("1", _("Yes"))],
        method="skip_filter",
        error_messages=NOT_AN_OPTION,
    )
    # The querysets of `thema`, `doelgroep` and `gemeente` are the listed model's own related
    # models (see __init__): this app names no content or taxonomy model.
    thema = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        queryset=None,
        to_field_name="slug",
        method="filter_themes",
        error_messages={"invalid_choice": _("There is no theme “%(value)s”.")},
    )
    doelgroep = django_filters.ModelMultipleChoiceFilter(
        label=_("Target group"),
        queryset=None,
        to_field_name="slug",
        method="filter_target_groups",
        error_messages={"invalid_choice": _("There is no target group “%(value)s”.")},
    )
    tag = TextListFilter(label=_("Tag"), method="filter_tags")
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[
            ("relevantie", _("Most relevant")),
            ("nieuw", _("Newest first")),
            ("titel", _("Title A–Z")),
        ],
        method="skip_filter",
        empty_label=None,
        error_messages=NOT_AN_OPTION,
    )

    ORDERINGS = {"nieuw": ("-published_at", "title"), "titel": ("title",)}
    # Filter parameter -> the listed model's relation (or path of relations, "cases__publication")
    # whose related model it chooses from.
    RELATED_CHOICES = {"thema": "themes", "doelgroep": "target_groups"}
    # Parameters with no facet of their own (`publicatie`): the list shows the chosen item as a
    # chip, and its form carries it along in a hidden field (facets.chosen_facet).
    CHOSEN_ONLY = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self.queryset.model
        for param, path in self.RELATED_CHOICES.items():
            related = model
            for relation in path.split("__"):
                related = related._meta.get_field(relation).related_model
            self.filters[param].queryset = choosable(related)

    def filter_themes(self, queryset, name, themes, skip_category=None):
        by_category = {}
        for theme in themes:
            by_category.setdefault(theme.category, []).append(theme)
        for category, chosen in by_category.items():
            if category != skip_category:
                queryset = queryset.linked_to("themes", chosen)
        return queryset

    def filter_target_groups(self, queryset, name, groups):
        return queryset.linked_to("target_groups", list(groups))

    def filter_tags(self, queryset, name, tags):
        return queryset.linked_to("tags", [slugify(tag) for tag in tags])

    def skip_filter(self, queryset, name, value):
        return queryset  # read elsewhere: the order in filter_queryset, letterlijk in search

    @classmethod
    def place_parameters(cls, place):
        """The parameters that narrow this list to a place a visitor typed (the site-wide
        search's "waar?", a places.forms.SearchedPlace), or None: its items have no place."""
        return None

    @property
    def place_label(self):
        """Where this list is narrowed to, in words, or None."""
        return None

    @cached_property
    def cleaned(self):
        self.errors  # noqa: B018 -- validates the form, so cleaned_data exists
        return getattr(self.form, "cleaned_data", {})

    @cached_property
    def search(self):
        """The visitor's search, understood once per request (stems, corrections, messages)."""
        return SearchRequest(self.cleaned.get("q"), correct=not self.cleaned.get("letterlijk"))

    @property
    def searching(self):
        return self.search.query is not None

    def filter_search(self, queryset, name, value):
        return queryset.search(self.search) if self.searching else queryset

    @property
    def default_ordering(self):
        return "relevantie" if self.searching else "nieuw"

    def can_order_by(self, name):
        return name in self.ORDERINGS or (name == "relevantie" and self.searching)

    @property
    def ordering(self):
        """The chosen order if it can be used; else by relevance whenever there is a search,
        newest first otherwise."""
        chosen = self.cleaned.get("sort")
        return chosen if chosen and self.can_order_by(chosen) else self.default_ordering

    @property
    def sort_options(self):
        """(value, label, selected) for the order select; the empty value is the default."""
        labels = dict(self.filters["sort"].extra["choices"])
        chosen = self.cleaned.get("sort")
        options = [("", labels[self.default_ordering], not chosen)]
        return options + [
            (value, label, chosen == value)
            for value, label in labels.items()
            if value != self.default_ordering and self.can_order_by(value)
        ]

    # Parameters that say how to find or order results, read outside the loop below.
    NOT_FILTERS = ("sort", "letterlijk")

    def filter_queryset(self, queryset, skip=None):
        """Apply every valid parameter except `skip` ("doelgroep", or "thema:<category>").
        The text search goes last: PostgreSQL tests a row's conditions of equal cost in the
        order written, and a theme or place rules a row out for less than matching its text
        (a theme and a common word: 24 instead of 28 ms at 100,000 initiatives)."""
        data = self.form.cleaned_data
        for name, value in sorted(data.items(), key=lambda item: item[0] == "q"):
            # `not value` also catches an empty queryset from a model multiple choice.
            if not value or name == skip or name in self.NOT_FILTERS:
                continue
            if name == "thema":
                category = skip.split(":", 1)[1] if skip and skip.startswith("thema:") else None
                queryset = self.filter_themes(queryset, name, value, skip_category=category)
            else:
                queryset = self.filters[name].filter(queryset, value)
        return self.order(self.bounded(queryset, skip))

    @cached_property
    def _newest(self):
        return {}  # skip -> the ids of the newest matches (search.newest)

    def bounded(self, queryset, skip=None):
        """A search in order of relevance reads the ids of its newest matches first, one
        beyond search.broad_limit(): then everything after (ranking, facet counts, the
        total) reads those rows by their ids, not every match of the search again. More than
        the limit, and the search is broad: the list covers the newest so many only, and
        says so. Read once per result set."""
        if not self.ranked:
            return queryset
        if skip not in self._newest:
            self._newest[skip] = search_.newest(queryset)
        return search_.among(queryset, self._newest[skip][: self.broad_limit])

    @property
    def ranked(self):
        """A search in order of relevance: its results are bounded (see `bounded`)."""
        return self.searching and self.ordering == "relevantie"

    @property
    def broad_limit(self):
        return search_.broad_limit()

    @property
    def broad(self):
        """Whether this list shows only the newest matches of a broad search."""
        self.qs  # noqa: B018 -- decides it
        return len(self._newest.get(None, [])) > self.broad_limit

    def order(self, queryset):
        if self.ordering == "relevantie":
            return queryset.order_by("-rank", *self.ORDERINGS["nieuw"])
        return queryset.order_by(*self.ORDERINGS[self.ordering])

    # Fields of the listed model that facets count by: the link arrays, and per kind more.
    FACET_COLUMNS = list(LINK_ARRAYS.values())

    def facet_builders(self, counts):
        """The facets every catalogue list shows; subclasses add their own."""
        return [
            *(facets.chosen_facet(self, param) for param in self.CHOSEN_ONLY),
            facets.theme_facets(self, counts),
            facets.taxonomy_facet(
                self, counts, "doelgroep", "target_groups", _("For whom"), term=_("Target group")
            ),
            facets.tag_facet(self, counts),
        ]

    def facets(self):
        """All facets with their counts (one query), and the number of results as `total`."""
        counts = facets.FacetCounts(self, self.FACET_COLUMNS)
        builders = self.facet_builders(counts)
        total = counts.count("total", None, TOTAL)
        result = [facet for build in builders for facet in build()]
        self.total = counts[total].get("", 0)
        return result

    def count(self):
        """The number of results alone: for a search in order of relevance, the ids it
        read first (bounded); otherwise cached as the facet counts are."""
        if self.ranked:
            self.qs  # noqa: B018 -- reads them
            return min(len(self._newest[None]), self.broad_limit)
        counts = facets.FacetCounts(self, [])
        return counts[counts.count("total", None, TOTAL)].get("", 0)

    def without(self, skip):
        """The result set as it would be without one facet: the base of that facet's counts."""
        self.errors  # noqa: B018 -- validates the form, so cleaned_data exists
        return self.filter_queryset(self.queryset.all(), skip=skip)


class PlaceFilterSet(TaxonomyFilterSet):
    """Adds the municipality to the taxonomy filters, for content tied to a place."""

    gemeente = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=None,
        to_field_name="code",
        field_name="municipality",
        error_messages={"invalid_choice": _("There is no municipality with code “%(value)s”.")},
    )

    FACET_COLUMNS = TaxonomyFilterSet.FACET_COLUMNS + ["municipality"]
    RELATED_CHOICES = {**TaxonomyFilterSet.RELATED_CHOICES, "gemeente": "municipality"}

    @classmethod
    def place_parameters(cls, place):
        """In the municipality the place lies in."""
        return {"gemeente": place.municipality} if place.municipality else None

    @property
    def place_label(self):
        municipality = self.cleaned.get("gemeente")
        if municipality is None:
            return None
        return _("In the municipality of %(municipality)s") % {"municipality": municipality.name}

    def facet_builders(self, counts):
        builders = super().facet_builders(counts)
        place = facets.place_facet(self, counts, "gemeente", "municipality", _("Municipality"))
        builders.insert(-1, place)
        return builders

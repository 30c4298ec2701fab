"""Facet counts beside each filter option, and the active-filter chips.

A facet's counts ignore its own selection (so a visitor sees what choosing another option
would give) but respect every other facet. Each facet is one aggregate query, so the number of
queries per page is fixed, whatever the page size.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    legend: str
    options: list[Option]
    multiple: bool = True  # checkboxes; False renders one select
    extra: dict = field(default_factory=dict)
    html_id: str = ""

    def __post_init__(self):
        self.html_id = self.html_id or f"filter-{self.param}"

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


def _selected(filterset, param):
    return set(filterset.data.getlist(param)) if hasattr(filterset.data, "getlist") else set()


def _base_pks(filterset, skip):
    return filterset.without(skip).order_by().values("pk")


def _related_name(filterset, relation):
    """How the taxonomy or place model reaches the listed model ("initiatives", "cases")."""
    return filterset.queryset.model._meta.get_field(relation).related_query_name()


def _counted(queryset, related, base):
    """Annotate each row with its number of results; the model's order is kept explicitly,
    since Django drops Meta.ordering from GROUP BY queries."""
    counted = queryset.annotate(count=Count(related, filter=Q(**{f"{related}__in": base})))
    return counted.order_by(*queryset.model._meta.ordering)


def theme_facets(filterset):
    """One facet per theme category, each ignoring only its own category's selection."""
    theme_model = filterset.queryset.model._meta.get_field("themes").related_model
    related = _related_name(filterset, "themes")
    chosen = _selected(filterset, "thema")
    facets = []
    for category, legend in theme_model.Category.choices:
        themes = _counted(
            theme_model.objects.filter(category=category, parent__isnull=True),
            related,
            _base_pks(filterset, f"thema:{category}"),
        )
        options = [Option(t.slug, t.name, t.count, t.slug in chosen) for t in themes]
        html_id = f"filter-thema-{category}" if facets else "filter-thema"  # errors link here
        facets.append(Facet("thema", legend, options, html_id=html_id))
    return facets


def taxonomy_facet(filterset, param, relation, legend):
    model = filterset.queryset.model._meta.get_field(relation).related_model
    related = _related_name(filterset, relation)
    chosen = _selected(filterset, param)
    items = _counted(model.objects.all(), related, _base_pks(filterset, param))
    return Facet(param, legend, [Option(i.slug, i.name, i.count, i.slug in chosen) for i in items])


def place_facet(filterset, param, relation, legend):
    """A select of the places that have results (plus the chosen one, even at zero)."""
    model = filterset.queryset.model._meta.get_field(relation).related_model
    related = _related_name(filterset, relation)
    chosen = _selected(filterset, param)
    places = _counted(model.objects.all(), related, _base_pks(filterset, param))
    places = places.filter(Q(count__gt=0) | Q(code__in=chosen)).order_by("name")
    options = [Option(p.code, p.name, p.count, p.code in chosen) for p in places]
    return Facet(param, legend, options, multiple=False)


def choice_facet(filterset, param, legend, choices, condition):
    """Counts for fixed choices in one query; `condition(value)` is the Q for one choice."""
    chosen = _selected(filterset, param)
    counts = _base_queryset(filterset, param).aggregate(
        **{f"c{i}": Count("pk", filter=condition(value)) for i, (value, _x) in enumerate(choices)}
    )
    options = [
        Option(value, label, counts[f"c{i}"], value in chosen)
        for i, (value, label) in enumerate(choices)
    ]
    return Facet(param, legend, options)


def _base_queryset(filterset, skip):
    return filterset.without(skip).order_by()


def tag_facet(filterset, limit=15):
    """The most used tags among the results, and any chosen tag."""
    through = filterset.queryset.model._meta.get_field("tags").remote_field.through
    items = f"{through._meta.app_label}_{through._meta.model_name}_items"
    chosen = {slugify(value) for value in _selected(filterset, "tag")}
    base = _base_pks(filterset, "tag")
    tags = (
        Tag.objects.filter(Q(**{f"{items}__content_object__in": base}) | Q(slug__in=chosen))
        .annotate(count=Count(items, filter=Q(**{f"{items}__content_object__in": base})))
        .order_by("-count", "name")[:limit]
    )
    options = [Option(t.slug, t.name, t.count, t.slug in chosen) for t in tags]
    return Facet("tag", _("Tags"), options, extra={"slugified": True})


def active_filters(request, facets):
    """Chips for every chosen option, each with a link that removes just that option."""
    chips = []
    for facet in facets:
        for option in facet.selected:
            query = request.GET.copy()
            normalise = slugify if facet.extra.get("slugified") else str
            kept = [v for v in query.getlist(facet.param) if normalise(v) != option.value]
            query.setlist(facet.param, kept)
            query.pop("page", None)
            chips.append(
                {"legend": facet.legend, "label": option.label, "url": f"?{query.urlencode()}"}
            )
    return chips

"""Facet counts beside each filter option, and the active-filter chips.

A facet's counts ignore its own selection (so a visitor sees what choosing another option
would give) but respect every other facet. All counts of a page come from one SQL statement:
each distinct result set ("everything filtered", "everything but the themes of category X")
is a CTE, computed once (materialised) when several counts read it, and every facet counts from
its own. So the number of queries per page is fixed, and the search or filters run once per
distinct set, not per facet.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .links import LINK_ARRAYS
from .models import CatalogueVersion


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    explanation: str = ""  # what the option means, in plain words
    url: str = ""  # a page that says more about it
    also: str = ""  # other names people know it by ("Den Haag"), for typing it in a combobox


@dataclass
class Facet:
    param: str
    legend: str
    options: list[Option]
    term: str = ""  # the word publications use for what `legend` says in plain words
    multiple: bool = True  # checkboxes; False renders one select
    hidden: bool = False  # no options to choose from: the chosen one goes in a hidden field
    content: bool = False  # the labels are editors' words (in Dutch), not the interface's
    extra: dict = field(default_factory=dict)
    html_id: str = ""

    def __post_init__(self):
        self.html_id = self.html_id or f"filter-{self.param}"

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


class FacetCounts:
    """Collects the counts a page needs, then answers them all in one query.

    `count(skip, select)` registers a SELECT over the result set without `skip` (None: the
    full result set), written against the alias `b` with the columns `id` and `columns`.
    """

    def __init__(self, filterset, columns):
        self.filterset = filterset
        self.columns = columns  # the listed model's columns the facets group by
        self.bases = {}  # skip -> alias
        self.selects = []  # (key, alias, sql)
        self.results = None

    def count(self, key, skip, select):
        if any(known == key for known, _alias, _select in self.selects):
            return key  # the same counts over the same set: asked once
        alias = self.bases.setdefault(skip, f"b{len(self.bases)}")
        self.selects.append((key, alias, select))
        return key

    def __getitem__(self, key):
        if self.results is None:
            self.results = self._cached()
        return self.results[key]

    def _cached(self):
        """Counts are costly on a large catalogue and the same for everyone: each is cached
        under its own result set and SELECT and the catalogue version (which every change
        bumps). So pages share what they have in common, such as the theme counts over the
        whole catalogue that every page filtered by one theme shows; the rest is one query."""
        bases = {alias: self._base(skip) for skip, alias in self.bases.items()}
        version = CatalogueVersion.current()
        cache_keys = {
            key: f"facets:{version}:{_digest(bases[alias], select)}"
            for key, alias, select in self.selects
        }
        found = cache.get_many(cache_keys.values())
        missing = [entry for entry in self.selects if cache_keys[entry[0]] not in found]
        results = defaultdict(dict)
        if missing:
            sql, params = self._statement(bases, missing)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                for key, value, n in cursor.fetchall():
                    results[key][value] = n
            fresh = {cache_keys[key]: results[key] for key, _alias, _select in missing}
            cache.set_many(fresh, timeout=settings.FACET_CACHE_SECONDS)
        for key, _alias, _select in self.selects:
            results[key] = found.get(cache_keys[key], results[key])
        return results

    def _base(self, skip):
        """The SQL and parameters of one result set, with the columns the counts read."""
        base = self.filterset.without(skip).order_by().values_list("pk", *self.columns)
        return base.query.sql_with_params()

    def _statement(self, bases, selects):
        """One statement for `selects`, each result set they read computed once."""
        model = self.filterset.queryset.model
        names = ", ".join(["id", *(model._meta.get_field(c).column for c in self.columns)])
        ctes, params = [], []
        uses = Counter(alias for _key, alias, _select in selects)
        for alias in sorted(uses):
            sql, base_params = bases[alias]
            # A set read by several counts is computed once; one read by a single count is
            # left to the planner, which then counts straight from the index scan (storing
            # the whole catalogue first took half as long again).
            materialized = "MATERIALIZED" if uses[alias] > 1 else "NOT MATERIALIZED"
            ctes.append(f"{alias} ({names}) AS {materialized} ({sql})")
            params.extend(base_params)
        union = " UNION ALL ".join(
            f"SELECT %s AS key, value::text, n FROM ({select.format(b=alias)}) AS s(value, n)"
            for _key, alias, select in selects
        )
        params.extend(key for key, _alias, _select in selects)
        return f"WITH {', '.join(ctes)} {union}", params


def _digest(*parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _chosen(filterset, param):
    return set(filterset.data.getlist(param)) if hasattr(filterset.data, "getlist") else set()


def _skip(filterset, param):
    """A facet counts over the results without its own selection, if it has one."""
    return param if filterset.cleaned.get(param) else None


def _link_counts(counts, filterset, relation, key, skip):
    """Counts per linked id, from the items' own link arrays: no join with the link table."""
    column = LINK_ARRAYS[relation]
    # unnest() in the select list: cheaper than in FROM on a large result set.
    select = (
        f"SELECT linked, count(*) FROM (SELECT unnest({column}) FROM {{b}}) AS u(linked) GROUP BY 1"
    )
    return counts.count(key, skip, select)


def _explained(item, count, chosen):
    """An option for a theme or target group, with its explanation and its page (if any)."""
    page = getattr(item, "get_absolute_url", None)
    return Option(
        item.slug,
        item.name,
        count,
        item.slug in chosen,
        explanation=item.explanation,
        url=page() if page else "",
    )


def theme_facets(filterset, counts):
    """One facet per theme category, each ignoring only its own category's selection; the
    category named in plain words, with the publications' term beside it."""
    theme_model = filterset.queryset.model._meta.get_field("themes").related_model
    themes = list(theme_model.objects.filter(parent__isnull=True))
    chosen = _chosen(filterset, "thema")
    chosen_categories = {t.category for t in filterset.cleaned.get("thema") or []}
    keys = {}
    for category, _label in theme_model.Category.choices:
        skip = f"thema:{category}" if category in chosen_categories else None
        keys[category] = _link_counts(counts, filterset, "themes", f"thema:{skip}", skip)

    def build():
        facets = []
        for category in theme_model.Category:
            numbers = counts[keys[category]]
            options = [
                _explained(t, numbers.get(str(t.pk), 0), chosen)
                for t in themes
                if t.category == category
            ]
            html_id = f"filter-thema-{category}" if facets else "filter-thema"  # errors link here
            facets.append(
                Facet(
                    "thema",
                    category.plain_label,
                    options,
                    term=category.label,
                    html_id=html_id,
                    content=True,
                )
            )
        return facets

    return build


def taxonomy_facet(filterset, counts, param, relation, legend, term=""):
    model = filterset.queryset.model._meta.get_field(relation).related_model
    key = _link_counts(counts, filterset, relation, param, _skip(filterset, param))
    chosen = _chosen(filterset, param)

    def build():
        numbers = counts[key]
        options = [
            _explained(item, numbers.get(str(item.pk), 0), chosen) for item in model.objects.all()
        ]
        return [Facet(param, legend, options, term=term, content=True)]

    return build


def place_facet(filterset, counts, param, relation, legend):
    """A select of the places that have results (plus the chosen one, even at zero)."""
    field_ = filterset.queryset.model._meta.get_field(relation)
    column = field_.column
    key = counts.count(
        param,
        _skip(filterset, param),
        f"SELECT {{b}}.{column}, count(*) FROM {{b}} WHERE {{b}}.{column} IS NOT NULL GROUP BY 1",
    )
    chosen = _chosen(filterset, param)

    def build():
        numbers = counts[key]
        places = field_.related_model.objects.filter(pk__in=[int(pk) for pk in numbers])
        places = places | field_.related_model.objects.filter(code__in=chosen)
        also = getattr(field_.related_model, "everyday_names", {})
        options = [
            Option(
                code,
                name,
                numbers.get(str(pk), 0),
                code in chosen,
                also=", ".join(also.get(code, [])),
            )
            for pk, code, name in places.order_by("name").values_list("pk", "code", "name")
        ]
        return [Facet(param, legend, options, multiple=False)]

    return build


def choice_facet(filterset, counts, param, legend, choices, select, explanations=None):
    """Fixed choices; `select` is a SELECT (value, count) over {b} for this facet;
    `explanations` says what some of them mean, by value."""
    key = counts.count(param, _skip(filterset, param), select)
    chosen = _chosen(filterset, param)
    explanations = explanations or {}

    def build():
        numbers = counts[key]
        options = [
            Option(
                value,
                label,
                numbers.get(value, 0),
                value in chosen,
                explanation=explanations.get(value, ""),
            )
            for value, label in choices
        ]
        return [Facet(param, legend, options)]

    return build


def tag_facet(filterset, counts, limit=15):
    """The most used tags among the results, and any chosen tag."""
    key = _link_counts(counts, filterset, "tags", "tag", _skip(filterset, "tag"))
    chosen = {slugify(value) for value in _chosen(filterset, "tag")}

    def build():
        numbers = counts[key]
        top = sorted(numbers, key=lambda pk: -numbers[pk])[:limit]
        tags = Tag.objects.filter(pk__in=[int(pk) for pk in top]) | Tag.objects.filter(
            slug__in=chosen
        )
        options = [
            Option(t.slug, t.name, numbers.get(str(t.pk), 0), t.slug in chosen)
            for t in sorted(tags, key=lambda t: (-numbers.get(str(t.pk), 0), t.name))
        ]
        return [Facet("tag", _("Tags"), options, extra={"slugified": True}, content=True)]

    return build


def chosen_facet(filterset, param):
    """A filter without options to show (`publicatie=<slug>`, one of thousands): just the
    chosen item, so the list shows it as a chip and the form keeps it in a hidden field. No
    counts, no query: the item was read when the filter was validated."""
    chosen = filterset.cleaned.get(param)

    def build():
        options = [Option(chosen.slug, str(chosen), 0, True)] if chosen else []
        label = filterset.filters[param].label
        return [Facet(param, label, options, hidden=True, content=True)]

    return build


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
                {
                    "legend": facet.legend,
                    "label": option.label,
                    "content": facet.content,
                    "url": f"?{query.urlencode()}",
                }
            )
    return chips

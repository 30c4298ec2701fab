"""The national picture (/inzicht/): per municipality and per province, how many initiatives
are published and which kind of connection they build most (bonding, bridging, linking: the
themes of category "verbinding").

Everything comes from one aggregate over the published initiatives, grouped by municipality
and read from their own theme arrays (`theme_ids`) through a partial index that holds only
what it needs, plus the connection themes and the places: four small queries, cached under
the catalogue version (and the language, for the addresses), so they run again only after
the catalogue changed. The pages, each sort order of the table and the map's GeoJSON all read
that one result; a province's figures and the country's are its sums.
"""

import math
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.models import CatalogueVersion
from places.models import Municipality, Province
from themes.models import Theme

from .models import Initiative

# The most-made connection of a place when two or more kinds are made equally often, and when
# its initiatives name no kind of connection at all.
TIE = "gelijk"
NO_KIND = "geen"

# A version's figures never change, so they may stay long; a change makes a new key.
CACHE_SECONDS = 24 * 3600

# Map symbols: their area in proportion to the number of initiatives, the largest of a map
# this radius (px); one initiative still gets the smallest, and a letter needs the room.
SYMBOL_MAX_RADIUS = 22
SYMBOL_MIN_RADIUS = 4
SYMBOL_LETTER_RADIUS = 10
# The colours of kinds the stylesheet has (static/css/overview.css: .symbol--kind-1 to -5).
KIND_COLOURS = 5


@dataclass(frozen=True)
class Kind:
    """A kind of connection: a top-level theme of category "verbinding" and its sub-themes."""

    slug: str
    name: str
    explanation: str
    theme_ids: tuple[int, ...]
    letter: str  # in the symbols and the legend, so colour never says it alone
    css: str  # the class of its colour: kind-1, kind-2, …


@dataclass(frozen=True)
class Lead:
    """What a place makes most: one kind, a tie between several, or no kind at all."""

    key: str  # the kind's slug, TIE or NO_KIND
    names: tuple[str, ...]  # the leading kinds' names (several for a tie)
    letter: str
    css: str
    order: int  # sorts the kinds in their order, then ties, then none


def leading(by_kind, kinds):
    """The Lead of these counts per kind (of a place that has initiatives)."""
    most = max(by_kind, default=0)
    if not most:
        return Lead(NO_KIND, (), "–", "none", len(kinds) + 1)
    first = [kind for kind, n in zip(kinds, by_kind, strict=True) if n == most]
    if len(first) > 1:
        return Lead(TIE, tuple(kind.name for kind in first), "=", "tie", len(kinds))
    kind = first[0]
    return Lead(kind.slug, (kind.name,), kind.letter, kind.css, kinds.index(kind))


@dataclass
class Figures:
    """Published initiatives of one place or group of places: how many, how many are active or
    also for residents in a vulnerable position, and how many make each kind of connection
    (an initiative may make several, so those need not add up to the count)."""

    count: int = 0
    active: int = 0
    vulnerable: int = 0
    by_kind: list[int] = field(default_factory=list)
    lead: Lead | None = None

    def add(self, other):
        self.count += other.count
        self.active += other.active
        self.vulnerable += other.vulnerable
        self.by_kind = [a + b for a, b in zip(self.by_kind, other.by_kind, strict=True)]

    def settle(self, kinds):
        self.lead = leading(self.by_kind, kinds) if self.count else None
        return self

    @property
    def active_share(self):
        return percentage(self.active, self.count)

    @property
    def vulnerable_share(self):
        return percentage(self.vulnerable, self.count)

    def kinds(self, kinds):
        """(kind, count) pairs."""
        return list(zip(kinds, self.by_kind, strict=True))

    def per_kind(self, kinds):
        """(kind, count, share of the count in %) for each kind."""
        return [(kind, n, percentage(n, self.count)) for kind, n in self.kinds(kinds)]


def percentage(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass
class MunicipalityRow:
    code: str
    name: str
    url: str
    province_name: str
    province_slug: str
    latitude: float | None
    longitude: float | None
    figures: Figures

    def __post_init__(self):
        # Sorting keys, made once per catalogue version rather than per request.
        self.name_key = name_key(self.name)
        self.province_key = name_key(self.province_name)


@dataclass
class ProvinceRow:
    code: str
    name: str
    slug: str
    url: str
    municipalities: int  # how many it has
    with_initiatives: int  # how many of those have a published initiative
    figures: Figures


@dataclass
class Overview:
    kinds: list[Kind]
    municipalities: list[MunicipalityRow]  # every municipality, by name
    provinces: list[ProvinceRow]  # by name
    in_provinces: Figures  # the sum of the provinces
    without_municipality: Figures  # published, but in no municipality (mostly online, nationwide)

    @property
    def national(self):
        total = Figures(by_kind=[0] * len(self.kinds))
        total.add(self.in_provinces)
        total.add(self.without_municipality)
        return total.settle(self.kinds)

    @property
    def with_initiatives(self):
        return sum(province.with_initiatives for province in self.provinces)

    def province(self, slug):
        return next((province for province in self.provinces if province.slug == slug), None)

    def municipalities_in(self, province):
        return [row for row in self.municipalities if row.province_slug == province.slug]


def current_overview():
    """The Overview of the catalogue as it is now, from the cache when it can."""
    key = f"overview:{CatalogueVersion.current()}:{get_language()}"
    overview = cache.get(key)
    if overview is None:
        overview = build_overview()
        cache.set(key, overview, CACHE_SECONDS)
    return overview


def build_overview():
    kinds = connection_kinds()
    counts = counts_by_municipality(kinds)
    empty = [0] * len(kinds)

    def figures_of(municipality_id):
        return counts.get(municipality_id) or Figures(by_kind=list(empty))

    # The detail addresses, built once: reversing one per row would cost more than the rest.
    municipality_url = reverse("places:municipality", args=["slug"]).removesuffix("slug/")
    province_url = reverse("insight:province", args=["slug"]).removesuffix("slug/")
    provinces = {
        province.pk: ProvinceRow(
            province.code,
            province.name,
            province.slug,
            f"{province_url}{province.slug}/",
            0,
            0,
            Figures(by_kind=list(empty)),
        )
        for province in Province.objects.all()
    }
    municipalities = []
    for pk, code, name, slug, latitude, longitude, province_id in Municipality.objects.values_list(
        "pk", "code", "name", "slug", "latitude", "longitude", "province"
    ):
        province = provinces[province_id]
        figures = figures_of(pk).settle(kinds)
        municipalities.append(
            MunicipalityRow(
                code,
                name,
                f"{municipality_url}{slug}/",
                province.name,
                province.slug,
                latitude,
                longitude,
                figures,
            )
        )
        province.municipalities += 1
        province.with_initiatives += bool(figures.count)
        province.figures.add(figures)
    in_provinces = Figures(by_kind=list(empty))
    for province in provinces.values():
        province.figures.settle(kinds)
        in_provinces.add(province.figures)
    return Overview(
        kinds=kinds,
        municipalities=sorted(municipalities, key=lambda row: row.name_key),
        provinces=sorted(provinces.values(), key=lambda row: name_key(row.name)),
        in_provinces=in_provinces.settle(kinds),
        without_municipality=figures_of(None).settle(kinds),
    )


def connection_kinds():
    """The kinds of connection in the editors' order, each with its sub-themes' ids."""
    themes = list(
        Theme.objects.filter(category=Theme.Category.CONNECTION)
        .order_by("position", "name")
        .values("pk", "parent", "slug", "name", "explanation")
    )
    roots = [theme for theme in themes if theme["parent"] is None]
    letters = initials([theme["name"] for theme in roots])
    return [
        Kind(
            slug=root["slug"],
            name=root["name"],
            explanation=root["explanation"],
            theme_ids=tuple(t["pk"] for t in themes if root["pk"] in (t["pk"], t["parent"])),
            letter=letter,
            css=f"kind-{position % KIND_COLOURS + 1}",  # more kinds than colours: letters differ
        )
        for position, (root, letter) in enumerate(zip(roots, letters, strict=True))
    ]


def initials(names):
    """Each name's shortest beginning that no other name shares: Bonding, Bridging, Linking
    give Bo, Br, L."""
    letters = []
    for name in names:
        others = [other.casefold() for other in names if other is not name]
        length = next(
            (
                n
                for n in range(1, len(name))
                if not any(o.startswith(name[:n].casefold()) for o in others)
            ),
            len(name),
        )
        letters.append(name[:length])
    return letters


def counts_by_municipality(kinds):
    """{municipality id (None: none): Figures} of the published initiatives, in one query."""
    return {
        row["municipality"]: Figures(
            row["n"],
            row["n_active"],
            row["n_vulnerable"],
            [row[f"kind_{n}"] for n in range(len(kinds))],
        )
        for row in counts_query(kinds)
    }


def counts_query(kinds):
    """The published initiatives counted per municipality: in all, active, also for residents
    in a vulnerable position, and per kind of connection (`kind_0`, …).

    Only columns of the partial index `initiative_overview` are read, so PostgreSQL reads
    that instead of the table: the rows are counted by `status`, which is never empty."""
    per_kind = {
        f"kind_{n}": Count("status", filter=Q(theme_ids__overlap=list(kind.theme_ids)))
        for n, kind in enumerate(kinds)
    }
    return (
        Initiative.objects.published()
        .order_by()
        .values("municipality")
        .annotate(
            n=Count("status"),
            n_active=Count("status", filter=Q(status=Initiative.Status.ACTIVE)),
            n_vulnerable=Count("status", filter=Q(vulnerable=True)),
            **per_kind,
        )
    )


def name_key(name):
    """Names in the order a reader expects: without accents or case, "'s-Gravenhage" under S."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return plain.lstrip("'’ -")


# Sorting the table of municipalities (?sorteer=…)


@dataclass
class Column:
    """A column of the table of municipalities, sortable by the link in its header."""

    key: str  # its value of ?sorteer= (with "-" in front: the other way round)
    label: str
    numeric: bool = True
    content: bool = False  # the label is the editors' (a theme's name), not the interface's
    kind: Kind | None = None
    index: int = -1  # a kind's column: where its counts are in Figures.by_kind
    sort: str = ""  # "ascending" or "descending" when the table is sorted by it
    link: str = ""  # what its header link asks for

    def sort_key(self, row):
        if self.key == NAME:
            return row.name_key
        if self.key == PROVINCE:
            return row.province_key
        if self.key == LEAD:
            lead = row.figures.lead
            return (lead.order if lead else math.inf, -row.figures.count)
        if self.kind is not None:
            return row.figures.by_kind[self.index]
        return row.figures.count


NAME, PROVINCE, COUNT, LEAD = "naam", "provincie", "aantal", "meest"
DEFAULT_SORT = f"-{COUNT}"


class MunicipalityTable:
    """The rows in the order `requested` (a value of ?sorteer=, trusted to nothing: anything
    unknown gives the default, most initiatives first), with the columns' header links."""

    def __init__(self, rows, kinds, requested, *, with_province=True):
        columns = [Column(NAME, _("Municipality"), numeric=False)]
        if with_province:
            columns.append(Column(PROVINCE, _("Province"), numeric=False))
        columns.append(Column(COUNT, _("Initiatives")))
        for index, kind in enumerate(kinds):
            if kind.slug not in {column.key for column in columns} | {LEAD}:
                columns.append(Column(kind.slug, kind.name, content=True, kind=kind, index=index))
        columns.append(Column(LEAD, _("Most made connection"), numeric=False))
        by_key = {column.key: column for column in columns}
        requested = requested or ""
        key, descending = requested.removeprefix("-"), requested.startswith("-")
        if key not in by_key:
            key, descending = DEFAULT_SORT.removeprefix("-"), True
        self.sorted_by = by_key[key]
        self.descending = descending
        for column in columns:
            # First the most (numbers) or A to Z (words); the sorted column the other way round.
            if column is self.sorted_by:
                column.sort = "descending" if descending else "ascending"
                flip = not descending
            else:
                flip = column.numeric
            column.link = f"-{column.key}" if flip else column.key
        self.columns = columns
        self.kinds = kinds
        by_name = sorted(rows, key=lambda row: row.name_key)
        self.rows = sorted(by_name, key=self.sorted_by.sort_key, reverse=descending)

    @property
    def order_text(self):
        """The order of the rows in words, for the table's caption."""
        column, descending = self.sorted_by, self.descending
        label = column.label if column.content else str(column.label).lower()  # mid-sentence
        if column.numeric:
            text = (
                _("Sorted by %(column)s, from high to low.")
                if descending
                else _("Sorted by %(column)s, from low to high.")
            )
            return text % {"column": label}
        if column.key != LEAD:
            text = (
                _("Sorted by %(column)s, from Z to A.")
                if descending
                else _("Sorted by %(column)s, from A to Z.")
            )
            return text % {"column": label}
        order = [kind.name for kind in self.kinds] + [_("equally often"), _("no kind named")]
        return _("Sorted by %(column)s, in this order: %(order)s.") % {
            "column": label,
            "order": ", ".join(str(name) for name in (order[::-1] if descending else order)),
        }


# The map


def symbol_radius(count, largest):
    """A symbol's radius in px: its area in proportion to `count`, the largest `largest`."""
    if not count or not largest:
        return 0
    return max(SYMBOL_MIN_RADIUS, round(SYMBOL_MAX_RADIUS * math.sqrt(count / largest), 1))


def round_number(n):
    """`n` to one significant digit (437 → 400), for the legend's example sizes."""
    if n < 10:
        return round(n)
    magnitude = 10 ** int(math.log10(n))
    return round(n / magnitude) * magnitude


def size_legend(largest):
    """The example symbols of the legend, the largest and two smaller ones, each with what its
    SVG needs: `count`, `radius`, `size` (of its square box) and `centre`."""
    counts = []
    for fraction in (1, 1 / 4, 1 / 16):
        n = largest if fraction == 1 else round_number(largest * fraction)
        if n >= 1 and n not in counts:
            counts.append(n)
    legend = []
    for n in counts:
        radius = symbol_radius(n, largest)
        size = math.ceil(2 * radius) + 2  # room for the outline
        legend.append({"count": n, "radius": radius, "size": size, "centre": size / 2})
    return legend


def largest_count(rows):
    return max((row.figures.count for row in rows), default=0)


def municipality_collection(rows, kinds):
    """The GeoJSON FeatureCollection (a dict) of the municipalities of `rows` that have a point,
    with the figures the table shows and the symbol the map draws for each."""
    largest = largest_count(rows)
    features = []
    for row in rows:
        if row.latitude is None or row.longitude is None:
            continue
        figures, lead = row.figures, row.figures.lead
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row.longitude, 5), round(row.latitude, 5)],
                },
                "properties": {
                    "code": row.code,
                    "name": row.name,
                    "url": row.url,
                    "province": row.province_name,
                    "count": figures.count,
                    "counts": {kind.slug: n for kind, n in figures.kinds(kinds)},
                    "dominant": lead.key if lead else None,
                    "leading": list(lead.names) if lead else [],
                    "letter": lead.letter if lead else "",
                    "symbol": lead.css if lead else "",
                    "radius": symbol_radius(figures.count, largest),
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "kinds": [
            {"slug": kind.slug, "name": kind.name, "letter": kind.letter, "symbol": kind.css}
            for kind in kinds
        ],
        "letterRadius": SYMBOL_LETTER_RADIUS,
        "features": features,
    }

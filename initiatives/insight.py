"""The wijkbeeld: the picture of a place in figures, for any scope (the whole country, a
province, a municipality, a district), and its white spots.

What is counted: the published initiatives of the place (`.published()`, the one gate, so a
draft never counts): by kind of connection (themes of category "verbinding"), by vraagstuk
(category "vraagstuk"), by target group and by help wanted, each beside the same figure for
the whole country; active and finished; also for residents in a vulnerable position; started
per year. An initiative may have several themes or groups: a share is the part of the place's
initiatives that has it, so the shares of a chart need not add up to 100 %.

White spots: the target groups and vraagstukken for which the place has no initiative while
at least half (and at least two) of its comparable places have one. Comparable are:
- for a municipality, the SIMILAR_PLACES municipalities whose number of initiatives is
  closest to its own (as a ratio: 40 is as close to 20 as 10 is), the nearest first on a tie.
  How many groups and themes a place covers depends mostly on how many initiatives it has, so
  a place is held against places as active as itself, wherever they are;
- for a district, the other districts of its municipality;
- for a province, the other provinces; the whole country has none.
Only places with at least one initiative are compared.

How it is counted, and why so: one pass over the catalogue counts per municipality
(`national_counts`); a municipality reads its own row, a province and the country add rows
up, so the national figures and every municipality's come from one computation per
catalogue version. A district's figures come from the same counts per district of its
municipality, made once per version on the first visit to one of them. Each pass is one
aggregate statement over the rows' own columns and link arrays (`theme_ids`,
`target_group_ids`; see catalogue.models.Publishable): a `count(*) FILTER (WHERE id =
ANY(theme_ids))` per theme, group, kind of help and year shown, in one scan, took 200–300 ms
on 100,000 initiatives on two busy cores, where unnest() and GROUP BY took 500.
Everything is cached under the catalogue version (catalogue.models.CatalogueVersion), which
every change to the catalogue steps: figures change only when the catalogue does.
"""

import math
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalogue.models import CatalogueVersion
from places import geo
from places.models import District, Municipality, Province
from themes.models import TargetGroup, Theme

from .models import Initiative

# How many municipalities a municipality is compared with.
SIMILAR_PLACES = 10
# A group or vraagstuk is a white spot when at least this share of the comparable places,
# and at least MIN_HAVING of them, have an initiative for it.
WHITE_SPOT_SHARE = 0.5
MIN_HAVING = 2
# Places named beside a white spot, where it does exist.
EXAMPLES = 5
# The trend of started initiatives covers this many years, up to the current one.
YEARS_SHOWN = 15
# Keys carry the catalogue version, so a change shows at once; this only frees memory.
CACHE_SECONDS = 6 * 3600

VULNERABLE_LABEL = _("Also for residents in a vulnerable position")

# The theme categories the wijkbeeld shows, each as its own chart.
CONNECTION = Theme.Category.CONNECTION
ISSUE = Theme.Category.ISSUE


# What is cached -------------------------------------------------------------------------------


class Area(NamedTuple):
    """A place as the cached counts know it."""

    id: int
    code: str
    name: str
    slug: str
    parent: int | None  # a municipality's province, a district's municipality
    latitude: float | None
    longitude: float | None


@dataclass
class Tally:
    """The counts of one place's published initiatives."""

    total: int = 0
    finished: int = 0
    vulnerable: int = 0
    themes: Counter = field(default_factory=Counter)  # theme id -> initiatives
    groups: Counter = field(default_factory=Counter)  # target group id -> initiatives
    help: Counter = field(default_factory=Counter)  # Initiative.Help value -> initiatives
    # start year (of years_shown(); EARLIER: before them; UNKNOWN: none given) -> initiatives
    years: Counter = field(default_factory=Counter)

    def __add__(self, other):
        return Tally(
            self.total + other.total,
            self.finished + other.finished,
            self.vulnerable + other.vulnerable,
            self.themes + other.themes,
            self.groups + other.groups,
            self.help + other.help,
            self.years + other.years,
        )


def add_up(tallies):
    return sum(tallies, Tally())


@dataclass
class TaxonomyItem:
    id: int
    slug: str
    name: str
    explanation: str
    category: str = ""  # themes only


@dataclass
class NationalCounts:
    """Every municipality's tally (None: initiatives without one, nationwide or online), with
    the places and the taxonomy they are shown with."""

    themes: list  # TaxonomyItem, the top-level themes of CONNECTION and ISSUE, in their order
    groups: list  # TaxonomyItem, every target group
    provinces: dict  # id -> Area (those with municipalities)
    municipalities: dict  # id -> Area
    tallies: dict  # municipality id or None -> Tally
    country: Tally = None  # the sum of all tallies
    province_tallies: dict = None  # province id -> the sum of its municipalities' tallies

    def __post_init__(self):
        """Add up once, when counted: a page must not add 342 tallies."""
        self.country = add_up(self.tallies.values())
        self.province_tallies = {
            province: add_up(
                self.tallies[m.id]
                for m in self.municipalities.values()
                if m.parent == province and m.id in self.tallies
            )
            for province in self.provinces
        }

    def province(self, province_id):
        return self.province_tallies.get(province_id, Tally())


@dataclass
class DistrictCounts:
    """The tallies of the districts of one municipality."""

    districts: dict  # id -> Area
    tallies: dict  # district id -> Tally


def years_shown():
    """The years of the trend: the last YEARS_SHOWN, up to the current one."""
    this_year = timezone.localdate().year
    return range(this_year - YEARS_SHOWN + 1, this_year + 1)


# Tally.years: the initiatives that started before the years shown, and with no start year.
EARLIER, UNKNOWN = "earlier", None


def count_by(rows, by, themes, groups):
    """{value of the column `by`: Tally} of the initiatives in `rows`, in one statement over
    the rows' own columns and link arrays, however many rows, themes and groups: a count
    with a FILTER for each theme, group, kind of help and year shown (see the module
    docstring; a second statement grouping by year took another 100 ms at 100,000)."""
    columns = ["place", "status", "vulnerable", "theme_ids", "target_group_ids", "help_wanted"]
    columns.append("start_year")
    base, base_params = rows.order_by().values_list(by, *columns[1:]).query.sql_with_params()
    helps = Initiative.Help.values
    years = years_shown()
    counts = ["count(*) FILTER (WHERE b.status = %s)", "count(*) FILTER (WHERE b.vulnerable)"]
    counts += ["count(*) FILTER (WHERE %s = ANY(b.theme_ids))"] * len(themes)
    counts += ["count(*) FILTER (WHERE %s = ANY(b.target_group_ids))"] * len(groups)
    counts += ["count(*) FILTER (WHERE %s = ANY(b.help_wanted))"] * len(helps)
    counts += ["count(*) FILTER (WHERE b.start_year = %s)"] * len(years)
    counts += ["count(*) FILTER (WHERE b.start_year < %s)"]
    counts += ["count(*) FILTER (WHERE b.start_year IS NULL)"]
    params = [Initiative.Status.FINISHED, *(t.id for t in themes), *(g.id for g in groups)]
    params += [*helps, *years, years[0]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.place, count(*), {', '.join(counts)}"
            f" FROM ({base}) AS b({', '.join(columns)}) GROUP BY b.place",
            [*params, *base_params],
        )
        rows = cursor.fetchall()
    tallies = {}
    for place, total, finished, vulnerable, *numbers in rows:
        counted = {}
        for name, keys in [
            ("themes", [t.id for t in themes]),
            ("groups", [g.id for g in groups]),
            ("help", helps),
            ("years", [*years, EARLIER, UNKNOWN]),
        ]:
            part, numbers = numbers[: len(keys)], numbers[len(keys) :]
            counted[name] = Counter({key: n for key, n in zip(keys, part, strict=True) if n})
        tallies[place] = Tally(total, finished, vulnerable, **counted)
    return tallies


def _taxonomy():
    themes = Theme.objects.filter(parent__isnull=True, category__in=[CONNECTION, ISSUE])
    return (
        [
            TaxonomyItem(t.id, t.slug, t.name, t.explanation, t.category)
            for t in themes.by_category()
        ],
        [TaxonomyItem(g.id, g.slug, g.name, g.explanation) for g in TargetGroup.objects.all()],
    )


def _area(place, parent=None):
    return Area(
        place.id,
        place.code,
        place.name,
        getattr(place, "slug", ""),
        parent,
        place.latitude,
        place.longitude,
    )


# What this process last read from the cache, by key: (stamp, value). See _cached.
_READ = {}
READ_KEPT = 64


def _cached(key, compute):
    """`compute()`'s value, kept in the shared cache under `key` with a stamp of its own.

    This process keeps the value it last read while the cache holds the same stamp: the
    counts of every municipality are some 150 kB pickled, and unpickling them took 15 ms on
    every page. Asking for the stamp is one small read, and a cleared cache (or a value that
    another process made anew) is seen at once.
    """
    stamp = cache.get(f"{key}:stamp")
    if stamp is not None and (read := _READ.get(key)) and read[0] == stamp:
        return read[1]
    value = cache.get(key) if stamp is not None else None
    if value is None:
        value, stamp = compute(), uuid.uuid4().hex
        cache.set_many({key: value, f"{key}:stamp": stamp}, CACHE_SECONDS)
    if len(_READ) >= READ_KEPT:
        _READ.clear()  # old catalogue versions' values
    _READ[key] = (stamp, value)
    return value


def national_counts(version=None):
    """The counts of every municipality, once per catalogue version."""
    version = CatalogueVersion.current() if version is None else version

    def compute():
        themes, groups = _taxonomy()
        municipalities = Municipality.objects.select_related("province")
        return NationalCounts(
            themes,
            groups,
            {m.province_id: _area(m.province) for m in municipalities},
            {m.id: _area(m, m.province_id) for m in municipalities},
            count_by(Initiative.objects.published(), "municipality", themes, groups),
        )

    return _cached(f"insight:{version}:{years_shown()[-1]}:national", compute)


def district_counts(municipality_id, national, version):
    """The counts of every district of a municipality, once per catalogue version."""

    def compute():
        rows = Initiative.objects.published().filter(district__municipality_id=municipality_id)
        districts = District.objects.filter(municipality_id=municipality_id)
        return DistrictCounts(
            {d.id: _area(d, municipality_id) for d in districts},
            count_by(rows, "district", national.themes, national.groups),
        )

    return _cached(f"insight:{version}:{years_shown()[-1]}:districts:{municipality_id}", compute)


# What a page shows ------------------------------------------------------------------------


def percent(share):
    """A share (0–1) as a whole percentage, halves rounded up: the page, the API and the CSV
    round alike."""
    return math.floor(share * 100 + 0.5)


@dataclass
class Figure:
    """One bar: how many of the place's initiatives have something, beside the country."""

    key: str  # a slug (theme, target group) or a value (status, help wanted)
    label: str
    count: int
    total: int
    national_count: int
    national_total: int
    explanation: str = ""
    url: str = ""  # the list of these initiatives in the place ("": none to link to)
    content: bool = False  # the label is editors' words (Dutch), not the interface's

    @property
    def share(self):
        return self.count / self.total if self.total else 0.0

    @property
    def national_share(self):
        return self.national_count / self.national_total if self.national_total else 0.0

    @property
    def percent(self):
        return percent(self.share)

    @property
    def national_percent(self):
        return percent(self.national_share)


@dataclass
class Elsewhere:
    """A comparable place, with how many initiatives (of a white spot's kind, or in all)."""

    code: str
    name: str
    count: int
    url: str = ""  # the list of those initiatives there, or the place's page


@dataclass
class WhiteSpot:
    """A target group or vraagstuk the place has no initiative for, while at least half of
    its comparable places have one."""

    kind: str  # "target_group" or "issue"
    key: str  # its slug
    label: str
    explanation: str
    having: list  # Elsewhere: the comparable places that have one, most first
    comparable: int  # how many places were compared
    nearby_url: str = ""  # the list of these initiatives around the place
    propose_url: str = ""  # the form to propose one here

    @property
    def examples(self):
        return self.having[:EXAMPLES]

    @property
    def nearby_km(self):
        return geo.NEARBY_KM

    @property
    def more(self):
        return max(len(self.having) - EXAMPLES, 0)


@dataclass
class Comparison:
    """Which places the white spots were looked for against, and by what rule."""

    rule: str  # "similar_size", "same_municipality" or "other_provinces"
    places: list  # Elsewhere, with their number of initiatives

    @property
    def fewest(self):
        return min(place.count for place in self.places)

    @property
    def most(self):
        return max(place.count for place in self.places)

    def description(self, place):
        """Which places these are, in a sentence: the page and the API say the same."""
        numbers = {"count": len(self.places), "name": place.name}
        if self.rule == "similar_size":
            numbers.update(fewest=self.fewest, most=self.most)
            return (
                ngettext(
                    "We compare %(name)s with the municipality whose number of initiatives is"
                    " closest to its own (%(fewest)s to %(most)s initiatives).",
                    "We compare %(name)s with the %(count)s municipalities whose number of"
                    " initiatives is closest to its own (%(fewest)s to %(most)s initiatives).",
                    len(self.places),
                )
                % numbers
            )
        if self.rule == "same_municipality":
            numbers["municipality"] = place.municipality.name
            return (
                ngettext(
                    "We compare %(name)s with the other district of %(municipality)s that has"
                    " initiatives.",
                    "We compare %(name)s with the %(count)s other districts of %(municipality)s"
                    " that have initiatives.",
                    len(self.places),
                )
                % numbers
            )
        return (
            ngettext(
                "We compare %(name)s with the other province that has initiatives.",
                "We compare %(name)s with the %(count)s other provinces that have initiatives.",
                len(self.places),
            )
            % numbers
        )


# When a group or theme counts as a white spot, in words (see WHITE_SPOT_SHARE, MIN_HAVING).
WHITE_SPOT_RULE = _(
    "A target group or social issue is a white spot when there is no initiative for it here,"
    " while at least half of these places, and at least two, do have one."
)


@dataclass
class Insight:
    """The wijkbeeld of one place (or of the whole country: `place` None)."""

    scope: str  # "country", "province", "municipality" or "district"
    place: object
    total: int
    national_total: int
    status: list  # Figure: active, finished
    vulnerable: Figure
    connection: list  # Figure per kind of connection, in the taxonomy's order
    issues: list  # Figure per vraagstuk, most first
    target_groups: list  # Figure per target group, most first
    help_wanted: list  # Figure per kind of help
    years: list  # (year, initiatives started) for the last YEARS_SHOWN years
    started_earlier: int
    start_unknown: int
    white_spots: list = field(default_factory=list)
    comparison: Comparison | None = None

    @property
    def name(self):
        return self.place.name if self.place is not None else ""

    @property
    def code(self):
        return self.place.code if self.place is not None else ""

    @property
    def issue_spots(self):
        return [spot for spot in self.white_spots if spot.kind == "issue"]

    @property
    def group_spots(self):
        return [spot for spot in self.white_spots if spot.kind == "target_group"]

    @property
    def compared(self):
        """Whether its figures stand beside the whole country's: not the country's own."""
        return self.scope != "country"


def list_params(place):
    """The list's parameters that narrow it to `place`; None where the list cannot (a
    province), {} for the whole country."""
    if place is None:
        return {}
    if isinstance(place, Municipality):
        return {"gemeente": place.code}
    if isinstance(place, District):
        return {"wijk": place.code}
    return None


def list_url(params, **more):
    """The initiatives list with `params` and `more`; "" when `params` is None."""
    if params is None:
        return ""
    query = urlencode({**params, **more})
    return f"{reverse('initiatives:list')}?{query}" if query else reverse("initiatives:list")


def insight_for(place=None):
    """The wijkbeeld of `place`: None (the whole country), a Province, a Municipality or a
    District. A fixed number of queries, all of them answered from the cache once the
    catalogue version's counts are made."""
    version = CatalogueVersion.current()
    national = national_counts(version)
    country = national.country
    comparison, others = None, {}
    if place is None:
        scope, tally = "country", country
    elif isinstance(place, Province):
        scope, tally = "province", national.province(place.pk)
        others = {
            area: national.province(area.id)
            for area in national.provinces.values()
            if area.id != place.pk
        }
        comparison = "other_provinces"
    elif isinstance(place, Municipality):
        scope, tally = "municipality", national.tallies.get(place.pk, Tally())
        others = similar_size(place, tally, national)
        comparison = "similar_size"
    elif isinstance(place, District):
        districts = district_counts(place.municipality_id, national, version)
        scope, tally = "district", districts.tallies.get(place.pk, Tally())
        others = {
            area: districts.tallies[area.id]
            for area in districts.districts.values()
            if area.id != place.pk and area.id in districts.tallies
        }
        comparison = "same_municipality"
    else:
        raise TypeError(f"no wijkbeeld for {place!r}")
    insight = figures(scope, place, tally, country, national)
    others = {area: counted for area, counted in others.items() if counted.total}
    if comparison and tally.total and others:
        insight.comparison = Comparison(
            comparison,
            [
                Elsewhere(area.code, area.name, counted.total, area_url(scope, area, place))
                for area, counted in sorted(others.items(), key=lambda o: (-o[1].total, o[0].name))
            ],
        )
        insight.white_spots = white_spots(place, tally, others, national)
    return insight


def figures(scope, place, tally, country, national):
    """The figures of `tally`, each beside the country's."""
    params = list_params(place)

    def figure(key, label, count, national_count, param=None, **extra):
        url = list_url(params, **{param: key}) if param else ""
        return Figure(
            key, label, count, tally.total, national_count, country.total, url=url, **extra
        )

    def taxonomy(item, counts, national_counts, param):
        return figure(
            item.slug,
            item.name,
            counts[item.id],
            national_counts[item.id],
            param,
            explanation=item.explanation,
            content=True,
        )

    def most_first(items):
        return sorted(items, key=lambda f: -f.count)  # stable: the taxonomy's order on a tie

    return Insight(
        scope=scope,
        place=place,
        total=tally.total,
        national_total=country.total,
        status=[
            figure(
                Initiative.Status.ACTIVE,
                Initiative.Status.ACTIVE.label,
                tally.total - tally.finished,
                country.total - country.finished,
                "status",
            ),
            figure(
                Initiative.Status.FINISHED,
                Initiative.Status.FINISHED.label,
                tally.finished,
                country.finished,
                "status",
            ),
        ],
        vulnerable=figure("1", VULNERABLE_LABEL, tally.vulnerable, country.vulnerable, "kwetsbaar"),
        connection=[
            taxonomy(t, tally.themes, country.themes, "thema")
            for t in national.themes
            if t.category == CONNECTION
        ],
        issues=most_first(
            taxonomy(t, tally.themes, country.themes, "thema")
            for t in national.themes
            if t.category == ISSUE
        ),
        target_groups=most_first(
            taxonomy(g, tally.groups, country.groups, "doelgroep") for g in national.groups
        ),
        help_wanted=[
            figure(value, label, tally.help[value], country.help[value], "hulp")
            for value, label in Initiative.Help.choices
        ],
        years=[(year, tally.years[year]) for year in years_shown()],
        started_earlier=tally.years[EARLIER],
        start_unknown=tally.years[UNKNOWN],
    )


def similar_size(municipality, tally, national):
    """{Area: Tally} of the SIMILAR_PLACES municipalities whose number of initiatives is
    closest to `municipality`'s (as a ratio), the nearest first on a tie."""
    if not tally.total:
        return {}

    def distance(area):
        if municipality.latitude is None or area.latitude is None:
            return math.inf
        return geo.haversine_km(municipality, area)

    size = math.log(tally.total)
    ratio = {}  # how far each municipality's number is from this one's, as a ratio
    for area in national.municipalities.values():
        counted = national.tallies.get(area.id)
        if area.id != municipality.pk and counted and counted.total:
            ratio[area] = round(abs(math.log(counted.total) - size), 9)
    closest = sorted(ratio, key=ratio.get)
    if len(closest) > SIMILAR_PLACES:  # a tie at the last place is settled by distance
        last = ratio[closest[SIMILAR_PLACES - 1]]
        closest = [area for area in closest if ratio[area] <= last]
    closest.sort(key=lambda area: (ratio[area], distance(area), area.name))
    return {area: national.tallies[area.id] for area in closest[:SIMILAR_PLACES]}


def white_spots(place, tally, others, national):
    """The target groups and vraagstukken `place` has no initiative for while at least
    WHITE_SPOT_SHARE (and MIN_HAVING) of `others` ({Area: Tally}) have one."""
    spots = []
    issues = [t for t in national.themes if t.category == ISSUE]
    for kind, items, counts, param in [
        ("target_group", national.groups, lambda t: t.groups, "doelgroep"),
        ("issue", issues, lambda t: t.themes, "thema"),
    ]:
        for item in items:
            if counts(tally)[item.id]:
                continue
            having = sorted(
                ((area, counts(counted)[item.id]) for area, counted in others.items()),
                key=lambda pair: (-pair[1], pair[0].name),
            )
            having = [(area, n) for area, n in having if n]
            if len(having) < MIN_HAVING or len(having) < WHITE_SPOT_SHARE * len(others):
                continue
            spots.append(
                WhiteSpot(
                    kind,
                    item.slug,
                    item.name,
                    item.explanation,
                    [
                        Elsewhere(area.code, area.name, n, elsewhere_url(place, area, param, item))
                        for area, n in having
                    ],
                    len(others),
                    nearby_url=nearby_url(place, param, item),
                    propose_url=propose_url(place, param, item),
                )
            )
    return spots


def area_url(scope, area, place):
    """The page of a comparable place, where there is one."""
    if scope == "municipality":
        return reverse("places:municipality", args=[area.slug])
    if scope == "district":
        return reverse("places:district", args=[place.municipality.slug, area.slug])
    return ""


def elsewhere_url(place, area, param, item):
    """The list of the white spot's initiatives in a comparable place."""
    if isinstance(place, Municipality):
        return list_url({"gemeente": area.code}, **{param: item.slug})
    if isinstance(place, District):
        return list_url({"wijk": area.code}, **{param: item.slug})
    return ""


def nearby_url(place, param, item):
    """The list of the white spot's initiatives around the place: within NEARBY_KM of a
    municipality, in the rest of a district's municipality."""
    if isinstance(place, District):
        return list_url({"gemeente": place.municipality.code}, **{param: item.slug})
    if isinstance(place, Municipality) and place.latitude is not None:
        around = {"bij": f"{place.latitude},{place.longitude}", "straal": geo.NEARBY_KM}
        return list_url({param: item.slug, **around})
    return ""


def propose_url(place, param, item):
    """The form to propose an initiative, with the place and the group or theme filled in;
    "" for a province (the form asks for a municipality)."""
    if not isinstance(place, Municipality | District):
        return ""
    municipality = place.municipality if isinstance(place, District) else place
    query = urlencode({"gemeente": municipality.code, param: item.slug})
    return f"{reverse('initiatives:submit')}?{query}"


def place_section(request, place):
    """The wijkbeeld's section of a place page (places.sections): its figures and the
    addresses of their download; left out while the place has no published initiative."""
    insight = insight_for(place)
    if not insight.total:
        return None
    if isinstance(place, District):
        api = reverse("api:district_insight", args=[place.municipality.code, place.code])
    else:
        api = reverse("api:municipality_insight", args=[place.code])
    return {
        "insight": insight,
        "json_url": api,
        "csv_url": f"{api}?format=csv",
        "link": _("The picture of %(name)s: figures and white spots") % {"name": place.name},
    }

"""The CSV import of initiatives (DESIGN.md "Data in and out"): matched by slug, all rows or
none, on the catalogue's import engine."""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
    validate_email,
)
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from catalogue import history, index
from catalogue.imports import (
    CREATED,
    UNCHANGED,
    UPDATED,
    CsvImport,
    add_validation_problems,
    match_key,
)
from catalogue.links import through_ends
from catalogue.models import State
from catalogue.richtext import sanitise
from places import geo
from places.imports import parse_point
from places.models import District, Municipality, Postcode
from themes.models import TargetGroup, Theme

from .models import Initiative, TaggedInitiative

# --- The columns ------------------------------------------------------------------------------

# How far a column is required: a value in every row, the column itself (its cells may stay
# empty), or neither (an absent column leaves existing initiatives' values alone).
VALUE, COLUMN, OPTIONAL = "value", "column", "optional"


@dataclass(frozen=True)
class Column:
    """One column of the import: its own name (the command's and the export's), the Dutch
    heading people write (the example file's), other headings it is known by, how far it is
    required, and what goes in it (for the import page)."""

    name: str
    heading: str
    need: str
    explanation: str
    also: tuple = ()


# The one list of the import's columns, in the order of a file; the engine, the import page
# and the example files read it.
COLUMNS = (
    Column(
        "title",
        "titel",
        VALUE,
        gettext_lazy(
            "The name of the initiative. A title that is already in the catalogue changes that "
            "initiative; a new title adds one."
        ),
    ),
    Column("summary", "samenvatting", VALUE, gettext_lazy("At most 300 characters.")),
    Column("description", "beschrijving", COLUMN, gettext_lazy("The full text.")),
    Column(
        "themes",
        "thema's",
        VALUE,
        gettext_lazy("One or more themes, separated by “;”."),
        also=("thema",),
    ),
    Column(
        "target_groups",
        "doelgroepen",
        COLUMN,
        gettext_lazy("Target groups, separated by “;”."),
        also=("doelgroep",),
    ),
    Column(
        "tags",
        "trefwoorden",
        COLUMN,
        gettext_lazy("Your own keywords, separated by “;”. A new keyword is added."),
        also=("trefwoord",),
    ),
    Column(
        "municipality",
        "gemeente",
        COLUMN,
        gettext_lazy("The name of the municipality, such as Utrecht, or its CBS code (GM0344)."),
    ),
    Column(
        "district",
        "wijk",
        COLUMN,
        gettext_lazy(
            "The name of a district in that municipality, such as Overvecht, or its CBS code "
            "(WK034402)."
        ),
    ),
    Column(
        "postcode",
        "postcode",
        COLUMN,
        gettext_lazy(
            "Such as 3511 or 3511 AB. Without latitude and longitude, the initiative is shown "
            "on the map in the middle of its postcode."
        ),
    ),
    Column(
        "latitude",
        "breedtegraad",
        COLUMN,
        gettext_lazy(
            "The place on the map, with a decimal point, such as 52.09. Fill in both or neither."
        ),
    ),
    Column("longitude", "lengtegraad", COLUMN, gettext_lazy("Such as 5.12.")),
    Column("start_year", "startjaar", COLUMN, gettext_lazy("The year it started, such as 2019.")),
    Column(
        "status",
        "status",
        COLUMN,
        gettext_lazy("Is the initiative still going? Empty means active."),
        also=("status van het initiatief",),
    ),
    Column(
        "organisation",
        "organisatie",
        COLUMN,
        gettext_lazy("The organisation or the person behind the initiative."),
        also=("organisatie of initiatiefnemer", "initiatiefnemer"),
    ),
    Column("website", "website", COLUMN, gettext_lazy("Such as www.example.org.")),
    Column(
        "email",
        "e-mailadres",
        OPTIONAL,
        gettext_lazy("Residents' messages go here; it is never shown on the site."),
        also=("e-mailadres voor contact",),
    ),
    Column(
        "state",
        "publicatiestatus",
        OPTIONAL,
        gettext_lazy("Empty means draft. Only an editor who may publish can publish or archive."),
    ),
    Column(
        "werkgebied",
        "werkgebied",
        OPTIONAL,
        gettext_lazy("Where the initiative works. Empty means neighbourhood."),
        also=("area of work", "scope"),
    ),
    Column(
        "vulnerable",
        "kwetsbaar",
        OPTIONAL,
        gettext_lazy(
            "Also for residents in a vulnerable position? Fill in ja or nee; empty means nee."
        ),
        also=("ook voor bewoners in een kwetsbare positie",),
    ),
    Column(
        "help_wanted",
        "hulp gezocht",
        OPTIONAL,
        gettext_lazy("The help the initiative is looking for, separated by “;”."),
        also=("hulp gevraagd",),
    ),
    Column(
        "last_verified",
        "laatst gecontroleerd",
        OPTIONAL,
        gettext_lazy(
            "The day an editor last checked the information, such as 31-03-2025 or 2025-03-31."
        ),
    ),
    Column(
        "address",
        "bezoekadres",
        OPTIONAL,
        gettext_lazy(
            "Street and house number of the place residents can go to, such as Kerkstraat 1. "
            "Never a private home address without permission."
        ),
        also=("adres", "visiting address"),
    ),
    Column(
        "schedule",
        "wanneer",
        OPTIONAL,
        gettext_lazy("Days and times, in a few words, such as: elke donderdag om 18 uur."),
        also=("tijden", "openingstijden", "when"),
    ),
    Column(
        "cost",
        "kosten",
        OPTIONAL,
        gettext_lazy("What taking part costs, in a few words, such as: gratis."),
        also=("prijs", "cost"),
    ),
)
# Optional columns of plain text, taken as they are.
TEXT_COLUMNS = ("address", "schedule", "cost")

YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
NO = {"nee", "n", "no", "false", "onwaar", "0", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
# Model fields whose CSV column has another name.
COLUMN_FOR_FIELD = {"scope": "werkgebied", "slug": "title"}
# The years a start year may have: the model's own limits.
START_YEARS = (
    max(
        v.limit_value
        for v in Initiative._meta.get_field("start_year").validators
        if isinstance(v, MinValueValidator)
    ),
    min(
        v.limit_value
        for v in Initiative._meta.get_field("start_year").validators
        if isinstance(v, MaxValueValidator)
    ),
)
# Past this many districts, a message sends people to the municipality's page for them.
DISTRICTS_LISTED = 40


def slug_for(title):
    """The slug an initiative gets from its title (as unique_slug makes it), its import key."""
    max_length = Initiative._meta.get_field("slug").max_length
    return slugify(title)[: max_length - 6].strip("-")


# --- The valid values ---------------------------------------------------------------------------


class Terms:
    """The valid values of a column, each known by several names (a theme by its name or its
    slug, a choice by its code or its label in either language), compared by match_key. The
    first name is the one shown: in messages, on the import page, in the example files."""

    def __init__(self, entries):
        """`entries`: (value, name shown, other names); other names win over shown ones."""
        self.entries = entries = list(entries)
        self.names = []
        self.values, self.shown = {}, {}
        for value, name, _others in entries:
            self.names.append(name)
            self.values.setdefault(match_key(name), value)
            self.shown.setdefault(match_key(name), name)
        for value, name, others in entries:
            for other in others:
                self.values[match_key(other)] = value
                self.shown[match_key(other)] = name
        self.values.pop("", None)

    def get(self, term):
        return self.values.get(match_key(term))

    def name_of(self, value):
        return next(name for each, name, _others in self.entries if each == value)

    def closest(self, term):
        """The shown name of the value `term` most resembles, or None."""
        close = difflib.get_close_matches(match_key(term), list(self.shown), n=1, cutoff=0.7)
        return self.shown[close[0]] if close else None


def taxonomy_terms(model):
    """Themes or target groups by name or slug, in their own order."""
    return Terms(
        (pk, name, (slug,)) for pk, name, slug in model.objects.values_list("pk", "name", "slug")
    )


def choice_terms(choices):
    """A model's choices by code or by label in any of the site's languages; shown by their
    label in the active language, in lower case (“concept”, “actief”)."""
    entries = []
    for value, label in choices.choices:
        labels = set()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                labels.add(str(label))
        entries.append((value, str(label).lower(), (value, *labels)))
    return Terms(entries)


def value_lists():
    """{column: Terms} for every column whose values come from a list; the import accepts
    these and the import page and its messages list them."""
    return {
        "themes": taxonomy_terms(Theme),
        "target_groups": taxonomy_terms(TargetGroup),
        "status": choice_terms(Initiative.Status),
        "state": choice_terms(State),
        "werkgebied": choice_terms(Initiative.Scope),
        "help_wanted": choice_terms(Initiative.Help),
    }


# Columns whose values are editors' own lists (listed with commas; choices with "or").
TAXONOMY = {"themes", "target_groups"}

# What a message says of an unknown value in a column with a list: that it is unknown, and
# where to choose from.
UNKNOWN_TERM = {
    "themes": (
        gettext_lazy("We do not know the theme “%s”."),
        gettext_lazy("Choose a theme from the list: %s."),
    ),
    "target_groups": (
        gettext_lazy("We do not know the target group “%s”."),
        gettext_lazy("Choose a target group from the list: %s."),
    ),
    "status": (
        gettext_lazy("We do not know the status “%s”."),
        gettext_lazy("Choose %s, or leave it empty."),
    ),
    "state": (
        gettext_lazy("We do not know the publishing state “%s”."),
        gettext_lazy("Choose %s, or leave it empty."),
    ),
    "werkgebied": (
        gettext_lazy("We do not know the area of work “%s”."),
        gettext_lazy("Choose %s, or leave it empty."),
    ),
    "help_wanted": (
        gettext_lazy("We do not know the kind of help “%s”."),
        gettext_lazy("Choose one or more of %s, or leave it empty."),
    ),
}


def or_list(names):
    """“a, b or c”, in the active language."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return _("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


# --- The example files -------------------------------------------------------------------------


def example_rows():
    """Two rows as a person would write them, that import as they are: for the example files
    on the import page. Their themes, target groups and places are taken from this catalogue
    (the ones named here if it has them), so the examples stay valid as the catalogue grows."""
    with translation.override("nl"):
        terms = value_lists()
    municipality = (
        Municipality.objects.filter(code="GM0344").first()
        or Municipality.objects.order_by("name").first()
    )
    in_utrecht = municipality is not None and municipality.code == "GM0344"
    districts = list(municipality.districts.order_by("name")) if municipality else []

    def some(column, *preferred):
        names = terms[column].names
        known = [name for name in names if match_key(name) in map(match_key, preferred)]
        return "; ".join(known or names[:1])

    def district(name):
        chosen = [d for d in districts if match_key(d.name) == match_key(name)] or districts
        return chosen[0].name if chosen else ""

    def choice(column, *values):
        return "; ".join(terms[column].name_of(value) for value in values)

    return [
        {
            "title": "Buurtkeuken De Pan",
            "summary": (
                "Elke donderdag koken buurtbewoners samen en eten ze met elkaar aan lange "
                "tafels. Iedereen is welkom, ook wie weinig geld heeft."
            ),
            "description": (
                "Vrijwilligers koken elke week een maaltijd van drie gangen. Wie wil, helpt mee "
                "in de keuken. Een maaltijd kost 3 euro."
            ),
            "themes": some("themes", "Bonding", "Eenzaamheid"),
            "target_groups": some("target_groups", "Ouderen", "Bewoners met weinig geld"),
            "tags": "koken; samen eten",
            "municipality": municipality.name if municipality else "",
            "district": district("Overvecht"),
            "postcode": "3563" if in_utrecht else "",
            "latitude": None,
            "longitude": None,
            "start_year": 2019,
            "status": choice("status", Initiative.Status.ACTIVE),
            "organisation": "Bewonersgroep De Pan",
            "website": "www.example.org/buurtkeuken",
            "email": "buurtkeuken@example.org",
            "state": choice("state", State.DRAFT),
            "werkgebied": choice("werkgebied", Initiative.Scope.DISTRICT),
            "vulnerable": "ja",
            "help_wanted": choice("help_wanted", Initiative.Help.VOLUNTEERS, Initiative.Help.MONEY),
            "last_verified": timezone.localdate(),
            "address": "Bikinidreef 10" if in_utrecht else "",
            "schedule": "Elke donderdag om 18 uur",
            "cost": "3 euro per maaltijd",
        },
        {
            "title": "Taalcafé Noordoost",
            "summary": (
                "Nieuwkomers en buurtbewoners praten elke dinsdagmiddag Nederlands met elkaar, "
                "bij een kop koffie of thee."
            ),
            "description": "",
            "themes": some("themes", "Bridging", "Taal"),
            "target_groups": some("target_groups", "Nieuwkomers"),
            "tags": "taal; ontmoeting",
            "municipality": municipality.name if municipality else "",
            "district": district("Noordoost"),
            "postcode": "3581 AB" if in_utrecht else "",
            "latitude": 52.0946 if in_utrecht else None,
            "longitude": 5.1345 if in_utrecht else None,
            "start_year": 2022,
            "status": choice("status", Initiative.Status.ACTIVE),
            "organisation": "Stichting Taalmaatjes",
            "website": "https://www.example.org/taalcafe",
            "email": "",
            "state": choice("state", State.REVIEW),
            "werkgebied": choice("werkgebied", Initiative.Scope.NEIGHBOURHOOD),
            "vulnerable": "nee",
            "help_wanted": choice("help_wanted", Initiative.Help.SPACE),
            "last_verified": None,
            "address": "",
            "schedule": "Elke dinsdag van 14 tot 16 uur",
            "cost": "Gratis",
        },
    ]


# --- Initiatives ------------------------------------------------------------------------------


@dataclass
class PlannedInitiative:
    row: int
    slug: str
    values: dict
    themes: set
    target_groups: set
    tags: dict  # lower-case name -> name as written

    def links(self, key):
        """What a relation should hold, comparable with what the database holds."""
        return set(self.tags) if key == "tags" else getattr(self, key)


class InitiativeImport(CsvImport):
    """Initiatives matched by slug: new ones are created, changed ones updated, others left.

    New initiatives are inserted with bulk_create, changed ones saved one by one with save(),
    and links (themes, target groups, tags) rewritten with one delete and insert per batch.
    """

    columns = tuple(column.name for column in COLUMNS if column.need != OPTIONAL)
    optional_columns = tuple(column.name for column in COLUMNS if column.need == OPTIONAL)
    headings = {
        heading: column.name for column in COLUMNS for heading in (column.heading, *column.also)
    }
    title_column = "title"
    ignored_columns = ("url", "updated_at")  # written by /initiatieven/export.csv

    def __init__(self, file, *, may_publish=True, **options):
        super().__init__(file, **options)
        # Without the publish permission (an admin upload by a Redacteur), no row may publish,
        # unpublish or archive; the command is run by someone who may do anything.
        self.may_publish = may_publish

    def load_lookups(self):
        self.terms = value_lists()
        municipalities = list(Municipality.objects.only("id", "code", "name", "slug"))
        self.municipalities_by_id = {m.pk: m for m in municipalities}
        self.municipalities_by_code = {m.code: m for m in municipalities}
        self.municipalities_by_name = defaultdict(list)
        for municipality in municipalities:
            self.municipalities_by_name[match_key(municipality.name)].append(municipality)
        districts = District.objects.only("id", "code", "name", "municipality_id")
        self.districts_by_code, self.districts_by_name = {}, defaultdict(dict)
        for district in districts.order_by("name"):
            self.districts_by_code[district.code] = district
            self.districts_by_name[district.municipality_id][match_key(district.name)] = district
        self.tag_ids = {name.lower(): pk for pk, name in Tag.objects.values_list("pk", "name")}
        self.rows_by_slug = {}

    def validate(self, row, record):
        before = self.problems.count

        def problem(column, reason):
            self.problems.add(row, column, reason)

        # In the order of the columns, so a row's problems are listed in that order too.
        slug = self.check_title(row, record["title"], problem)
        summary = self.summary(record["summary"], problem)
        themes = self.list_values(record, "themes", problem)
        if not themes and "themes" not in self.problems.columns_in(row):
            problem(
                "themes",
                _("Choose at least one theme from the list: %s.")
                % ", ".join(self.terms["themes"].names),
            )
        target_groups = self.list_values(record, "target_groups", problem)
        tags = self.tag_names(record["tags"], problem)
        municipality, district = self.place(record, problem)
        values = {
            "title": record["title"],
            "summary": summary,
            "description": sanitise(record["description"]),
            "municipality": municipality,
            "district": district,
            "postcode": self.postcode(record["postcode"], problem),
        }
        values["latitude"], values["longitude"] = parse_point(row, record, self.problems)
        values |= {
            "start_year": self.year(record["start_year"], problem),
            "status": self.choice(record, "status", Initiative.Status.ACTIVE, problem),
            "organisation": record["organisation"],
            "website": self.website(record["website"], problem),
        }
        values.update(self.optional_values(record, problem))

        instance = Initiative(slug=slug, source=Initiative.Source.IMPORT, **values)
        try:
            # Places were resolved from the lookups, so their per-row existence queries are
            # skipped; the slug is the match key and the database enforces the constraints,
            # so neither uniqueness nor constraints cost a query per row here.
            instance.full_clean(
                exclude=["municipality", "district", "neighbourhood"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            add_validation_problems(row, error, self.problems, COLUMN_FOR_FIELD)
        if self.problems.count > before:
            return None
        return PlannedInitiative(row, slug, values, set(themes), set(target_groups), tags)

    def check_title(self, row, title, problem):
        if not title:
            problem("title", _("Fill in a title."))
            return ""
        slug = slug_for(title)
        if not slug:
            problem("title", _("The title needs at least one letter or digit."))
        elif slug in self.rows_by_slug:
            problem(
                "title",
                _(
                    "This title is (almost) the same as the title in row %(row)s. Give each "
                    "initiative a title of its own."
                )
                % {"row": self.rows_by_slug[slug]},
            )
        else:
            self.rows_by_slug[slug] = row
        return slug

    def summary(self, text, problem):
        max_length = Initiative._meta.get_field("summary").max_length
        if not text:
            problem("summary", _("Fill in a summary of at most %s characters.") % max_length)
        elif len(text) > max_length:
            problem(
                "summary",
                _("The summary has %(length)s characters. Make it %(max)s characters at most.")
                % {"length": len(text), "max": max_length},
            )
        return text

    def place(self, record, problem):
        """The municipality (by CBS code or name) and district (by CBS code, or by name within
        the municipality) of a row; a district alone gives its municipality."""
        municipality = None
        reference = record["municipality"]
        if reference:
            municipality = self.municipalities_by_code.get(reference.upper())
            if municipality is None:
                matches = self.municipalities_by_name.get(match_key(reference), [])
                if len(matches) == 1:
                    municipality = matches[0]
                elif matches:
                    problem(
                        "municipality",
                        _(
                            "There are several municipalities called “%(name)s”. Use the CBS "
                            "code of the one you mean: %(codes)s."
                        )
                        % {"name": reference, "codes": or_list(m.code for m in matches)},
                    )
                else:
                    problem("municipality", self.unknown_municipality(reference))
        district = None
        text = record["district"]
        if text:
            district = self.districts_by_code.get(text.upper())
            if district is None and municipality is not None:
                by_name = self.districts_by_name[municipality.pk]
                district = by_name.get(match_key(text))
                if district is None:
                    problem("district", self.unknown_district(text, municipality, by_name))
            elif district is None and not reference:
                problem(
                    "district",
                    _(
                        "Also fill in the municipality, so that we know where the district "
                        "“%s” is. Or use the CBS code of the district, such as WK034401."
                    )
                    % text,
                )
            elif district is None:
                pass  # the municipality is unknown, and said so: the district cannot be found
            elif municipality is not None and district.municipality_id != municipality.pk:
                other = self.municipalities_by_id[district.municipality_id]
                problem(
                    "district",
                    _(
                        "The district %(district)s (%(code)s) lies in %(other)s, not in "
                        "%(municipality)s. Check the municipality and the district."
                    )
                    % {
                        "district": district.name,
                        "code": district.code,
                        "other": other.name,
                        "municipality": municipality.name,
                    },
                )
            elif municipality is None and not reference:
                municipality = self.municipalities_by_id[district.municipality_id]
        return municipality, district

    def unknown_municipality(self, reference):
        sentences = [_("We do not know the municipality “%s”.") % reference]
        close = difflib.get_close_matches(
            match_key(reference), list(self.municipalities_by_name), n=1, cutoff=0.7
        )
        if close:
            name = self.municipalities_by_name[close[0]][0].name
            sentences.append(_("Did you mean “%s”?") % name)
        sentences.append(
            _(
                "Write the name of the municipality, such as Utrecht, or its CBS code, such "
                "as GM0344."
            )
        )
        return " ".join(sentences)

    def unknown_district(self, text, municipality, by_name):
        values = {"name": text, "municipality": municipality.name}
        if not by_name:
            return (
                _(
                    "We know no districts in %(municipality)s. Leave the district empty, or "
                    "check the municipality."
                )
                % values
            )
        sentences = [_("We do not know the district “%(name)s” in %(municipality)s.") % values]
        close = difflib.get_close_matches(match_key(text), list(by_name), n=1, cutoff=0.7)
        if close:
            sentences.append(_("Did you mean “%s”?") % by_name[close[0]].name)
        if len(by_name) <= DISTRICTS_LISTED:
            names = ", ".join(district.name for district in by_name.values())
            sentences.append(
                _("Choose a district of %(municipality)s: %(names)s.")
                % {"municipality": municipality.name, "names": names}
            )
        else:
            sentences.append(
                _("The districts of %(municipality)s are listed on %(address)s.")
                % {"municipality": municipality.name, "address": municipality.get_absolute_url()}
            )
        return " ".join(sentences)

    def postcode(self, text, problem):
        if not text:
            return ""
        match = geo.POSTCODE.fullmatch(text)
        if match is None:
            problem("postcode", _("“%s” is not a postcode. Write it like 3511 or 3511 AB.") % text)
            return ""
        digits, letters = match.groups()
        return f"{digits} {letters.upper()}" if letters else digits

    def website(self, text, problem):
        """Spreadsheets often hold "www.example.org"; links need a scheme, so assume https."""
        if not text:
            return text
        address = text if "://" in text else f"https://{text}"
        try:
            URLValidator(schemes=["http", "https"])(address)
        except ValidationError:
            problem(
                "website",
                _(
                    "“%s” is not a web address. Write it like www.example.org or "
                    "https://www.example.org/page."
                )
                % text,
            )
        return address

    def email(self, text, problem):
        if text:
            try:
                validate_email(text)
            except ValidationError:
                problem(
                    "email",
                    _("“%s” is not an e-mail address. Write it like name@example.org.") % text,
                )
        return text

    def year(self, text, problem):
        if not text:
            return None
        low, high = START_YEARS
        if not re.fullmatch(r"[0-9]{1,4}", text) or not low <= int(text) <= high:
            problem(
                "start_year",
                _("“%(text)s” is not a year we can use. Write a year from %(low)s to %(high)s.")
                % {"text": text, "low": low, "high": high},
            )
            return None
        return int(text)

    def choice(self, record, column, default, problem):
        """The value of a one-choice column (the default if empty), by code or label."""
        text = record[column]
        if not text:
            return default
        value = self.terms[column].get(text)
        if value is None:
            self.unknown(column, text, problem)
            return default
        return value

    def list_values(self, record, column, problem):
        """The values of a `;`-separated cell whose values come from a list, in its order."""
        values = []
        for term in split_list(record[column]):
            value = self.terms[column].get(term)
            if value is None:
                self.unknown(column, term, problem)
            elif value not in values:
                values.append(value)
        return values

    def unknown(self, column, term, problem):
        """Say that `term` is not one of the column's values, and which are."""
        terms = self.terms[column]
        unknown, choose = UNKNOWN_TERM[column]
        sentences = [unknown % term]
        suggestion = terms.closest(term)
        if suggestion:
            sentences.append(_("Did you mean “%s”?") % suggestion)
        names = ", ".join(terms.names) if column in TAXONOMY else or_list(terms.names)
        sentences.append(choose % names)
        problem(column, " ".join(sentences))

    def optional_values(self, record, problem):
        """Values of the optional columns the file has; absent ones keep the model default."""
        values = {}
        if "email" in record:
            values["email"] = self.email(record["email"], problem)
        if "state" in record:
            values["state"] = self.choice(record, "state", State.DRAFT, problem)
        if "werkgebied" in record:
            values["scope"] = self.choice(
                record, "werkgebied", Initiative.Scope.NEIGHBOURHOOD, problem
            )
        if "vulnerable" in record:
            text = record["vulnerable"].lower()
            if text not in YES | NO:
                problem(
                    "vulnerable",
                    _("“%s” is not yes or no. Fill in ja or nee, or leave it empty.")
                    % record["vulnerable"],
                )
            values["vulnerable"] = text in YES
        if "help_wanted" in record:
            wanted = self.list_values(record, "help_wanted", problem)
            values["help_wanted"] = [v for v in Initiative.Help.values if v in wanted]
        if "last_verified" in record:
            values["last_verified"] = self.date(record["last_verified"], problem)
        values.update({name: record[name] for name in TEXT_COLUMNS if name in record})
        return values

    def date(self, text, problem):
        if not text:
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        problem(
            "last_verified",
            _(
                "“%s” is not a date we can read. Write the day, month and year, such as "
                "31-03-2025, or leave it empty."
            )
            % text,
        )
        return None

    def tag_names(self, text, problem):
        max_length = Tag._meta.get_field("name").max_length
        names = {}
        for name in split_list(text):
            if len(name) > max_length:
                problem(
                    "tags",
                    _("The keyword “%(tag)s…” is longer than %(max)s characters. Make it shorter.")
                    % {"tag": name[:20], "max": max_length},
                )
            names.setdefault(name.lower(), name)
        return names

    def write(self, batch):
        """Decide what each row does, and do it unless this is a dry run.

        A dry run (the admin's preview) writes nothing: rolled back anyway, its writes cost
        most of its time and kept what they wrote locked until it ended.
        """
        self.fill_points_from_postcodes(batch)
        existing = {
            initiative.slug: initiative
            for initiative in Initiative.objects.filter(slug__in=[p.slug for p in batch])
        }
        ids = [initiative.pk for initiative in existing.values()]
        current = {
            "themes": links("themes", ids),
            "target_groups": links("target_groups", ids),
            "tags": tag_names_by_initiative(ids),
        }
        created, updated = [], []
        kind = Initiative._meta.verbose_name_plural
        for planned in batch:
            instance = existing.get(planned.slug)
            if not self.may_publish and changes_publication(instance, planned.values):
                title = planned.values["title"]
                self.problems.add(planned.row, "state", MAY_NOT_PUBLISH, title=title)
                continue
            if instance is None:
                instance = self.new_initiative(planned)
                created.append((instance, planned))
                self.report.add(kind, CREATED, planned.row, instance)
                continue
            stale = [key for key in current if current[key][instance.pk] != planned.links(key)]
            was_published = instance.is_published
            changed = apply_values(instance, planned.values)
            if not changed and not stale:
                # Not saved, so updated_at keeps telling when it really changed.
                self.report.add(kind, UNCHANGED, planned.row, instance)
                continue
            if was_published and not self.may_publish:
                # What visitors read changes only through an eindredacteur (revisions.py).
                title = planned.values["title"]
                self.problems.add(planned.row, None, MAY_NOT_CHANGE_PUBLISHED, title=title)
                continue
            columns = [COLUMN_FOR_FIELD.get(name, name) for name in changed] + stale
            columns = [self.heading(column) for column in columns]  # as the file names them
            self.report.add(kind, UPDATED, planned.row, instance, columns)
            updated.append((instance, planned, stale))
        if not self.report.dry_run:
            self.save(created, updated)

    def save(self, created, updated):
        """Write the new initiatives, the changed ones and the links that changed."""
        new_links = {key: {} for key in ("themes", "target_groups", "tags")}
        for instance, planned, stale in updated:
            history.pause(instance)  # recorded below, once its links are rewritten too
            instance.save()
            for key in stale:
                new_links[key][instance.pk] = self.link_ids(key, planned)
        Initiative.objects.bulk_create([instance for instance, _planned in created])
        for instance, planned in created:
            for key in new_links:
                new_links[key][instance.pk] = self.link_ids(key, planned)
        for relation, new in new_links.items():
            relink(relation, new)
        history.record_many(
            Initiative,
            [instance for instance, _planned in created],
            created=True,
            reason=_("Added by an import."),
        )
        history.record_many(
            Initiative,
            [instance for instance, *_rest in updated],
            created=False,
            reason=_("Changed by an import."),
        )
        # bulk_create and relink bypass the signals that keep search current: index here.
        touched = {instance.pk for instance, _planned in created}
        touched.update(pk for new in new_links.values() for pk in new)
        index.update_search_index(Initiative, sorted(touched))

    def fill_points_from_postcodes(self, batch):
        """Rows without a point get their postcode's centre, as in the admin (one query)."""
        pointless = [
            planned.values
            for planned in batch
            if planned.values["latitude"] is None
            and planned.values["postcode"]
            and planned.values.get("scope") not in Initiative.WITHOUT_FIXED_PLACE
        ]
        points = Postcode.objects.points_for(values["postcode"] for values in pointless)
        for values in pointless:
            if values["postcode"] in points:
                values["latitude"], values["longitude"] = points[values["postcode"]]

    def new_initiative(self, planned):
        """An unsaved initiative with what Publishable.save() would add, ready for bulk_create.

        bulk_create still runs the fields' pre_save (timestamps, rich-text sanitising), but not
        save() or signals; updates of existing initiatives do go through save().
        """
        instance = Initiative(slug=planned.slug, source=Initiative.Source.IMPORT, **planned.values)
        if instance.state == State.PUBLISHED:
            instance.published_at = timezone.now()
        return instance

    def link_ids(self, key, planned):
        if key == "tags":
            return {self.tag_id(lower, name) for lower, name in planned.tags.items()}
        return getattr(planned, key)

    def tag_id(self, lower, name):
        """The id of a tag, created on first use (Tag.save makes its slug unique)."""
        if lower not in self.tag_ids:
            self.tag_ids[lower] = Tag.objects.create(name=name).pk
        return self.tag_ids[lower]


PUBLIC_STATES = {State.PUBLISHED, State.ARCHIVED}
MAY_NOT_PUBLISH = gettext_lazy(
    "You may not publish, unpublish or archive initiatives. Choose “draft” or “in review”, "
    "or leave the publishing state as it is."
)

MAY_NOT_CHANGE_PUBLISHED = gettext_lazy(
    "This initiative is published, and an import may not change it. Change it in its form: "
    "an eindredacteur reviews your change before it goes online. Or leave this row out."
)


def changes_publication(instance, values):
    """Whether a row publishes, unpublishes or archives (`instance` None: a new initiative)."""
    if "state" not in values:
        return False
    if instance is None:
        return values["state"] in PUBLIC_STATES
    return values["state"] != instance.state and bool(
        PUBLIC_STATES & {values["state"], instance.state}
    )


def split_list(text):
    """The items of a `;`-separated cell, without blanks."""
    return [item.strip() for item in text.split(";") if item.strip()]


def apply_values(instance, values):
    """Set `values` on `instance`; the names of those that differed (related objects by id)."""
    changed = []
    for name, value in values.items():
        field_ = instance._meta.get_field(name)
        current = getattr(instance, field_.attname)
        new = value.pk if field_.is_relation and value is not None else value
        if isinstance(new, list) and isinstance(current, list):
            # Choice lists such as help_wanted: the order an editor ticked them is no change.
            current, new = sorted(current), sorted(new)
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def links(relation, ids):
    """{initiative id: set of linked ids} for the given initiatives, in one query."""
    through, own, other = through_ends(Initiative, relation)
    result = defaultdict(set)
    for pk, other_pk in through.objects.filter(**{f"{own}_id__in": ids}).values_list(
        f"{own}_id", f"{other}_id"
    ):
        result[pk].add(other_pk)
    return result


def tag_names_by_initiative(ids):
    """{initiative id: set of lower-case tag names}, in one query."""
    result = defaultdict(set)
    for pk, name in TaggedInitiative.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        result[pk].add(name.lower())
    return result


def relink(relation, new_links):
    """Replace the links of the given initiatives: one delete and one insert per relation."""
    if not new_links:
        return
    through, own, other = through_ends(Initiative, relation)
    through.objects.filter(**{f"{own}_id__in": list(new_links)}).delete()
    through.objects.bulk_create(
        through(**{f"{own}_id": pk, f"{other}_id": other_pk})
        for pk, other_pks in new_links.items()
        for other_pk in other_pks
    )


def import_initiatives(file, *, dry_run=False, progress=None, **options):
    """Create or update initiatives from a CSV `file` (binary); ImportFailed if any row is wrong.

    `options` are those of InitiativeImport and CsvImport: may_publish, reader, details.
    """
    return InitiativeImport(file, dry_run=dry_run, progress=progress, **options).run()

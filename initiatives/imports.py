"""CSV imports of regions, postcodes and initiatives: all rows are accepted, or none.

A file is read lazily, a line at a time, and written in batches inside one transaction, so a
national table never sits in memory whole and one bad row anywhere leaves the database as it
was. Every problem is collected (up to a cap) so an operator can fix a file in one go.
The commands in management/commands/ and any admin import screen share these functions.
"""

import codecs
import csv
import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from . import geo, history, search
from .models import (
    District,
    Initiative,
    Municipality,
    Neighbourhood,
    PlacePage,
    Postcode,
    Province,
    State,
    TaggedInitiative,
    TargetGroup,
    Theme,
    through_ends,
)
from .richtext import sanitise

BATCH_SIZE = 1000
PROGRESS_EVERY = 10_000
MAX_PROBLEMS_SHOWN = 50

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


# --- Problems and reports ---------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason to refuse a file, located the way a spreadsheet shows it (header = row 1)."""

    row: int
    column: str | None
    reason: str

    def __str__(self):
        if self.column:
            return _("row %(row)s, column %(column)s: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.reason,
            }
        return _("row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}


class Problems:
    """Collects every problem but keeps only the first few, so a hopeless file stays cheap."""

    def __init__(self):
        self.shown = []
        self.count = 0
        self.row = None
        self.row_columns = set()

    def add(self, row, column, reason):
        self.count += 1
        if row != self.row:
            self.row, self.row_columns = row, set()
        self.row_columns.add(column)
        if len(self.shown) < MAX_PROBLEMS_SHOWN:
            self.shown.append(Problem(row, column, reason))

    def __bool__(self):
        return self.count > 0

    def columns_in(self, row):
        """The columns of `row` that already have a problem, so no second one is added."""
        return self.row_columns if row == self.row else set()


class ImportFailed(Exception):
    """The file was refused and nothing was written; `problems` says why, and `report` what
    the good rows would have done."""

    def __init__(self, problems, report=None):
        self.problems = list(problems.shown)
        self.count = problems.count
        self.report = report
        super().__init__("\n".join(self.lines()))

    def lines(self):
        lines = [str(problem) for problem in self.problems]
        hidden = self.count - len(self.problems)
        if hidden:
            lines.append(_("… and %(count)s more problems") % {"count": hidden})
        return lines


@dataclass(frozen=True)
class RowOutcome:
    """What an import did with one row: for a preview that lists the rows (the admin's)."""

    row: int
    outcome: str
    instance: object
    changed: tuple = ()  # the columns whose values changed


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would have done), per kind of record, and per row
    when `details` is a list (kept only on request: a national table has too many rows)."""

    dry_run: bool = False
    rows: int = 0
    outcomes: Counter = field(default_factory=Counter)
    details: list | None = None

    def add(self, kind, outcome, row=None, instance=None, changed=()):
        self.outcomes[(str(kind), outcome)] += 1
        if self.details is not None and row is not None:
            self.details.append(RowOutcome(row, outcome, instance, tuple(changed)))

    def total(self, outcome):
        return sum(n for (_kind, each), n in self.outcomes.items() if each == outcome)

    @property
    def created(self):
        return self.total(CREATED)

    @property
    def updated(self):
        return self.total(UPDATED)

    @property
    def unchanged(self):
        return self.total(UNCHANGED)

    def summary(self):
        """A few lines for the operator: the totals, then per kind when there are several."""
        if self.dry_run:
            template = _(
                "Dry run, nothing was saved. %(rows)s rows checked: would create %(created)s, "
                "update %(updated)s, leave %(unchanged)s unchanged."
            )
        else:
            template = _(
                "%(rows)s rows imported: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
        lines = [
            template
            % {
                "rows": self.rows,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
            }
        ]
        kinds = list(dict.fromkeys(kind for kind, _outcome in self.outcomes))
        if len(kinds) > 1:
            for kind in kinds:
                lines.append(
                    _(
                        "  %(kind)s: %(created)s created, %(updated)s updated, "
                        "%(unchanged)s unchanged"
                    )
                    % {
                        "kind": kind,
                        "created": self.outcomes[(kind, CREATED)],
                        "updated": self.outcomes[(kind, UPDATED)],
                        "unchanged": self.outcomes[(kind, UNCHANGED)],
                    }
                )
        return "\n".join(lines)


# --- Reading CSV ------------------------------------------------------------------------------


class CsvRecords:
    """The records of a CSV file with the row numbers a person sees, decoding line by line.

    Decoding each line ourselves (rather than wrapping the file in a text reader) lets a bad
    byte be reported at its row and reading go on, so one run lists every broken row.
    """

    def __init__(self, file, problems):
        self.problems = problems
        self.bad_lines = set()
        lines = self._lines(file)
        first = next(lines, None)
        # Excel with Dutch settings (and our own export) separates with semicolons.
        delimiter = ";" if first and first.count(";") > first.count(",") else ","
        lines = itertools.chain([] if first is None else [first], lines)
        self.reader = csv.reader(lines, delimiter=delimiter, strict=True)

    def _lines(self, file):
        for number, line in enumerate(file, start=1):
            if isinstance(line, bytes):
                if number == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8) :]
                try:
                    line = line.decode("utf-8")
                except UnicodeDecodeError:
                    self.bad_lines.add(number)
                    line = line.decode("utf-8", errors="replace")
            elif number == 1:
                line = line.removeprefix("\ufeff")
            yield line

    def __iter__(self):
        """Yield (row number, values, whether the row had undecodable bytes)."""
        end = 0
        while True:
            start = end + 1
            try:
                values = next(self.reader)
            except StopIteration:
                return
            except csv.Error as error:
                # Strict parsing refuses stray quotes instead of guessing; go on after them.
                reason = _(
                    "this is not valid CSV (%(error)s); a value with commas, quotes or line "
                    "breaks goes in double quotes, with each quote inside it doubled"
                )
                self.problems.add(start, None, reason % {"error": error})
                if self.reader.line_num < start:
                    return
                end = self.reader.line_num
                continue
            end = self.reader.line_num
            yield start, values, any(n in self.bad_lines for n in range(start, end + 1))


FORMULA_START = ("=", "+", "-", "@")


def unguard(value):
    """Undo our export's guard against spreadsheet formulas: '=… was written for =…."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


NOT_UTF8 = gettext_lazy("contains bytes that are not UTF-8 text; save the file as “CSV UTF-8”")


# --- The shared import loop -------------------------------------------------------------------


class CsvImport:
    """Header check, row loop, batching, progress and the one transaction, for every import.

    Subclasses give the columns, `validate(row, record)` returning a planned write (or None
    after adding problems), and `write(batch)` recording outcomes in `self.report`.
    `reader(file, problems)` yields (row number, values, had undecodable bytes): CSV by
    default, an XLSX reader for the admin's upload.
    """

    columns = ()
    optional_columns = ()
    ignored_columns = ()  # accepted but not read (our own export adds them)

    def __init__(self, file, *, dry_run=False, progress=None, reader=CsvRecords, details=False):
        self.file = file
        self.progress = progress
        self.reader = reader
        self.problems = Problems()
        self.report = ImportReport(dry_run=dry_run, details=[] if details else None)

    def run(self):
        with transaction.atomic():
            self.load_lookups()
            records = iter(self.reader(self.file, self.problems))
            header = self.read_header(records)
            if header is not None:
                self.read_rows(header, records)
            if self.problems:
                raise ImportFailed(self.problems, self.report)
            if self.report.dry_run:
                transaction.set_rollback(True)
        return self.report

    def load_lookups(self):
        """Load what rows refer to into dicts once, so no row costs a query of its own."""

    def read_header(self, records):
        first = next(records, None)
        expected = ", ".join(self.columns)
        if first is None:
            self.problems.add(
                1, None, _("the file is empty; the first row must name the columns: %s") % expected
            )
            return None
        _row, names, bad = first
        if bad:
            self.problems.add(1, None, _("the header %s") % NOT_UTF8)
            return None
        names = [name.strip().lower() for name in names]
        before = self.problems.count
        known = set(self.columns) | set(self.optional_columns) | set(self.ignored_columns)
        seen = set()
        for name in names:
            if name in seen:
                self.problems.add(1, name, _("this column appears twice"))
            elif name not in known:
                self.problems.add(
                    1,
                    name or "(empty)",
                    _("unknown column; the columns are: %s")
                    % ", ".join((*self.columns, *self.optional_columns)),
                )
            seen.add(name)
        missing = [name for name in self.columns if name not in seen]
        if missing:
            self.problems.add(1, None, _("missing columns: %s") % ", ".join(missing))
        return names if self.problems.count == before else None

    def read_rows(self, header, records):
        batch = []
        for row, values, bad in records:
            if not any(value.strip() for value in values):
                continue  # blank lines and spreadsheet leftovers such as ",,,"
            self.report.rows += 1
            if self.progress and self.report.rows % PROGRESS_EVERY == 0:
                self.progress(self.report.rows)
            if len(values) != len(header):
                self.wrong_length(row, header, values)
                continue
            record = dict(zip(header, (unguard(value.strip()) for value in values), strict=True))
            if bad:
                self.not_utf8(row, record)
                continue
            if any("\x00" in value for value in values):
                self.not_text(row, record)
                continue
            planned = self.validate(row, record)
            if planned is not None:
                batch.append(planned)
            if len(batch) >= BATCH_SIZE:
                self.flush(batch)
                batch = []
        self.flush(batch)

    def wrong_length(self, row, header, values):
        counts = {"found": len(values), "expected": len(header)}
        if len(values) < len(header):
            self.problems.add(
                row,
                header[len(values)],
                _("the row ends early: %(found)s values where the header has %(expected)s columns")
                % counts,
            )
        else:
            self.problems.add(
                row,
                None,
                _(
                    "%(found)s values where the header has %(expected)s columns (a value with a "
                    "comma must be in double quotes)"
                )
                % counts,
            )

    def not_utf8(self, row, record):
        columns = [column for column, value in record.items() if "\ufffd" in value]
        for column in columns or [None]:
            self.problems.add(row, column, NOT_UTF8)

    def not_text(self, row, record):
        for column, value in record.items():
            if "\x00" in value:
                self.problems.add(
                    row, column, _("contains a NUL character; is this really a CSV text file?")
                )

    def flush(self, batch):
        """Write a batch, unless the file is already refused: then only checking goes on.

        A dry run is rolled back anyway, so it goes on writing to tell of every good row what
        it would do (the admin's preview shows that next to the refused rows).
        """
        if not batch or (self.problems and not self.report.dry_run):
            return
        try:
            with transaction.atomic():
                self.write(batch)
        except DatabaseError as error:
            self.problems.add(
                batch[0].row,
                None,
                _("the database refused the rows from here to row %(last)s: %(error)s")
                % {"last": batch[-1].row, "error": error},
            )

    def validate(self, row, record):
        raise NotImplementedError

    def write(self, batch):
        raise NotImplementedError


def parse_number(text):
    """A finite float written with a decimal point; ValueError with a helpful message if not."""
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(_("“%s” is not a number; write it with a decimal point: 52.09") % text)
    return number


def parse_point(row, record, problems):
    """Latitude and longitude from their columns: both or neither; (None, None) on a problem."""
    point = {}
    for column in ("latitude", "longitude"):
        text = record[column]
        if text:
            try:
                point[column] = parse_number(text)
            except ValueError as error:
                problems.add(row, column, str(error))
                return None, None
    if len(point) == 1:
        missing = "longitude" if "latitude" in point else "latitude"
        problems.add(row, missing, _("give both latitude and longitude, or neither"))
        return None, None
    return point.get("latitude"), point.get("longitude")


def add_validation_problems(row, error, problems, columns=None):
    """Report a model's ValidationError per column, skipping columns already reported."""
    columns = columns or {}
    skip = set(problems.columns_in(row))
    for name, messages in error.message_dict.items():
        column = None if name == NON_FIELD_ERRORS else columns.get(name, name)
        if column in skip:
            continue
        for message in messages:
            problems.add(row, column, message)


# --- Regions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One level of the CBS division: how its codes look and which level is its parent."""

    prefix: str
    model: type
    pattern: str
    example: str
    parent_field: str | None = None
    parent_prefix: str | None = None

    @property
    def name(self):
        return str(self.model._meta.verbose_name)


LEVELS = {
    level.prefix: level
    for level in (
        Level("PV", Province, r"PV[0-9]{2}", "PV26"),
        Level("GM", Municipality, r"GM[0-9]{4}", "GM0344", "province", "PV"),
        Level("WK", District, r"WK[0-9]{6}", "WK034401", "municipality", "GM"),
        Level("BU", Neighbourhood, r"BU[0-9]{4}[0-9A-Z]{4}", "BU03440100", "district", "WK"),
    )
}


@dataclass(frozen=True)
class PlannedRegion:
    row: int
    level: Level
    code: str
    parent_code: str
    name: str
    latitude: float | None
    longitude: float | None


class RegionImport(CsvImport):
    """CBS regions, upserted by code; a parent comes from the database or an earlier row."""

    columns = ("code", "name", "parent_code", "latitude", "longitude")

    def load_lookups(self):
        # Neighbourhoods are nobody's parent, so their ids are never needed.
        self.ids = {
            prefix: dict(LEVELS[prefix].model.objects.values_list("code", "id"))
            for prefix in ("PV", "GM", "WK")
        }
        self.rows_by_code = {}

    def validate(self, row, record):
        before = self.problems.count
        code = record["code"].upper()
        level = LEVELS.get(code[:2])
        if not code:
            self.problems.add(row, "code", _("a code is required"))
        elif level is None:
            self.problems.add(
                row,
                "code",
                _(
                    "unknown kind of region “%s”: a code starts with PV (province), "
                    "GM (municipality), WK (district) or BU (neighbourhood)"
                )
                % code,
            )
        elif not re.fullmatch(level.pattern, code):
            self.problems.add(
                row,
                "code",
                _("“%(code)s” is not a %(level)s code; they look like %(example)s")
                % {"code": code, "level": level.name, "example": level.example},
            )
        elif code in self.rows_by_code:
            self.problems.add(
                row,
                "code",
                _("“%(code)s” is already in row %(row)s")
                % {"code": code, "row": self.rows_by_code[code]},
            )
        else:
            self.rows_by_code[code] = row
        parent_code = record["parent_code"].upper()
        if level is not None:
            self.check_parent(row, level, parent_code)
        latitude, longitude = parse_point(row, record, self.problems)
        if level is not None:
            instance = level.model(
                code=code, name=record["name"], latitude=latitude, longitude=longitude
            )
            try:
                # The parent is checked above against known codes; the FK check would query.
                instance.clean_fields(exclude=[level.parent_field] if level.parent_field else [])
            except ValidationError as error:
                add_validation_problems(row, error, self.problems)
        if self.problems.count > before:
            return None
        return PlannedRegion(row, level, code, parent_code, record["name"], latitude, longitude)

    def check_parent(self, row, level, parent_code):
        if level.parent_prefix is None:
            if parent_code:
                self.problems.add(
                    row, "parent_code", _("a province has no parent; leave this empty")
                )
            return
        parent = LEVELS[level.parent_prefix]
        if not parent_code:
            self.problems.add(
                row,
                "parent_code",
                _("a %(level)s needs the code of its %(parent)s")
                % {"level": level.name, "parent": parent.name},
            )
        elif not parent_code.startswith(parent.prefix):
            self.problems.add(
                row,
                "parent_code",
                _("the parent of a %(level)s is a %(parent)s, whose code starts with %(prefix)s")
                % {"level": level.name, "parent": parent.name, "prefix": parent.prefix},
            )
        elif parent_code not in self.ids[parent.prefix] and parent_code not in self.rows_by_code:
            self.problems.add(
                row,
                "parent_code",
                _(
                    "unknown %(parent)s “%(code)s”: it is neither in the database nor in an "
                    "earlier row"
                )
                % {"parent": parent.name, "code": parent_code},
            )

    def write(self, batch):
        # Parents first: a municipality may point at a province created in this same batch.
        for prefix, level in LEVELS.items():
            planned = [region for region in batch if region.level is level]
            if planned:
                self.write_level(level, planned, self.ids.get(prefix))

    def write_level(self, level, planned, ids):
        model = level.model
        parent_attname = f"{level.parent_field}_id" if level.parent_field else None
        has_page = issubclass(model, PlacePage)
        fields = ["name", "latitude", "longitude"] + ([parent_attname] if parent_attname else [])
        fields += ["slug"] if has_page else []
        existing = {
            row["code"]: row
            for row in model.objects.filter(code__in=[p.code for p in planned]).values(
                "code", *fields
            )
        }
        parent_ids = self.ids[level.parent_prefix] if level.parent_prefix else {}
        changed = []
        for region in planned:
            values = {
                "name": region.name,
                "latitude": region.latitude,
                "longitude": region.longitude,
            }
            if parent_attname:
                values[parent_attname] = parent_ids[region.parent_code]
            if has_page:  # bulk_create skips PlacePage.save(), which makes the slug
                values["slug"] = PlacePage.slug_for(region.name, region.code)
            current = existing.get(region.code)
            if current is None:
                outcome = CREATED
            elif any(current[name] != value for name, value in values.items()):
                outcome = UPDATED
            else:
                outcome = UNCHANGED
            self.report.add(model._meta.verbose_name_plural, outcome)
            if outcome != UNCHANGED:
                changed.append(model(code=region.code, **values))
        written = model.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[name.removesuffix("_id") for name in fields],
        )
        if ids is not None:
            ids.update((region.code, region.pk) for region in written)


def import_regions(file, *, dry_run=False, progress=None):
    """Upsert CBS regions from a CSV `file` (binary); ImportFailed if any row is wrong."""
    return RegionImport(file, dry_run=dry_run, progress=progress).run()


# --- Postcodes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedPostcode:
    row: int
    postcode: str
    latitude: float
    longitude: float


class PostcodeImport(CsvImport):
    """Postcode areas with their centre, upserted by postcode: four digits (PC4) or six
    characters (PC6, `3511 AB` or `3511AB`, stored as `3511AB`)."""

    columns = ("postcode", "latitude", "longitude")

    def load_lookups(self):
        self.rows_by_postcode = {}

    def validate(self, row, record):
        before = self.problems.count
        match = geo.POSTCODE.fullmatch(record["postcode"])
        postcode = "".join(part.upper() for part in match.groups("")) if match else None
        if match is None:
            self.problems.add(
                row,
                "postcode",
                _("“%s” is not a postcode such as 3511 or 3511 AB") % record["postcode"],
            )
        elif postcode in self.rows_by_postcode:
            self.problems.add(
                row,
                "postcode",
                _("%(postcode)s is already in row %(row)s")
                % {"postcode": postcode, "row": self.rows_by_postcode[postcode]},
            )
        else:
            self.rows_by_postcode[postcode] = row
        latitude, longitude = parse_point(row, record, self.problems)
        if self.problems.count == before:
            if latitude is None:
                self.problems.add(row, "latitude", _("a latitude and longitude are required"))
            else:
                instance = Postcode(postcode=postcode, latitude=latitude, longitude=longitude)
                try:
                    instance.clean_fields()
                except ValidationError as error:
                    add_validation_problems(row, error, self.problems)
        if self.problems.count > before:
            return None
        return PlannedPostcode(row, postcode, latitude, longitude)

    def write(self, batch):
        existing = {
            postcode: (latitude, longitude)
            for postcode, latitude, longitude in Postcode.objects.filter(
                postcode__in=[p.postcode for p in batch]
            ).values_list("postcode", "latitude", "longitude")
        }
        changed = []
        for planned in batch:
            current = existing.get(planned.postcode)
            if current is None:
                outcome = CREATED
            elif current != (planned.latitude, planned.longitude):
                outcome = UPDATED
            else:
                outcome = UNCHANGED
            self.report.add(Postcode._meta.verbose_name_plural, outcome)
            if outcome != UNCHANGED:
                changed.append(
                    Postcode(
                        postcode=planned.postcode,
                        latitude=planned.latitude,
                        longitude=planned.longitude,
                    )
                )
        Postcode.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["latitude", "longitude"],
        )


def import_postcodes(file, *, dry_run=False, progress=None):
    """Upsert postcode centres from a CSV `file` (binary); ImportFailed if any row is wrong."""
    return PostcodeImport(file, dry_run=dry_run, progress=progress).run()


# --- Initiatives ------------------------------------------------------------------------------


YES = {"ja", "j", "yes", "y", "true", "1"}
NO = {"nee", "n", "no", "false", "0", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")
# Model fields whose CSV column has another name.
COLUMN_FOR_FIELD = {"scope": "werkgebied", "slug": "title"}


def slug_for(title):
    """The slug an initiative gets from its title (as unique_slug makes it), its import key."""
    max_length = Initiative._meta.get_field("slug").max_length
    return slugify(title)[: max_length - 6].strip("-")


class Vocabulary:
    """Themes or target groups by slug or name, case-insensitively, loaded once."""

    def __init__(self, model):
        self.label = str(model._meta.verbose_name)
        self.ids = {}
        for pk, slug, name in model.objects.values_list("pk", "slug", "name"):
            self.ids.setdefault(name.lower(), pk)
            self.ids[slug.lower()] = pk  # a slug wins over another term's name

    def get(self, term):
        return self.ids.get(term.lower())


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

    columns = (
        "title",
        "summary",
        "description",
        "themes",
        "target_groups",
        "tags",
        "municipality",
        "district",
        "postcode",
        "latitude",
        "longitude",
        "start_year",
        "status",
        "organisation",
        "website",
    )
    optional_columns = (
        "email",
        "state",
        "werkgebied",
        "vulnerable",
        "help_wanted",
        "last_verified",
    )
    ignored_columns = ("url", "updated_at")  # written by /initiatieven/export.csv

    def __init__(self, file, *, may_publish=True, **options):
        super().__init__(file, **options)
        # Without the publish permission (an admin upload by a Redacteur), no row may publish,
        # unpublish or archive; the command is run by someone who may do anything.
        self.may_publish = may_publish

    def load_lookups(self):
        self.themes = Vocabulary(Theme)
        self.target_groups = Vocabulary(TargetGroup)
        municipalities = list(Municipality.objects.only("id", "code", "name"))
        self.municipalities_by_id = {m.pk: m for m in municipalities}
        self.municipalities_by_code = {m.code: m for m in municipalities}
        self.municipalities_by_name = defaultdict(list)
        for municipality in municipalities:
            self.municipalities_by_name[municipality.name.lower()].append(municipality)
        self.districts = {d.code: d for d in District.objects.only("id", "code", "municipality_id")}
        self.tag_ids = {name.lower(): pk for pk, name in Tag.objects.values_list("pk", "name")}
        self.rows_by_slug = {}

    def validate(self, row, record):
        before = self.problems.count

        def problem(column, reason):
            self.problems.add(row, column, reason)

        slug = self.check_title(row, record["title"], problem)
        municipality, district = self.place(record, problem)
        values = {
            "title": record["title"],
            "summary": record["summary"],
            "description": sanitise(record["description"]),
            "municipality": municipality,
            "district": district,
            "postcode": self.postcode(record["postcode"], problem),
            "organisation": record["organisation"],
            "website": self.website(record["website"]),
            "start_year": self.year(record["start_year"], problem),
            "status": self.choice(
                record["status"], Initiative.Status, Initiative.Status.ACTIVE, "status", problem
            ),
        }
        values["latitude"], values["longitude"] = parse_point(row, record, self.problems)
        values.update(self.optional_values(record, problem))
        themes = self.terms(record["themes"], self.themes, "themes", problem)
        if not themes and "themes" not in self.problems.columns_in(row):
            problem("themes", _("at least one theme is required"))
        target_groups = self.terms(
            record["target_groups"], self.target_groups, "target_groups", problem
        )
        tags = self.tag_names(record["tags"], problem)

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
        return PlannedInitiative(row, slug, values, themes, target_groups, tags)

    def check_title(self, row, title, problem):
        if not title:
            problem("title", _("a title is required"))
            return ""
        slug = slug_for(title)
        if not slug:
            problem("title", _("the title needs at least one letter or digit"))
        elif slug in self.rows_by_slug:
            problem(
                "title",
                _(
                    "gives the same web address (“%(slug)s”) as the title in row %(row)s; "
                    "rows are matched by it, so titles must differ"
                )
                % {"slug": slug, "row": self.rows_by_slug[slug]},
            )
        else:
            self.rows_by_slug[slug] = row
        return slug

    def place(self, record, problem):
        municipality = None
        reference = record["municipality"]
        if reference:
            municipality = self.municipalities_by_code.get(reference.upper())
            if municipality is None:
                matches = self.municipalities_by_name.get(reference.lower(), [])
                if len(matches) == 1:
                    municipality = matches[0]
                elif matches:
                    problem(
                        "municipality",
                        _(
                            "“%(name)s” is the name of several municipalities; use the CBS code "
                            "(%(codes)s)"
                        )
                        % {"name": reference, "codes": ", ".join(m.code for m in matches)},
                    )
                else:
                    problem(
                        "municipality",
                        _(
                            "unknown municipality “%s”; use a CBS code such as GM0344 or the "
                            "exact name"
                        )
                        % reference,
                    )
        district = None
        if record["district"]:
            district = self.districts.get(record["district"].upper())
            if district is None:
                problem(
                    "district",
                    _("unknown district “%s”; use its CBS code, such as WK034401")
                    % record["district"],
                )
            elif municipality is not None and district.municipality_id != municipality.pk:
                other = self.municipalities_by_id[district.municipality_id]
                problem(
                    "district",
                    _(
                        "district %(district)s lies in %(other)s (%(other_code)s), not in "
                        "%(municipality)s (%(code)s)"
                    )
                    % {
                        "district": district.code,
                        "other": other.name,
                        "other_code": other.code,
                        "municipality": municipality.name,
                        "code": municipality.code,
                    },
                )
            elif municipality is None and not reference:
                municipality = self.municipalities_by_id[district.municipality_id]
        return municipality, district

    def postcode(self, text, problem):
        if not text:
            return ""
        match = geo.POSTCODE.fullmatch(text)
        if match is None:
            problem("postcode", _("“%s” is not a postcode such as 3511 or 3511 AB") % text)
            return ""
        digits, letters = match.groups()
        return f"{digits} {letters.upper()}" if letters else digits

    def website(self, text):
        """Spreadsheets often hold "www.example.org"; links need a scheme, so assume https."""
        if text and "://" not in text:
            return f"https://{text}"
        return text

    def year(self, text, problem):
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{1,4}", text):
            problem("start_year", _("“%s” is not a year such as 2019") % text)
            return None
        return int(text)

    def choice(self, text, choices, default, column, problem):
        value = text.lower()
        if not value:
            return default
        if value not in choices.values:
            problem(
                column,
                _("“%(value)s” is not allowed; use one of: %(allowed)s")
                % {"value": text, "allowed": ", ".join(choices.values)},
            )
            return default
        return value

    def optional_values(self, record, problem):
        """Values of the optional columns the file has; absent ones keep the model default."""
        values = {}
        if "email" in record:
            values["email"] = record["email"]
        if "state" in record:
            values["state"] = self.choice(record["state"], State, State.DRAFT, "state", problem)
        if "werkgebied" in record:
            values["scope"] = self.choice(
                record["werkgebied"],
                Initiative.Scope,
                Initiative.Scope.NEIGHBOURHOOD,
                "werkgebied",
                problem,
            )
        if "vulnerable" in record:
            text = record["vulnerable"].lower()
            if text not in YES | NO:
                problem(
                    "vulnerable",
                    _("“%s” is not yes or no; use ja or nee (or 1 or 0), or leave it empty")
                    % record["vulnerable"],
                )
            values["vulnerable"] = text in YES
        if "help_wanted" in record:
            wanted = {term.lower() for term in split_list(record["help_wanted"])}
            for term in sorted(wanted - set(Initiative.Help.values)):
                problem(
                    "help_wanted",
                    _("“%(value)s” is not a kind of help; use %(allowed)s")
                    % {"value": term, "allowed": ", ".join(Initiative.Help.values)},
                )
            values["help_wanted"] = [v for v in Initiative.Help.values if v in wanted]
        if "last_verified" in record:
            values["last_verified"] = self.date(record["last_verified"], problem)
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
            _("“%s” is not a date; write it as YYYY-MM-DD or DD-MM-YYYY") % text,
        )
        return None

    def terms(self, text, vocabulary, column, problem):
        ids = set()
        for term in split_list(text):
            pk = vocabulary.get(term)
            if pk is None:
                problem(
                    column,
                    _("unknown %(kind)s “%(term)s”; use the slug or name of an existing one")
                    % {"kind": vocabulary.label, "term": term},
                )
            else:
                ids.add(pk)
        return ids

    def tag_names(self, text, problem):
        max_length = Tag._meta.get_field("name").max_length
        names = {}
        for name in split_list(text):
            if len(name) > max_length:
                problem(
                    "tags",
                    _("tag “%(tag)s…” is longer than %(max)s characters")
                    % {"tag": name[:20], "max": max_length},
                )
            names.setdefault(name.lower(), name)
        return names

    def write(self, batch):
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
        new_links = {key: {} for key in current}
        created, updated = [], []
        kind = Initiative._meta.verbose_name_plural
        for planned in batch:
            instance = existing.get(planned.slug)
            if not self.may_publish and changes_publication(instance, planned.values):
                self.problems.add(planned.row, "state", MAY_NOT_PUBLISH)
                continue
            if instance is None:
                instance = self.new_initiative(planned)
                created.append((instance, planned))
                self.report.add(kind, CREATED, planned.row, instance)
                continue
            stale = [key for key in current if current[key][instance.pk] != planned.links(key)]
            changed = apply_values(instance, planned.values)
            if not changed and not stale:
                # Not saved, so updated_at keeps telling when it really changed.
                self.report.add(kind, UNCHANGED, planned.row, instance)
                continue
            columns = [COLUMN_FOR_FIELD.get(name, name) for name in changed] + stale
            self.report.add(kind, UPDATED, planned.row, instance, columns)
            history.pause(instance)  # recorded below, once its links are rewritten too
            instance.save()
            updated.append(instance)
            for key in stale:
                new_links[key][instance.pk] = self.link_ids(key, planned)
        Initiative.objects.bulk_create([instance for instance, _planned in created])
        for instance, planned in created:
            for key in new_links:
                new_links[key][instance.pk] = self.link_ids(key, planned)
        for relation, new in new_links.items():
            relink(relation, new)
        history.record_many(Initiative, [instance for instance, _planned in created], created=True)
        history.record_many(Initiative, updated, created=False)
        # bulk_create and relink bypass the signals that keep search current: index here.
        touched = {instance.pk for instance, _planned in created}
        touched.update(pk for new in new_links.values() for pk in new)
        search.update_search_index(Initiative, sorted(touched))

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
    "you may not publish, unpublish or archive initiatives; use the state draft or review, "
    "or leave the state as it is"
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

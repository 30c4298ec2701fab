"""The all-or-nothing CSV import engine: all rows are accepted, or none.

A file is read lazily, a line at a time, and written in batches inside one transaction, so a
national table never sits in memory whole and one bad row anywhere leaves the database as it
was. Every problem is collected (up to a cap) so an operator can fix a file in one go. Each
kind's import (places, initiatives) subclasses CsvImport; the management commands and the
admin's import screen share them.
"""

import codecs
import csv
import difflib
import itertools
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exports import unguarded

BATCH_SIZE = 1000
PROGRESS_EVERY = 10_000
MAX_PROBLEMS_SHOWN = 50

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


# --- Problems and reports ---------------------------------------------------------------------


# A title longer than this is cut short where a problem names its row.
TITLE_SHOWN = 60


@dataclass(frozen=True)
class Problem:
    """One reason to refuse a file, located the way a spreadsheet shows it (header = row 1):
    by row number, the row's title (if the kind has one), and the column as the file names
    it."""

    row: int
    column: str | None
    reason: str
    title: str = ""

    def __str__(self):
        values = {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
            "title": shorten(self.title),
        }
        if self.title and self.column:
            return _("row %(row)s (“%(title)s”), column %(column)s: %(reason)s") % values
        if self.title:
            return _("row %(row)s (“%(title)s”): %(reason)s") % values
        if self.column:
            return _("row %(row)s, column %(column)s: %(reason)s") % values
        return _("row %(row)s: %(reason)s") % values


def shorten(title):
    """A title as a problem shows it: printable, and not too long to read in one line."""
    title = "".join(c for c in title if c.isprintable())
    return title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1].rstrip() + "…"


class Problems:
    """Collects every problem but keeps only the first few, so a hopeless file stays cheap.

    Problems are added under a column's own name; they are shown under the heading the file
    gives it (`headings`), with the title of the row being read (see `reading`)."""

    def __init__(self):
        self.shown = []
        self.count = 0
        self.row = None
        self.row_columns = set()
        self.headings = {}
        self.title_row, self.title = None, ""

    def reading(self, row, title):
        """The row now read, and its title: a problem found in it names that title."""
        self.title_row, self.title = row, title

    def add(self, row, column, reason, title=None):
        self.count += 1
        if row != self.row:
            self.row, self.row_columns = row, set()
        self.row_columns.add(column)
        if title is None:
            title = self.title if row == self.title_row else ""
        if len(self.shown) < MAX_PROBLEMS_SHOWN:
            self.shown.append(Problem(row, self.headings.get(column, column), reason, title))

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


NOT_UTF8 = gettext_lazy(
    "This contains characters we cannot read. Save the file as “CSV UTF-8” and try again."
)


def match_key(text):
    """A heading or a name as an import compares them: without case, accents, spaces or
    punctuation, so that “Thema's”, “themas” and “THEMA’S” are one heading, “target_groups”
    and “Target groups” another, and “Sociale cohesie” is the theme “sociale-cohesie”."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if c.isalnum())


def column_letter(index):
    """The letter a spreadsheet shows above the column at `index` (0: A, 26: AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


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
    # Other headings a file may give a column, {heading: column}, such as Dutch ones. A
    # column's first is what messages call it when a file does not use the columns' names.
    headings = {}
    title_column = None  # the column whose value names a row in its problems

    def __init__(self, file, *, dry_run=False, progress=None, reader=CsvRecords, details=False):
        self.file = file
        self.progress = progress
        self.reader = reader
        self.problems = Problems()
        self.report = ImportReport(dry_run=dry_run, details=[] if details else None)
        self.own_names = False  # whether the file's headings are the columns' own names

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
        """The column of each heading of the first row, or None (with problems) if it is wrong.

        A heading is known by the column's name or any of its `headings`, compared by
        match_key."""
        first = next(records, None)
        if first is None:
            self.problems.add(
                1,
                None,
                _("The file is empty. The first row must name the columns: %s.")
                % ", ".join(map(self.heading, self.columns)),
            )
            return None
        _row, written, bad = first
        if bad:
            self.problems.add(1, None, NOT_UTF8)
            return None
        known = self.known_headings()
        names = [name.strip() for name in written]
        header = [known.get(match_key(name), (None, None))[0] for name in names]
        found = [(column, name) for column, name in zip(header, names, strict=True) if column]
        self.own_names = bool(found) and all(match_key(n) == match_key(c) for c, n in found)
        seen = {}
        before = self.problems.count
        for number, (column, name) in enumerate(zip(header, names, strict=True)):
            if not match_key(name):
                self.problems.add(
                    1,
                    None,
                    _(
                        "Column %(letter)s has no name. Give it a name from the list of "
                        "columns, or delete the column."
                    )
                    % {"letter": column_letter(number)},
                )
            elif column is None:
                self.problems.add(1, None, self.unknown_heading(name, known))
            elif column in seen:
                self.problems.add(
                    1,
                    None,
                    _("The column “%(name)s” appears twice (also as “%(other)s”). Delete one.")
                    % {"name": name, "other": seen[column]},
                )
            else:
                seen[column] = name
        self.problems.headings = seen
        missing = [self.heading(column) for column in self.columns if column not in seen]
        if missing:
            self.problems.add(
                1,
                None,
                _(
                    "These columns are missing in the first row: %s. Add them. A column may "
                    "stay empty, unless a value is required."
                )
                % ", ".join(missing),
            )
        return header if self.problems.count == before else None

    def known_headings(self):
        """{heading key: (column, heading as documented)} for every heading a file may use."""
        known = {}
        for heading, column in self.headings.items():
            known.setdefault(match_key(heading), (column, heading))
        for column in (*self.columns, *self.optional_columns, *self.ignored_columns):
            known.setdefault(match_key(column), (column, column))
        return known

    def heading(self, column):
        """What a message calls a column: the file's own heading for it, else the one a file
        like it would use."""
        if column in self.problems.headings:
            return self.problems.headings[column]
        if not self.own_names:
            for heading, each in self.headings.items():
                if each == column:
                    return heading
        return column

    def unknown_heading(self, name, known):
        """Why a heading is not known, with the known one it most resembles (if any)."""
        close = difflib.get_close_matches(match_key(name), list(known), n=1, cutoff=0.6)
        if close:
            return _("We do not know the column “%(name)s”. Did you mean “%(suggestion)s”?") % {
                "name": name,
                "suggestion": known[close[0]][1],
            }
        columns = (*self.columns, *self.optional_columns)
        return _("We do not know the column “%(name)s”. The columns are: %(columns)s.") % {
            "name": name,
            "columns": ", ".join(map(self.heading, columns)),
        }

    def read_rows(self, header, records):
        batch = []
        title = header.index(self.title_column) if self.title_column in header else None
        for row, values, bad in records:
            if not any(value.strip() for value in values):
                continue  # blank lines and spreadsheet leftovers such as ",,,"
            self.report.rows += 1
            if self.progress and self.report.rows % PROGRESS_EVERY == 0:
                self.progress(self.report.rows)
            if title is not None:
                self.problems.reading(
                    row, unguarded(values[title].strip()) if title < len(values) else ""
                )
            if len(values) != len(header):
                self.wrong_length(row, header, values)
                continue
            record = dict(zip(header, (unguarded(value.strip()) for value in values), strict=True))
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

        A dry run goes on regardless, so that `write` tells of every good row what it would do
        (the admin's preview shows that next to the refused rows); it is rolled back anyway,
        and a kind may write nothing in it (initiatives do not).
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

"""Initiatives in and out of the admin through django-import-export, on our own import rules.

django-import-export brings the screens (upload, preview, confirm, export) and the flow
between them; what a row means stays in initiatives.imports, shared with the
`import_initiatives` command. So the formats here do not parse a file into a tablib Dataset:
they hand the uploaded bytes on as an `Upload`, and `InitiativeResource.import_data` runs the
import on them (a dry run for the preview) and turns its report into the library's `Result`.
"""

import datetime
import io
from dataclasses import dataclass

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.resources import Resource
from import_export.results import InvalidRow, Result, RowResult
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from catalogue import exports as catalogue_exports
from catalogue import imports as engine

from . import exports, imports
from .models import Initiative

# An admin upload is a spreadsheet of some dozens of initiatives; national files go through
# the command. Past these limits the upload is refused before it costs much.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

# Exactly the columns the import reads, so an export can be imported again unchanged.
COLUMNS = (*imports.InitiativeImport.columns, *imports.InitiativeImport.optional_columns)

OUTCOME_TYPES = {
    engine.CREATED: RowResult.IMPORT_TYPE_NEW,
    engine.UPDATED: RowResult.IMPORT_TYPE_UPDATE,
    engine.UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
}


@dataclass(frozen=True)
class Upload:
    """An uploaded file as it came, with the reader that turns it into numbered rows."""

    data: bytes
    reader: object  # (file, problems) -> iterable of (row number, values, had bad bytes)


# --- Reading XLSX -----------------------------------------------------------------------------


def xlsx_text(value):
    """A cell as the text the same value has in a CSV file, so one set of rules reads both."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # Excel keeps every number as a float: 2019.0 is the year 2019
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


class XlsxRecords:
    """The rows of the first sheet of an Excel workbook, numbered as Excel shows them.

    Excel leaves out empty cells at the end of a row; they are put back up to the width of the
    header, so a row only "ends early" or "has too many values" when it really does.
    """

    def __init__(self, file, problems):
        self.file = file
        self.problems = problems

    def __iter__(self):
        # openpyxl raises many kinds of error on a damaged or foreign file, on opening it or
        # (reading lazily) on any row: each becomes a problem at the row it was found on.
        self.number = 1
        try:
            book = load_workbook(self.file, read_only=True, data_only=True)
        except Exception:
            self.problems.add(1, None, NOT_XLSX)
            return
        try:
            yield from self.rows(book.worksheets[0]) if book.worksheets else ()
        except Exception:
            self.problems.add(self.number, None, NOT_XLSX)
        finally:
            book.close()

    def rows(self, sheet):
        width = None
        for self.number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            number = self.number
            values = [xlsx_text(value) for value in cells]
            while values and not values[-1].strip():
                values.pop()
            if width is None:
                width = len(values)
            elif values and len(values) < width:
                values += [""] * (width - len(values))
            yield number, values, False


NOT_XLSX = gettext_lazy(
    "this is not an Excel workbook that can be read; save it in Excel as “Excel workbook "
    "(.xlsx)” or as “CSV UTF-8”"
)


NO_ROWS = gettext_lazy("there are no rows under the column names")


def capped(reader):
    """`reader` stopping with a problem after MAX_ROWS rows: an upload is no national table."""

    def read(file, problems):
        for number, values, bad in reader(file, problems):
            if number > MAX_ROWS + 1:
                problems.add(
                    number,
                    None,
                    _(
                        "the file has more than %(max)s rows; split it into files of at most "
                        "%(max)s rows"
                    )
                    % {"max": MAX_ROWS},
                )
                return
            yield number, values, bad

    return read


# --- Formats ----------------------------------------------------------------------------------


class UploadFormat:
    """What our two formats share: the upload is kept as bytes and read by our own reader."""

    reader = None

    def is_binary(self):
        return True  # so the library stores and reads the upload as bytes, undecoded

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        return Upload(in_stream, capped(self.reader))


class CsvFormat(UploadFormat, base_formats.CSV):
    """CSV as the site writes it for Excel with Dutch settings (see exports.py): UTF-8 with a
    byte order mark, `;` between columns, CRLF, text that looks like a formula neutralised.
    Reading takes `,` or `;`, as the command does."""

    reader = engine.CsvRecords

    def get_title(self):
        return "CSV"

    def get_extension(self):
        return "csv"

    def export_data(self, dataset, **kwargs):
        text = io.StringIO()
        writer = catalogue_exports.csv_writer(text)
        writer.writerow(dataset.headers)
        writer.writerows([catalogue_exports.cell(value) for value in row] for row in dataset)
        return ("\ufeff" + text.getvalue()).encode("utf-8")


class XlsxFormat(UploadFormat, base_formats.XLSX):
    """An Excel workbook of one sheet; numbers and dates stay numbers and dates."""

    reader = XlsxRecords

    def get_title(self):
        return "Excel (XLSX)"

    def get_extension(self):
        return "xlsx"

    def export_data(self, dataset, **kwargs):
        book = Workbook(write_only=True)
        sheet = book.create_sheet(str(Initiative._meta.verbose_name_plural))
        sheet.append(dataset.headers)
        for row in dataset:
            sheet.append([self.cell(sheet, value) for value in row])
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    def cell(self, sheet, value):
        if isinstance(value, bool | list | tuple):
            # ja/nee and ;-separated lists, as the import reads
            value = catalogue_exports.cell(value)
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, even if it starts with "=": never a formula
        return cell


FORMATS = (CsvFormat, XlsxFormat)


def example_file(file_format):
    """The example file in `file_format` (a class of FORMATS): the import's Dutch headings
    over two rows that import as they are (imports.example_rows)."""
    dataset = tablib.Dataset(headers=[column.heading for column in imports.COLUMNS])
    for row in imports.example_rows():
        dataset.append([row[column.name] for column in imports.COLUMNS])
    return file_format().export_data(dataset)


# --- The resource -----------------------------------------------------------------------------


class ImportPreview(Result):
    """The library's Result, plus what our preview shows: every row in file order with its
    outcome, and the problems of the refused rows with their columns."""

    def __init__(self, report, problems=(), hidden_problems=0):
        """`report` of a run with details; the `problems` shown if the file was refused."""
        super().__init__()
        self.report = report
        self.problems = problems
        self.hidden_problems = hidden_problems
        self.diff_headers = list(COLUMNS)
        self.total_rows = report.rows
        for outcome in report.details:
            row = RowResult()
            row.import_type = OUTCOME_TYPES[outcome.outcome]
            row.number = outcome.row
            row.instance = outcome.instance
            row.changed = outcome.changed
            row.add_instance_info(outcome.instance)
            self.append_row_result(row)
            self.increment_row_result_total(row)
        by_row, titles = {}, {}
        for problem in self.problems:
            by_row.setdefault(problem.row, {}).setdefault(
                problem.column or NON_FIELD_ERRORS, []
            ).append(problem.reason)
            titles[problem.row] = titles.get(problem.row) or engine.shorten(problem.title)
        for number, errors in sorted(by_row.items()):
            invalid = InvalidRow(number, ValidationError(errors), ())
            invalid.title = titles[number]  # shown beside its problems, as valid rows' are
            self.invalid_rows.append(invalid)
            self.totals[RowResult.IMPORT_TYPE_INVALID] += 1

    def lines(self):
        """(row number, outcome, row result or invalid row), in the order of the file."""
        lines = [(row.number, row.import_type, row) for row in self.rows]
        lines += [(row.number, RowResult.IMPORT_TYPE_INVALID, row) for row in self.invalid_rows]
        return sorted(lines, key=lambda line: line[0])


class InitiativeResource(Resource):
    """The columns and rules of `import_initiatives` (initiatives.imports), in both ways."""

    @classmethod
    def get_display_name(cls):
        return Initiative._meta.verbose_name_plural

    def get_user_visible_fields(self):
        return [Field(column_name=column) for column in COLUMNS]

    def import_data(self, dataset, dry_run=False, raise_errors=False, user=None, **kwargs):
        """Import an Upload all or nothing; a preview of every row in either case."""
        may_publish = user is not None and user.has_perm("initiatives.publish_initiative")
        try:
            report = imports.import_initiatives(
                io.BytesIO(dataset.data),
                dry_run=dry_run,
                reader=dataset.reader,
                details=True,
                may_publish=may_publish,
            )
        except engine.ImportFailed as failure:
            hidden = failure.count - len(failure.problems)
            return ImportPreview(failure.report, failure.problems, hidden)
        if not report.rows:  # the command may import nothing; an editor meant to import rows
            return ImportPreview(report, [engine.Problem(2, None, str(NO_ROWS))])
        return ImportPreview(report)

    def export(self, queryset=None, **kwargs):
        """The initiatives of `queryset` (the filtered change list) under the import's columns."""
        values = dict(exports.INITIATIVE_COLUMNS)
        values["email"] = catalogue_exports.attribute("email")
        values["state"] = catalogue_exports.attribute("state")
        columns = [(column, values[column]) for column in COLUMNS]
        dataset = tablib.Dataset(headers=list(COLUMNS))
        items = queryset.with_related().iterator(chunk_size=catalogue_exports.CHUNK_SIZE)
        for item in items:
            dataset.append([value(None, item) for _column, value in columns])
        return dataset

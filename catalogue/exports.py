"""CSV export of a result list: every matching row, on the same FilterSet as the page.

The file is made for Excel with Dutch settings: UTF-8 with a byte order mark (so Excel does not
guess another encoding), `;` between columns (the Dutch list separator, so commas in text and
decimal points in coordinates stay inside their cell), every field in double quotes and CRLF
line ends. Rows are streamed in chunks, so a national export never sits in memory whole.
Initiative columns follow the import format of DESIGN.md ("Data in and out"), without the
contact e-mail, which never leaves the site.
"""

import csv
import datetime
import re

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

# Rows fetched (and prefetched) per database round trip.
CHUNK_SIZE = 2000

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A program that splits a line on a comma, semicolon, tab or line break (not knowing our
# quotes) starts a cell there: a formula after one of them, and any spaces, is guarded too.
FORMULA_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n])(\s*)(?=[=+\-@])")
GUARD_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n])(\s*)'(?=[=+\-@])")


class Line:
    """A file-like object that hands back what the csv writer writes, one line at a time."""

    def write(self, text):
        return text


def csv_writer(file):
    """The writer of every CSV file the site makes: `;`, CRLF, and every field in quotes, so
    no program takes a comma or tab inside a text for the end of its cell."""
    return csv.writer(file, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL)


def spreadsheet_safe(text):
    """Text a spreadsheet shows as text: an apostrophe before a formula keeps it text, at the
    start and after every separator."""
    text = FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def unguarded(text):
    """The text spreadsheet_safe was given, for the import: our own export reads back the same."""
    text = GUARD_AFTER_SEPARATOR.sub(r"\1", text)
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def cell(value):
    """One value as the text of a cell; numbers and dates stay plain, text is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"  # the import reads ja/nee
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return spreadsheet_safe(";".join(str(item) for item in value))
    return spreadsheet_safe(str(value))


def invalid_filter_response(filterset):
    """400 in plain text, naming each parameter that is wrong and why."""
    problems = [
        f"{filterset.filters[name].label if name in filterset.filters else name}: {message}"
        for name, messages in filterset.errors.items()
        for message in messages
    ]
    text = _("This search does not work. Check the address:") + "\n" + "\n".join(problems)
    return HttpResponse(text + "\n", status=400, content_type="text/plain; charset=utf-8")


def csv_export(request, filterset, columns, name):
    """Stream every row of a valid `filterset` as `<name>-YYYY-MM-DD.csv`; else a 400.

    `columns` is a list of (header, function of (request, item) returning the value).
    """
    if not filterset.is_valid():
        return invalid_filter_response(filterset)
    items = filterset.qs.with_related().iterator(chunk_size=CHUNK_SIZE)
    # The rows are written after the view returns; links keep the language of the request.
    language = translation.get_language()

    def lines():
        writer = csv_writer(Line())
        yield "\ufeff" + writer.writerow([header for header, _value in columns])
        with translation.override(language):
            for item in items:
                yield writer.writerow([cell(value(request, item)) for _header, value in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def slugs(relation):
    return lambda request, item: [each.slug for each in getattr(item, relation).all()]


def tag_names(request, item):
    return [tag.name for tag in item.sorted_tags]


def code(place):
    return lambda request, item: getattr(item, place).code if getattr(item, place) else None


def attribute(name):
    return lambda request, item: getattr(item, name)


def absolute_url(request, item):
    return request.build_absolute_uri(item.get_absolute_url())

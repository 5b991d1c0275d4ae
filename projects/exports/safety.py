"""Spreadsheet safety: nothing a person typed can run as a formula when an export is opened in Excel or LibreOffice.

OWASP's CSV-injection guidance: a text cell starting with =, +, -, @, a tab, a carriage return or a line feed
gets a leading single quote, and double quotes inside a cell are doubled (the csv module does that when it
quotes). Numbers and dates are values, not text: they stay numbers and dates.
"""

import csv
import datetime as dt
import decimal

from django.utils import timezone
from django.utils.functional import Promise

DANGEROUS_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """The value made safe for a spreadsheet cell. Text is neutralised; numbers, dates and booleans pass through."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST_CHARACTERS):
        return "'" + value
    return value


def cell(value):
    """A value ready for openpyxl: safe text, naive local datetimes (Excel has no time zones), plain numbers."""
    value = neutralise(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, (list, tuple, set)):
        return neutralise(", ".join(str(item) for item in value))
    if isinstance(value, dict):
        return neutralise(str(value))
    return value


def csv_value(value):
    """A value ready for csv.writer: safe text; dates in ISO form; numbers left as numbers (written unquoted)."""
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    return str(value)


class _Echo:
    """A file-like object whose write() hands the line straight back, so a CSV can be streamed row by row."""

    def write(self, value):
        return value


def csv_writer(stream=None):
    # QUOTE_STRINGS: text is always quoted (and its quotes doubled); numbers are written bare and stay numbers.
    return csv.writer(stream or _Echo(), quoting=csv.QUOTE_STRINGS, lineterminator="\r\n")


def csv_lines(headers, rows):
    """Yield a CSV file line by line (a byte-order mark first, so Excel reads the text as UTF-8)."""
    writer = csv_writer()
    yield "\ufeff" + writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        yield writer.writerow([csv_value(value) for value in row])

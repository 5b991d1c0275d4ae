"""Spreadsheet safety: any text a person typed goes into an export intact enough to read, and never runs as a formula.

Two things happen to every text cell, here and only here (the workbook, the CSV files and the admin's exports all
come through `neutralise`):

1. Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF) are taken out: one of them in
   a single name used to make the whole .xlsx fail, and a lone surrogate cannot be written as UTF-8 at all.
   Word's line and page breaks (vertical tab, form feed) become line feeds; a lone surrogate becomes U+FFFD so a
   reader sees something was there.
2. OWASP's CSV-injection guidance: a text cell that starts with =, +, -, @, a tab, a carriage return or a line
   feed gets a leading single quote, and double quotes inside a cell are doubled (the csv module does that when
   it quotes). The same goes for full-width ＝＋－＠ (Excel with a Japanese or Chinese input method reads them as
   formulas) and for any of these after leading spaces, other whitespace or a byte-order mark, which some
   spreadsheet imports trim. Numbers and dates are values, not text: they stay numbers and dates.
"""

import csv
import datetime as dt
import decimal
import re
from functools import lru_cache

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
DANGEROUS_FIRST_CHARACTERS = (*FORMULA_CHARACTERS, "\t", "\r", "\n")
# Not whitespace to Python, but invisible, and trimmed by some imports before they look for a formula.
INVISIBLE_CHARACTERS = "\ufeff\u200b\u200c\u200d\u2060"
_LEADING_BLANKS = re.compile(rf"[\s{INVISIBLE_CHARACTERS}]*")

# Everything XML 1.0 allows is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")
_REPLACEMENTS = {"\x0b": "\n", "\x0c": "\n"}


def _replacement(match):
    character = match.group()
    if "\ud800" <= character <= "\udfff":
        return "\ufffd"
    return _REPLACEMENTS.get(character, "")


def readable_text(text):
    """Text with every character XML 1.0 (and so .xlsx) forbids taken out or replaced."""
    return _NOT_IN_XML.sub(_replacement, text)


# A text starting with none of these cannot be read as a formula: most cells are ruled out on their first character.
_MAYBE_FIRST = frozenset(DANGEROUS_FIRST_CHARACTERS + tuple(INVISIBLE_CHARACTERS))


def looks_like_a_formula(text):
    if not text or (text[0] not in _MAYBE_FIRST and not text[0].isspace()):
        return False
    if text.startswith(DANGEROUS_FIRST_CHARACTERS):
        return True
    return text[_LEADING_BLANKS.match(text).end():].startswith(FORMULA_CHARACTERS)


def neutralise(value):
    """The value made safe for a spreadsheet cell. Text is cleaned and neutralised; numbers, dates and booleans pass
    through."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = readable_text(value)
        if looks_like_a_formula(value):
            return "'" + value
    return value


def yes_no(value):
    """How every export writes a yes-or-no answer: the same words in the workbook, the CSV files and the page."""
    return gettext("Yes") if value else gettext("No")


def cell(value):
    """A value ready for openpyxl: safe text, "Yes" or "No", naive local datetimes (Excel has no time zones), plain
    numbers."""
    kind = type(value)  # the common kinds first, without the general path: a long record has a million cells
    if kind is str:
        return neutralise(value)
    if value is None or kind is int or kind is float:
        return value
    if kind is bool:
        return yes_no(value)
    value = neutralise(value)
    if isinstance(value, dt.datetime):
        return _local_and_naive(value, timezone.get_current_timezone()) if timezone.is_aware(value) else value
    if isinstance(value, (list, tuple, set)):
        return neutralise(", ".join(str(item) for item in value))
    if isinstance(value, dict):
        return neutralise(str(value))
    return value


@lru_cache(maxsize=4096)
def _local_and_naive(value, zone):
    # Remembered: the same times come back row after row (every attendance row carries its meeting's start).
    return value.astimezone(zone).replace(tzinfo=None)


def csv_value(value):
    """A value ready for csv.writer: safe text; dates in ISO form; numbers left as numbers (written unquoted)."""
    value = cell(value)
    if value is None:
        return ""
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

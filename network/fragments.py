"""A part of a page written once from exactly the values it shows, then kept in this process.

A meeting's card on the meetings list, a project's card on the projects list: the same card is written again and
again, for every member who opens the list, although it shows the same few values. `fragment` writes it from those
values alone (the template sees nothing else: no request, no signed-in member, no context processors), so the
text is a pure function of them and of the language and time zone in force, and keeps it under exactly that key.

Nothing can go out stale or to the wrong person: a change to any value the card shows is a new key, and a value
that is not plain data (a model instance, a queryset, anything whose equality is not its content) is refused, so a
card cannot show more than its key holds. Pass what the card shows, already worked out: a member's own reply is a
value like any other, so two members with different replies get different cards.
"""

import datetime as dt
import functools
from decimal import Decimal

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.functional import Promise

from notifications.services import render_text

# Values whose equality is their content. bool is its own type (True == 1), SafeString is a str that is not escaped:
# the key holds each value's type beside it, so neither can stand for the other.
PLAIN = (str, int, float, bool, type(None), Decimal, dt.date, dt.datetime, dt.time, dt.timedelta)
KEPT = 20_000  # cards kept per process; the oldest unused go first


def _plain(name, value):
    if isinstance(value, Promise):  # a translatable word: its text in the language in force, which is in the key
        return str, str(value)
    if isinstance(value, (tuple, list)):
        return tuple, tuple(_plain(name, item) for item in value)
    if isinstance(value, PLAIN):
        return type(value), value
    raise TypeError(f"fragment value {name!r} is a {type(value).__name__}: pass the plain values the part shows")


def _context(items):
    return {name: _value(typed) for name, typed in items}


def _value(typed):
    kind, value = typed
    if kind is tuple:
        return tuple(_value(item) for item in value)
    return value


@functools.lru_cache(maxsize=KEPT)
def _written(template_name, items, language, zone, text):
    with translation.override(language), timezone.override(zone):
        if text:  # a plain-text email's part: nothing HTML-escaped, as every plain text we send
            return render_text(template_name, _context(items))
        return get_template(template_name).render(_context(items))


def fragment(template_name, values, *, language=None, zone=None, text=False):
    """The template written from `values` only (a dict of plain values), in the language and time zone given or in
    force, as HTML or (text=True) as plain text; kept, see the module."""
    items = tuple(sorted((name, _plain(name, value)) for name, value in values.items()))
    key = (template_name, items, language or translation.get_language(),
           zone or timezone.get_current_timezone_name(), text)
    if settings.DEBUG:  # the demo's templates change under it while someone works on them: write every time
        return _written.__wrapped__(*key)
    return _written(*key)

"""A part of a page written once from exactly the values it shows, then kept in this process.

A meeting's card on the meetings list, a project's card on the projects list: the same card is written again and
again, for every member who opens the list, although it shows the same few values. `fragment` writes it from those
values alone (the template sees nothing else: no request, no signed-in member, no context processors), so the
text is a pure function of them and of the language and time zone in force, and keeps it under exactly that key.

Nothing can go out stale or to the wrong person: a change to any value the card shows is a new key, and a value
that is not plain data (a model instance, a queryset, anything whose equality is not its content) is refused, so a
card cannot show more than its key holds. Pass what the card shows, already worked out: a member's own reply is a
value like any other, so two members with different replies get different cards.

A value that is different on every card (an action's own words, written by a member) would make every card a new
key and nothing would be kept. Name it a hole: the card is written and kept with a marker where the value goes,
and the value is put in its place afterwards, escaped as the template would have escaped it. A hole must be shown
as it is (`{{ what }}`, no filter) and only tested for being empty; an empty one is passed to the template as it
is, so `{% if what %}` still sees it empty.
"""

import datetime as dt
import functools
import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from notifications.services import render_text

# Values whose equality is their content. bool is its own type (True == 1), SafeString is a str that is not escaped:
# the key holds each value's type beside it, so neither can stand for the other.
PLAIN = (str, int, float, bool, type(None), Decimal, dt.date, dt.datetime, dt.time, dt.timedelta)
KEPT = 20_000  # cards kept per process; the oldest unused go first
# Where a hole's value goes: letters and digits (nothing a template escapes), new in every process, so no text a
# member writes can be taken for one.
_SEAL = secrets.token_hex(8)


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


def _marker(name):
    return f"hole{_SEAL}{name.encode().hex()}end"


@functools.lru_cache(maxsize=64)
def _markers(markers):
    return re.compile("|".join(map(re.escape, markers)))


def fragment(template_name, values, *, holes=(), language=None, zone=None, text=False):
    """The template written from `values` only (a dict of plain values), in the language and time zone given or in
    force, as HTML or (text=True) as plain text; kept, see the module. `holes` name the values put in afterwards."""
    filled = {}
    if holes:
        values = dict(values)
        for name in holes:
            value = values[name]
            if value:
                if not isinstance(value, str):
                    raise TypeError(f"fragment hole {name!r} is a {type(value).__name__}: a hole holds text")
                values[name] = marker = _marker(name)
                filled[marker] = str(value) if text else conditional_escape(value)
    items = tuple(sorted((name, _plain(name, value)) for name, value in values.items()))
    key = (template_name, items, language or translation.get_language(),
           zone or timezone.get_current_timezone_name(), text)
    if settings.DEBUG:  # the demo's templates change under it while someone works on them: write every time
        written = _written.__wrapped__(*key)
    else:
        written = _written(*key)
    if not filled:
        return written
    # In one pass over the kept card, so a value that happens to hold a marker is never filled in itself.
    return mark_safe(_markers(tuple(sorted(filled))).sub(lambda found: filled[found.group()], written))  # noqa: S308

"""A figure's cell and a row's total written in Python: the figures page has hundreds of cells, and an include for
each one was most of the page's time."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure_cell(cell, hours=False):
    """'40% (12)' or '40% (12.5 hours)' when shown; 'hidden' when it comes from too few people; '–' for nobody."""
    if cell.shown:
        share = localize(cell.share) if cell.share is not None else "0"
        detail = f"{floatformat(cell.count, -1)} {escape(_('hours'))}" if hours else floatformat(cell.count, 0)
        return mark_safe(f'{share}% <span class="figure-detail">({detail})</span>')  # noqa: S308  numbers and our words
    if cell.people:
        return mark_safe(  # noqa: S308  our own words, escaped
            f'<span title="{escape(_("Hidden to protect people"))}">{escape(_("hidden"))}</span>')
    return "–"


@register.filter
def figure_total(row):
    """A row's total for everyone, or why it is not shown."""
    if row.shown:
        return floatformat(row.total, -1)
    return _("fewer than 3 people") if row.people else _("nobody")

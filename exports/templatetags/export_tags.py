import datetime as dt

from django import template
from django.utils import formats, timezone

from exports.safety import yes_no

register = template.Library()


@register.filter
def record_cell(value):
    """A record value as a person reads it on the printable page."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j M Y, H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    return value

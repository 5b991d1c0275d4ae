from django import template

from network import welsh as words

register = template.Library()


@register.filter
def welsh(obj, field):
    """{{ principle|welsh:"name" }}: the Welsh a lead wrote when the page is in Welsh, else the English."""
    return words.in_language(obj, field)


@register.filter
def needs_welsh(obj, field):
    """{% if project|needs_welsh:"summary" %}: in Welsh, with only English words to show."""
    return words.needs_welsh(obj, field)

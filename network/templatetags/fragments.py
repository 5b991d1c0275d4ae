from django import template

from network.fragments import fragment as write

register = template.Library()


@register.simple_tag
def fragment(template_name, holes="", **values):
    """{% fragment "meetings/_meeting_card.html" title=meeting.title … %}: the part written from those values only,
    kept in this process under exactly them (network/fragments.py). `holes="what"` names values put in afterwards."""
    return write(template_name, values, holes=tuple(holes.split()))

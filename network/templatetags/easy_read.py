"""{% pictogram "calendar" %}: one of our Easy Read pictures (static/pictograms/), always with its alt text."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Each picture and the words that say what it shows, for people who cannot see it.
PICTOGRAMS = {
    "access": _("Picture: a wheelchair user"),
    "calendar": _("Picture: a calendar"),
    "clock": _("Picture: a clock"),
    "envelope": _("Picture: an envelope"),
    "handshake": _("Picture: two hands shaking"),
    "house": _("Picture: a house"),
    "lightbulb": _("Picture: a light bulb, for an idea"),
    "list": _("Picture: a list"),
    "map-pin": _("Picture: a pin on a map"),
    "pen": _("Picture: a pen"),
    "people": _("Picture: people meeting"),
    "phone": _("Picture: a phone"),
    "question": _("Picture: a question mark"),
    "speech": _("Picture: a speech bubble"),
    "star": _("Picture: a star"),
    "tick": _("Picture: a tick"),
}


@register.simple_tag
def pictogram(name, size=64):
    return format_html(
        '<img class="pictogram" src="{}" alt="{}" width="{}" height="{}">',
        static(f"pictograms/{name}.svg"), PICTOGRAMS[name], size, size,
    )

from django import template

from ..roles import PRIVATE_LABEL, role_shown_to

register = template.Library()


@register.filter
def role_seen_by(member, viewer):
    """{{ person|role_seen_by:request.user }}: their main role if they show it (or it is you, or you are a lead),
    otherwise "Member"."""
    return member.get_role_display() if role_shown_to(viewer, member) else PRIVATE_LABEL

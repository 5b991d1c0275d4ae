"""Whose main role a person sees. A member's role is theirs to show: other members see it only where the member
chose to (Member.show_role_in_directory, "show my role to other members"); the member and the co-production leads
always see it. Elsewhere a person who keeps it private is grouped and counted as "Member"."""

from django.utils.translation import gettext_lazy as _

from .models import Role

PRIVATE = "private"  # the group (and filter value) of people who keep their main role to themselves
PRIVATE_LABEL = _("Member")


def sees_every_role(viewer):
    """Co-production leads see everyone's main role (they look after members; any role can be a lead)."""
    return viewer.has_perm("network.see_private_roles")


def role_shown_to(viewer, member, every_role=None):
    """`every_role`: sees_every_role(viewer), when asked once for a long list."""
    if member.show_role_in_directory or member.pk == viewer.pk:
        return True
    return bool(sees_every_role(viewer) if every_role is None else every_role)


def shown_group(member):
    """The group other members see someone in: their role if they show it, else PRIVATE."""
    return member.role if member.show_role_in_directory else PRIVATE


def group_label(value):
    return PRIVATE_LABEL if value == PRIVATE else Role(value).label


def group_values():
    """Every group in the order pages list them: the roles in the site's order, then "Member"."""
    return [*Role.values, PRIVATE]


def counts_seen(*, every_role, by_role, shown_by_role, kept):
    """[(label, count)] of the groups with anyone in them. A lead gets the true count of each role ({role: n});
    everyone else gets the count of each role among people who show it, then "Member" for the `kept` others, so no
    figure (nor its change when one person joins or replies) gives away a role someone keeps private."""
    if every_role:
        return [(Role(value).label, by_role.get(value, 0)) for value in Role.values if by_role.get(value, 0)]
    shown = [(Role(value).label, shown_by_role.get(value, 0)) for value in Role.values if shown_by_role.get(value, 0)]
    return shown + ([(PRIVATE_LABEL, kept)] if kept else [])

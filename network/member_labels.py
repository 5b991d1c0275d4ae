"""One way to name a member where someone chooses a person (an action's owner, a presenter, who is invited), so two
people with the same name can be told apart without showing what a member keeps to themselves.

The label is the name, then the main role if the viewer may see it (network.roles), then the projects they are in
that the viewer may see the members of, then, for co-production leads only, the start of their email address (or how
an offline member is reached). Labels for a page of members take one query for all their projects.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .roles import role_shown_to

PROJECTS_NAMED = 2  # then "and N more"
EMAIL_START = 3  # letters of the address shown to leads

# What a label reads from a member: fetch members with at least these fields.
FIELDS = ["pk", "display_name", "role", "show_role_in_directory", "email", "erased_at", "preferred_contact"]

_projects_of = None


def member_projects_come_from(source):
    """Where the projects a member is in come from: projects registers `source(member_ids, viewer)` returning
    {member_id: [project titles in order]}, each a project whose members the viewer may see. The member core imports
    no feature."""
    global _projects_of
    _projects_of = source


def sees_contact_details(viewer):
    """Co-production leads look after members, so they may tell people apart by their email address."""
    return viewer.has_perm("network.manage_members")


def email_start(email):
    """'ros…@example.org': enough to tell two addresses apart, not enough to write to."""
    local, _at, domain = email.partition("@")
    return f"{local[:EMAIL_START]}…@{domain}" if domain else f"{email[:EMAIL_START]}…"


def _projects_words(titles):
    if not titles:
        return ""
    named = ", ".join(titles[:PROJECTS_NAMED])
    more = len(titles) - PROJECTS_NAMED
    if more <= 0:
        return _("in %(projects)s") % {"projects": named}
    return ngettext("in %(projects)s and %(n)d more", "in %(projects)s and %(n)d more", more) % {
        "projects": named, "n": more}


def _contact_words(member):
    if member.email:
        return email_start(member.email)
    if member.erased_at is not None:
        return _("account erased")
    return _("no email, %(contact)s") % {"contact": member.get_preferred_contact_display().lower()}


def member_label(member, *, viewer, projects, sees_contact):
    """The words for one member, given the titles of their projects the viewer may see."""
    parts = [str(member)]
    if role_shown_to(viewer, member):
        parts.append(str(member.get_role_display()))
    parts.append(_projects_words(projects))
    if sees_contact:
        parts.append(str(_contact_words(member)))
    return " · ".join(str(part) for part in parts if part)


def labels_for(members, *, viewer, among=None):
    """{member pk: label} for members already fetched (with FIELDS): one query for all their projects. For a long
    list pass `among`, a query of the members' ids, so the database is not sent thousands of ids."""
    members = list(members)
    if among is None:
        among = [m.pk for m in members]
    projects = _projects_of(among, viewer) if _projects_of is not None and members else {}
    sees_contact = sees_contact_details(viewer)
    return {
        m.pk: member_label(m, viewer=viewer, projects=projects.get(m.pk, []), sees_contact=sees_contact)
        for m in members
    }

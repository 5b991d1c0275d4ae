"""One way to name a member where someone chooses a person (an action's owner, a presenter, who is invited), so two
people with the same name can be told apart without showing what a member keeps to themselves.

The label is the name, then the main role if the viewer may see it (network.roles), then the projects they are in
that the viewer may see the members of, then, for co-production leads only, the start of their email address (or how
an offline member is reached). Labels for a page of members take one query for all their projects.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ContactMethod, Role
from .roles import role_shown_to, sees_every_role

PROJECTS_NAMED = 2  # then "and N more"
EMAIL_START = 3  # letters of the address shown to leads

# What a label reads from a member: fetch members with at least these fields.
FIELDS = ["pk", "display_name", "role", "show_role_in_directory", "email", "erased_at", "preferred_contact"]



class Listed:
    """A member read as plain values (FIELDS), for long lists."""

    __slots__ = FIELDS

    def __init__(self, **values):
        for name in FIELDS:
            setattr(self, name, values[name])

    def __str__(self):
        return self.display_name or _("Member %(id)s") % {"id": self.pk}


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


class _Words:
    """The words every label uses, translated once per list rather than once per person (a list can be thousands)."""

    def __init__(self):
        self.roles = {value: str(label) for value, label in Role.choices}
        self.contact = {value: str(label).lower() for value, label in ContactMethod.choices}
        self.no_email = str(_("no email, %(contact)s"))
        self.erased = str(_("account erased"))
        self.in_projects = str(_("in %(projects)s"))

    def projects(self, titles):
        if not titles:
            return ""
        named = ", ".join(titles[:PROJECTS_NAMED])
        more = len(titles) - PROJECTS_NAMED
        if more <= 0:
            return self.in_projects % {"projects": named}
        return ngettext("in %(projects)s and %(n)d more", "in %(projects)s and %(n)d more", more) % {
            "projects": named, "n": more}

    def contact_for(self, member):
        if member.email:
            return email_start(member.email)
        if member.erased_at is not None:
            return self.erased
        return self.no_email % {"contact": self.contact.get(member.preferred_contact, "")}


def member_label(member, *, viewer, projects, sees_contact, sees_every_role, words):
    """The words for one member, given the titles of their projects the viewer may see."""
    parts = [str(member)]
    if role_shown_to(viewer, member, sees_every_role):
        parts.append(words.roles.get(member.role, ""))
    parts.append(words.projects(projects))
    if sees_contact:
        parts.append(words.contact_for(member))
    return " · ".join(part for part in parts if part)


def labels_for(members, *, viewer, among=None):
    """{member pk: label} for members already fetched (with FIELDS): one query for all their projects. For a long
    list pass `among`, a query of the members' ids, so the database is not sent thousands of ids."""
    members = list(members)
    if among is None:
        among = [m.pk for m in members]
    projects = _projects_of(among, viewer) if _projects_of is not None and members else {}
    asked = {"viewer": viewer, "sees_contact": sees_contact_details(viewer), "sees_every_role": sees_every_role(viewer),
             "words": _Words()}
    return {m.pk: member_label(m, projects=projects.get(m.pk, []), **asked) for m in members}

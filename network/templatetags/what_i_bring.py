"""What members bring, where other pages show it: the directory's people and a project's members (one read each)."""

from django import template

from .. import selectors_strengths

register = template.Library()


@register.simple_tag
def brought_in_directory(members):
    """{% brought_in_directory page.object_list as brought %}: {member id: pieces marked "directory"}."""
    return selectors_strengths.in_directory(members)


@register.simple_tag
def brought_in_project(memberships):
    """{% brought_in_project project.memberships.active as brought %}: what they share with their projects."""
    return selectors_strengths.in_project(memberships)


@register.filter
def brought_by(brought, member):
    """{{ brought|brought_by:person }}: that person's entry, or None."""
    return brought.get(member.pk)

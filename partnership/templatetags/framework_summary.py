"""The project page's line on the framework ("Meets 4 of 6 ways of working for Doing."): the page is drawn by
projects, which sits below partnership and does not import it, so the page asks for it by this tag."""

from django import template

from partnership.framework import summary_for_project

register = template.Library()


@register.simple_tag
def framework_summary(project):
    """{"met", "of"} for the project's current stage, from the cache when nothing it counts has changed."""
    return summary_for_project(project)

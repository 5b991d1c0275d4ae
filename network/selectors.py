"""What network pages read: the principles, the directory a page at a time with its role counts, a member's
consent history and powers. Things that change the network are in services.py."""

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import Count, Q

from .kept_counts import cached_figure
from .models import Member, Power, Role
from .paging import KnownCountPaginator

_principles = None


def principles_come_from(source):
    """The place the network page's principles plug in: projects (members reflect on projects against them)
    registers a function that lists the ones in use, in order. The member core imports no feature."""
    global _principles
    _principles = source


def principles():
    if _principles is None:
        raise ImproperlyConfigured("No app has said where the network's principles come from.")
    return list(_principles())


def directory_page(*, words, role, page_number, per_page):
    """(page, role options with how many): the directory found by name words and a role someone chose to show.
    Without a search the figures are the whole directory's: counted once, then kept until a member changes."""
    listed = Member.objects.in_directory()
    if words:
        query = Q()
        for word in words.split():
            query &= Q(display_name__icontains=word)
        listed = listed.filter(query)

    def role_counts():
        return dict(listed.filter(show_role_in_directory=True).order_by().values_list("role").annotate(n=Count("pk")))

    counts = role_counts() if words else cached_figure("directory.roles", role_counts)
    role_options = [{"value": value, "label": label, "count": counts.get(value, 0)} for value, label in Role.choices]
    if role:
        # Only people who chose to show their role can be found by it.
        listed = listed.filter(show_role_in_directory=True, role=role)
    ordered = listed.order_by("display_name", "pk")
    if words:
        paginator = Paginator(ordered, per_page)
    else:
        total = counts.get(role, 0) if role else cached_figure("directory.listed", listed.count)
        paginator = KnownCountPaginator(ordered, per_page, count=total)
    return paginator.get_page(page_number), role_options


def consent_history(member):
    return member.consents.select_related("recorded_by").order_by("-recorded_at", "-pk")


def powers_of(member):
    """Each power with whether the member holds it and the recorded grant: [(value, label, held, grant)]."""
    held = member.powers()
    latest = {}
    for change in member.power_changes.select_related("changed_by"):
        latest.setdefault(change.power, change)
    return [(value, label, value in held, latest.get(value) if value in held else None)
            for value, label in Power.choices]

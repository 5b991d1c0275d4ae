"""Reads for what members bring: a member's own pieces, the leads' search, and what the directory and a project's
page may show (each as the member chose, see network/rules.py may_see_what_they_bring)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch

from .models import Member
from .what_i_bring import TakingPart, WhatIBring, WhoMaySee


def mine(member):
    """(the member's pieces, their ways to take part or an unsaved empty row)."""
    pieces = list(WhatIBring.objects.filter(member=member))
    taking_part = TakingPart.objects.filter(member=member).first() or TakingPart(member=member)
    return pieces, taking_part


def find_people(*, q="", kind="", way="", page_number=None, per_page=20):
    """The leads' search over every piece (leads see them all): people with each word somewhere in what they bring
    (of the kind, if chosen) who like to take part in the way chosen. A page of members, each with their pieces."""
    people = Member.objects.active().not_erased()
    pieces = WhatIBring.objects.all()
    if kind:
        pieces = pieces.filter(kind=kind)
    words = q.split()
    for word in words:
        people = people.filter(pk__in=pieces.filter(text__icontains=word).values("member"))
    if kind and not words:
        people = people.filter(pk__in=pieces.values("member"))
    if way:
        # Codes are stored as a JSON list; no code is part of another, so the quoted code finds exactly it.
        people = people.filter(taking_part__ways__icontains=f'"{way}"')
    if not (words or kind or way):
        people = people.filter(pk__in=WhatIBring.objects.values("member"))
    people = (
        people.select_related("taking_part")
        .prefetch_related(Prefetch("what_i_bring", queryset=WhatIBring.objects.order_by("kind", "added_at", "pk")))
        .order_by("display_name", "pk")
    )
    return Paginator(people, per_page).get_page(page_number)


def _by_member(pieces, ways):
    brought = {}
    for piece in pieces:
        brought.setdefault(piece.member_id, {"pieces": [], "ways": None, "member": piece.member})["pieces"].append(piece)
    for taking_part in ways:
        if taking_part.ways:
            brought.setdefault(
                taking_part.member_id, {"pieces": [], "ways": None, "member": taking_part.member}
            )["ways"] = taking_part
    return brought


def in_directory(members):
    """{member id: {"pieces", "ways"}} for the directory's page of members: only what they marked "directory"."""
    ids = [member.pk for member in members]  # the page's own list, read once (the page shows it next)
    pieces = WhatIBring.objects.seen_in_directory().filter(member__in=ids).select_related("member")
    ways = TakingPart.objects.filter(member__in=ids, who_may_see=WhoMaySee.DIRECTORY).select_related("member")
    return _by_member(pieces, ways)


PROJECT_PIECES_SHOWN = 60


class Brought(list):
    """What a project's members bring, in name order; `more` is true when there was more than the page shows."""

    more = False


def in_project(memberships):
    """What a project's members bring, for people who may see its internals: only what they share with their
    projects (or the directory). `memberships` is the project's active memberships, as a queryset."""
    members = memberships.values("member")
    pieces = (
        WhatIBring.objects.seen_in_projects().filter(member__in=members)
        .select_related("member").order_by("member__display_name", "member_id", "kind", "pk")[:PROJECT_PIECES_SHOWN + 1]
    )
    ways = TakingPart.objects.filter(member__in=members, who_may_see__in=[WhoMaySee.PROJECTS, WhoMaySee.DIRECTORY]
    ).select_related("member")[:PROJECT_PIECES_SHOWN + 1]
    pieces, ways = list(pieces), list(ways)
    brought = Brought(sorted(_by_member(pieces[:PROJECT_PIECES_SHOWN], ways[:PROJECT_PIECES_SHOWN]).values(),
                             key=lambda entry: (entry["member"].display_name.lower(), entry["member"].pk)))
    brought.more = len(pieces) > PROJECT_PIECES_SHOWN or len(ways) > PROJECT_PIECES_SHOWN
    return brought

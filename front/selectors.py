"""What the leads' home in the admin reads: what needs doing first, a few of each with how many there are.

Each list is one query for its first rows and one for its count, whatever the size of the network.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from meetings.models import Attendance, Guest, Invitation, Meeting, Minutes
from network.models import Blockage, Enquiry
from projects.models import ProjectMembership

SHOWN = 6  # the first few of each list; the rest are one link away
# A register or minutes not done after this long is history, not a task: the list stays about what is recent.
LOOK_BACK = dt.timedelta(days=90)


@dataclass
class ToDo:
    rows: list
    count: int
    more: int = field(init=False)

    def __post_init__(self):
        self.more = max(self.count - len(self.rows), 0)


def _first_and_count(queryset):
    return ToDo(rows=list(queryset[:SHOWN]), count=queryset.count())


def upcoming_meetings_with_replies():
    """Published and draft meetings not over yet, soonest first, with how many said yes, no, and nothing yet."""
    replies = "invitations__response"
    meetings = (
        Meeting.objects.upcoming()
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("project")
        .annotate(
            coming=Count("invitations", filter=Q(**{replies: Invitation.Response.ATTENDING})),
            not_coming=Count("invitations", filter=Q(**{replies: Invitation.Response.APOLOGIES})),
            no_reply=Count("invitations", filter=Q(**{replies: Invitation.Response.NO_REPLY})),
            invited=Count("invitations"),
        )
    )
    return _first_and_count(meetings)


def registers_to_take(now=None):
    """Published meetings that have started, recently, with nobody on the register (members or guests)."""
    now = now or timezone.now()
    attendance = Attendance.objects.filter(meeting=OuterRef("pk"))
    guests = Guest.objects.filter(meeting=OuterRef("pk"))
    meetings = (
        Meeting.objects.published()
        .filter(starts_at__lte=now, starts_at__gte=now - LOOK_BACK)
        .exclude(Exists(attendance))
        .exclude(Exists(guests))
        .select_related("project")
        .order_by("-starts_at")
    )
    return _first_and_count(meetings)


def minutes_to_write(now=None):
    """Published meetings that have ended, recently, with no minutes yet."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.published()
        .filter(ends_at__lt=now, starts_at__gte=now - LOOK_BACK)
        .exclude(Exists(Minutes.objects.filter(meeting=OuterRef("pk"))))
        .select_related("project")
        .order_by("-starts_at")
    )
    return _first_and_count(meetings)


def join_requests_waiting():
    requests = ProjectMembership.objects.requested().select_related("member", "project").order_by("joined_at", "pk")
    return _first_and_count(requests)


def blockages_waiting():
    return _first_and_count(Blockage.objects.waiting().order_by("created_at", "pk"))


def enquiries_waiting():
    return _first_and_count(Enquiry.objects.waiting().order_by("created_at", "pk"))


def leads_home(now=None):
    """Everything on the leads' home, in the order a lead would do it."""
    return {
        "upcoming": upcoming_meetings_with_replies(),
        "registers": registers_to_take(now),
        "minutes": minutes_to_write(now),
        "join_requests": join_requests_waiting(),
        "blockages": blockages_waiting(),
        "enquiries": enquiries_waiting(),
    }

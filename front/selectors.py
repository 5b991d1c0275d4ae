"""What the two homes read. The leads' home in the admin: what needs doing first, a few of each with how many
there are (one query for its first rows and one for its count, whatever the size of the network). A member's home
on the site: their next step, their meetings, actions and projects, and what changed since they last came.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from involvement.selectors.claims import claims_news_for
from meetings.models import SHOWN_STATUSES, Attendance, Guest, Invitation, Meeting, Minutes, ways_a_member_may_come
from network.models import Blockage, Enquiry
from projects.models import Action, Project, ProjectMembership, StageChange

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


# ---- A signed-in member's home --------------------------------------------------------------------------------

HOME_SHOWN = 5  # the first few of each list on a member's home; "see all" links lead to the rest
FIRST_LOOK_BACK = dt.timedelta(days=30)  # what changed, on a first visit: the last month
SEEN_EVERY = dt.timedelta(hours=1)  # coming back to the home within the hour is the same visit


@dataclass(frozen=True)
class NextStep:
    """The one thing most worth doing now: pledge, reaffirm, reply, join, action, or nothing."""

    kind: str
    meeting: object = None
    action: object = None


@dataclass
class Few:
    rows: list
    more: bool  # there are more than the rows shown


def _few(queryset):
    rows = list(queryset[: HOME_SHOWN + 1])
    return Few(rows=rows[:HOME_SHOWN], more=len(rows) > HOME_SHOWN)


def _my_reply(member):
    mine = Invitation.objects.filter(meeting=OuterRef("pk"), member=member)
    return Subquery(mine.values("response")[:1])


def my_upcoming_meetings(member):
    """The member's meetings not over yet, soonest first, each with their reply (my_reply: None if not invited)."""
    meetings = Meeting.objects.of_member(member).upcoming().select_related("project").annotate(my_reply=_my_reply(member))
    few = _few(meetings)
    labels = dict(Invitation.Response.choices)
    for meeting in few.rows:
        meeting.my_reply_label = labels[meeting.my_reply or ""]
    return few


def meeting_to_reply_to(member, now=None):
    """The soonest published meeting, not started yet, the member may come to and has not answered."""
    now = now or timezone.now()
    answered = Invitation.objects.filter(meeting=OuterRef("pk"), member=member).exclude(
        response=Invitation.Response.NO_REPLY
    )
    return (
        Meeting.objects.of_member(member).published().filter(starts_at__gt=now)
        .exclude(Exists(answered)).order_by("starts_at", "pk").first()
    )


def my_open_actions(member):
    actions = Action.objects.for_member(member).open().select_related("project", "meeting")
    return _few(actions.order_by(F("due").asc(nulls_last=True), "pk"))


def my_projects(member):
    """The projects the member is in or has asked to join, by title."""
    memberships = ProjectMembership.objects.live().filter(member=member).select_related("project")
    return _few(memberships.order_by("project__title", "pk"))


def latest_minutes_for(member, since):
    """The latest minutes since `since` of meetings the member may come to (Meeting.objects.of_member), not their
    own. One short read for each way into a meeting, each from the newest minutes backwards, then the latest of
    those: a fixed three queries, none of which works out every meeting the member may come to."""
    latest = (
        Minutes.objects.filter(published_at__gt=since, meeting__status__in=SHOWN_STATUSES).exclude(published_by=member)
        .select_related("meeting").order_by("-published_at")
    )
    found = {m.pk: m for way in ways_a_member_may_come(member, through="meeting__") for m in latest.filter(way)[:HOME_SHOWN]}
    return sorted(found.values(), key=lambda m: (m.published_at, m.pk), reverse=True)[:HOME_SHOWN]


def changes_since(member, since):
    """Minutes published for the member's meetings and stage moves in their projects since `since`, latest
    first; what the member did themselves is not news to them."""
    minutes = latest_minutes_for(member, since)
    my_projects = ProjectMembership.objects.active().filter(member=member).values("project_id")
    moves = (
        StageChange.objects.filter(changed_at__gt=since, project_id__in=my_projects)
        .exclude(changed_by=member).select_related("project").order_by("-changed_at")[:HOME_SHOWN]
    )
    news = [{"when": m.published_at, "minutes": m} for m in minutes]
    news += [{"when": move.changed_at, "move": move} for move in moves]
    return sorted(news, key=lambda item: item["when"], reverse=True)


def last_visit(member, now=None):
    """The time the member's news starts from: the visit before this one, or a month back (not before they joined).
    front.services.note_home_visit has recorded this one."""
    now = now or timezone.now()
    return member.previous_seen_at or max(member.date_joined, now - FIRST_LOOK_BACK)


def next_step(member, *, pledge, projects):
    """The single most useful next step: the pledge first (it opens projects), then a reply, then a project,
    then an action that is late."""
    if pledge.current_version is not None and not pledge.has_signed_current:
        return NextStep("reaffirm" if pledge.should_reaffirm else "pledge")
    meeting = meeting_to_reply_to(member)
    if meeting is not None:
        return NextStep("reply", meeting=meeting)
    if not projects.rows and Project.objects.open_to_join().exists():
        return NextStep("join")
    late = Action.objects.for_member(member).overdue().order_by("due", "pk").first()
    if late is not None:
        return NextStep("action", action=late)
    return NextStep("none")


def member_home(member, *, pledge, now=None):
    """Everything on a signed-in member's home: a fixed number of queries, however much they are part of."""
    now = now or timezone.now()
    projects = my_projects(member)
    return {
        "next_step": next_step(member, pledge=pledge, projects=projects),
        "meetings": my_upcoming_meetings(member),
        "actions": my_open_actions(member),
        "projects": projects,
        "since": (since := last_visit(member, now)),
        "changes": changes_since(member, since),
        "claims": claims_news_for(member),
    }

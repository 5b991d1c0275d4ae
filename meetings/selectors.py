"""What meeting pages read: the lists a page at a time, who is coming, the meeting page's parts, and the
organiser's print-outs (access needs, people to phone or write to)."""

from collections import Counter

from django.db.models import Count, OuterRef, Prefetch, Subquery

from network.models import AccessNeed
from network.paging import lookahead_page
from network.roles import counts_seen, sees_every_role
from projects.models import Action

from .models import AgendaSuggestion, Attendance, CalendarFeed, Invitation, Meeting, Minutes, Paper


def meetings_seen_by(member, *, page_number, past_page_number, per_page):
    """(upcoming, past): a page of each, read without counting every meeting there has ever been; each meeting
    carries the member's own invitation (my_invitation) or None."""
    visible = Meeting.objects.visible_to(member).select_related("project").with_attending_count()
    upcoming = lookahead_page(visible.upcoming(), page_number, per_page)
    past = lookahead_page(visible.past(), past_page_number, per_page)
    shown = [*upcoming, *past]
    mine = {
        i.meeting_id: i
        for i in Invitation.objects.filter(member=member, meeting_id__in=[m.pk for m in shown]).only(
            "meeting_id", "response"
        )
    }
    for meeting in shown:
        meeting.my_invitation = mine.get(meeting.pk)
    return upcoming, past


def open_meeting_actions(member):
    """The member's open actions agreed at meetings."""
    return list(Action.objects.for_member(member).open().filter(meeting__isnull=False).select_related("meeting"))


def replies(meeting, viewer):
    """Who is coming by role, how many are coming and how many are waiting: one grouped query. People who keep
    their role private are counted as "Member" (except for a lead), so a reply never gives their role away."""
    coming, shown, kept, waiting = Counter(), Counter(), 0, 0
    grouped = (
        meeting.invitations.filter(response__in=[Invitation.Response.ATTENDING, Invitation.Response.WAITING])
        .order_by()
        .values_list("response", "member__role", "member__show_role_in_directory")
        .annotate(n=Count("pk"))
    )
    for response, role, shows_role, n in grouped:
        if response == Invitation.Response.ATTENDING:
            coming[role] += n
            if shows_role:
                shown[role] += n
            else:
                kept += n
        else:
            waiting += n
    attending = sum(coming.values())
    return {
        "role_counts": counts_seen(every_role=sees_every_role(viewer), by_role=coming, shown_by_role=shown, kept=kept),
        "attending_count": attending,
        "waiting_count": waiting,
        "places_left": None if meeting.capacity is None else max(meeting.capacity - attending, 0),
    }


def agenda(meeting):
    return meeting.agenda_items.select_related("presenter").prefetch_related(
        Prefetch("papers", queryset=Paper.objects.order_by("pk"))
    )


def papers_without_item(meeting):
    return meeting.papers.filter(agenda_item__isnull=True)


def suggestions_by(*, meeting, member):
    return AgendaSuggestion.objects.filter(meeting=meeting, suggested_by=member)


def minutes_seen(meeting, *, sees_drafts):
    """The meeting's minutes, or None; minutes not yet published only for someone who may see drafts (a lead)."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.published_at is None and not sees_drafts:
        return None
    return minutes


def has_minutes(meeting):
    return Minutes.objects.filter(meeting=meeting).exists()


def access_needs_sheet(meeting):
    """The organiser's print-out: who is coming or may come, what each needs, and how many need each thing."""
    coming = list(
        meeting.invitations.filter(response__in=[Invitation.Response.ATTENDING, Invitation.Response.MAYBE])
        .select_related("member").order_by("response", "member__display_name")
    )
    counts = Counter(code for invitation in coming if invitation.response == Invitation.Response.ATTENDING
                     for code in invitation.access_needs)
    return {
        "coming": coming,
        "summary": [(label, counts[value]) for value, label in AccessNeed.choices if counts[value]],
        "attending_count": sum(1 for i in coming if i.response == Invitation.Response.ATTENDING),
        "with_needs": [i for i in coming if i.access_needs or i.access_needs_notes.strip() or i.coming_with],
    }


def offline_invitations(meeting, *, added_by=None):
    """Invitations of members kept in touch by phone or post, by name; only those one lead added, if asked."""
    invitations = meeting.invitations.of_offline_members().select_related("member", "member__added_by")
    if added_by is not None:
        invitations = invitations.filter(member__added_by=added_by)
    return list(invitations.order_by("member__display_name"))


def feed_owner(token):
    """The active member whose secret calendar address this is, or None."""
    feed = CalendarFeed.objects.filter(token=token).select_related("member").first()
    return feed.member if feed is not None and feed.member.is_active else None


def feed_meetings(member):
    # visible_to() holds only meetings the member is invited to (or, for a lead, runs): the link is theirs.
    return list(Meeting.objects.visible_to(member).select_related("project").order_by("starts_at"))


# --- the lead's run-sheet ----------------------------------------------------------------------------------------

def reply_counts(meeting):
    """How many are coming, not coming, maybe, on the waiting list and not replied yet: one grouped query."""
    counts = dict(
        meeting.invitations.not_erased().order_by().values_list("response").annotate(n=Count("pk"))
    )
    response = Invitation.Response
    return {
        "coming": counts.get(response.ATTENDING, 0),
        "not_coming": counts.get(response.APOLOGIES, 0),
        "maybe": counts.get(response.MAYBE, 0),
        "waiting": counts.get(response.WAITING, 0),
        "no_reply": counts.get(response.NO_REPLY, 0),
        "invited": sum(counts.values()),
    }


def access_needs_page(meeting, *, page_number, per_page):
    """A page of the people coming, maybe coming or waiting who told us what helps them, by name."""
    with_needs = (
        meeting.invitations.not_erased()
        .filter(response__in=[Invitation.Response.ATTENDING, Invitation.Response.MAYBE, Invitation.Response.WAITING])
        .exclude(access_needs=[], access_needs_notes="", coming_with="")
        .select_related("member").order_by("member__display_name", "pk")
    )
    return lookahead_page(with_needs, page_number, per_page)


def register_page(meeting, *, page_number, per_page):
    """A page of the register: each invitee by name, their reply and what the register says now (register_status,
    empty if not recorded), in one query."""
    status = Attendance.objects.filter(meeting=meeting, member=OuterRef("member_id")).values("status")[:1]
    invitees = (
        meeting.invitations.not_erased().select_related("member")
        .annotate(register_status=Subquery(status)).order_by("member__display_name", "pk")
    )
    return lookahead_page(invitees, page_number, per_page)


def register_counts(meeting):
    counts = dict(meeting.attendance.order_by().values_list("status").annotate(n=Count("pk")))
    return {value: counts.get(value, 0) for value in Attendance.Status.values}


def run_sheet_minutes(meeting):
    """(minutes or None, the decisions' texts, the actions agreed) for the run-sheet's 'after' part."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    decisions = list(meeting.decisions.order_by("order", "pk").values_list("text", flat=True))
    return minutes, decisions, list(meeting.action_items())


def chairs(meeting):
    """The members who chaired or co-chaired the meeting, by name: one query."""
    from network.models import Member

    return list(Member.objects.filter(meetings_chaired__meeting=meeting).order_by("display_name", "pk"))


def chairs_shown_to(meeting, viewer):
    """Who chaired the meeting, for its page: each with display_name and role_label (their role when they chaired,
    or "" when they keep their role to themselves and the viewer may not see it, as in "Who is coming"). One query,
    however many chairs."""
    from network.models import Role
    from network.roles import role_shown_to

    from .models_chairs import MeetingChair

    every_role = sees_every_role(viewer)
    shown = []
    for chair in MeetingChair.objects.filter(meeting=meeting).select_related("member").order_by(
            "member__display_name", "pk"):
        member = chair.member
        role = chair.role_then or member.role
        member.role_label = Role(role).label if role and role_shown_to(viewer, member, every_role) else ""
        shown.append(member)
    return shown

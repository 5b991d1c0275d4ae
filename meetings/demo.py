"""Demo meetings: past and upcoming network meetings and a meeting for each project, with agendas, invitations,
replies with access needs, and for past meetings attendance, guests, minutes and actions.

Idempotent: meetings are keyed by title and each part is only added when the meeting has none yet. No emails are
sent: rows are written directly rather than through the services that queue emails.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from projects.models import Action

from .models import AgendaItem, AgendaSuggestion, Decision, Guest, Invitation, Meeting, Minutes
from .services import audience_members, start_attendance_register

VENUE = "Community Room, Riverside Centre, 12 Mill Lane"
VENUE_ACCESS = (
    "Step-free entrance from the car park. Accessible toilet on the ground floor. Hearing loop in the room. "
    "A quiet room is available next door."
)
NETWORK_AGENDA = [
    ("Welcome, introductions and how we work together", 15),
    ("What stops people getting involved: what we heard this month", 30),
    ("Updates from the projects", 30),
    ("Break", 15),
    ("Ideas for new projects", 20),
    ("Anything else, and the date of the next meeting", 10),
]
PROJECT_AGENDA = [("Where we are and what we agreed last time", 15), ("Working session", 60), ("Next steps", 15)]
MINUTES = {
    "Network meeting: autumn review": (
        "Twenty-two people came, including four people who had not been before. We looked back at the year: the "
        "calmer waiting rooms project has started, and people said the evening meetings made it easier to come.\n\n"
        "We talked about travel costs. Several people said waiting weeks to be paid back stops them coming.",
        "Pay travel costs back on the day, in cash or by bank transfer.\nHold every other network meeting at 6pm.",
        ["Set up paying travel costs on the day", "Book the Riverside Centre for evening meetings"],
    ),
    "Network meeting: what stops people getting involved": (
        "We split into small groups to talk about what gets in the way. The biggest things were meeting times, "
        "papers that are long and full of jargon, and not knowing what happens to what people say.\n\n"
        "Peer support workers offered to meet newcomers for a cup of tea before their first meeting.",
        "Every paper gets a one-page Easy Read summary.\nWe report back 'you said, we did' at every meeting.",
        ["Write an Easy Read template for papers", "Start a 'you said, we did' board on the network page"],
    ),
}
GUESTS = [("Ruth Calder", "Local camera society"), ("Tom Avery", "Commissioning team, visiting")]


def _at(days_from_today, hour):
    local = timezone.localdate() + dt.timedelta(days=days_from_today)
    return dt.datetime(local.year, local.month, local.day, hour, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))


def seed(members, projects):
    plan = [
        ("Network meeting: autumn review", -56, None),
        ("Network meeting: what stops people getting involved", -28, None),
        ("Network meeting: planning the new year", 14, None),
        ("Network meeting: spring gathering", 42, None),
    ]
    plan += [(f"{project.title}: working meeting", 7 + 3 * i, project) for i, project in enumerate(projects)]
    lead = members[0]
    meetings = []
    for title, days, project in plan:
        starts = _at(days, 14 if project is None else 10)
        meeting, _created = Meeting.objects.get_or_create(
            title=title,
            defaults={
                "kind": Meeting.Kind.PROJECT if project else Meeting.Kind.NETWORK,
                "project": project,
                "audience": Meeting.Audience.PROJECT if project else Meeting.Audience.NETWORK,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=2),
                "venue": VENUE,
                "venue_access": VENUE_ACCESS,
                "online_link": "https://meet.example.org/together-network",
                "capacity": 30 if project is None else 12,
                "status": Meeting.Status.PUBLISHED,
                "published_at": timezone.now(),
                "created_by": lead,
                "description": "Everyone is welcome. Tea, coffee and lunch provided. Travel costs paid back.",
            },
        )
        meetings.append(meeting)
        _agenda(meeting, members)
        _invitations(meeting)
        if meeting.is_past:
            _record_what_happened(meeting, members)
    _suggestions(meetings, members)
    return meetings


def _agenda(meeting, members):
    if meeting.agenda_items.exists():
        return
    items = NETWORK_AGENDA if meeting.project_id is None else PROJECT_AGENDA
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, title=title, minutes_allowed=minutes,
                   presenter=members[n % len(members)] if title != "Break" else None)
        for n, (title, minutes) in enumerate(items, start=1)
    )


def _invitations(meeting):
    if meeting.invitations.exists() or meeting.status != Meeting.Status.PUBLISHED:
        return
    invitees = list(audience_members(meeting).order_by("pk"))
    now = timezone.now()
    rows = []
    for n, member in enumerate(invitees):
        # About half reply "coming", some send apologies, some say maybe, the rest have not replied.
        response = [Invitation.Response.ATTENDING, Invitation.Response.ATTENDING, Invitation.Response.APOLOGIES,
                    Invitation.Response.MAYBE, Invitation.Response.NO_REPLY][n % 5]
        if meeting.capacity and response == Invitation.Response.ATTENDING and \
                sum(r.response == Invitation.Response.ATTENDING for r in rows) >= meeting.capacity:
            response = Invitation.Response.WAITING
        rows.append(Invitation(
            meeting=meeting, member=member, response=response,
            access_needs=list(member.access_needs or []) if response else [],
            access_needs_notes=member.access_needs_notes if response else "",
            responded_at=now if response else None,
            waiting_since=now if response == Invitation.Response.WAITING else None,
            invitation_sent_at=now if member.email else None,
        ))
    Invitation.objects.bulk_create(rows, ignore_conflicts=True)


def _record_what_happened(meeting, members):
    start_attendance_register(meeting=meeting)
    if not meeting.guests.exists():
        Guest.objects.bulk_create(Guest(meeting=meeting, name=name, about=about) for name, about in GUESTS)
    text, decisions, actions = MINUTES.get(meeting.title, ("We met and shared updates.", "", []))
    _minutes, made = Minutes.objects.get_or_create(
        meeting=meeting,
        defaults={"text": text, "published_at": meeting.ends_at + dt.timedelta(days=2), "published_by": members[0]},
    )
    if made:
        Decision.objects.bulk_create(Decision(meeting=meeting, text=line.strip(), order=n)
                                     for n, line in enumerate(decisions.splitlines(), start=1) if line.strip())
    if meeting.project_id is None and not meeting.actions.exists():
        Action.objects.bulk_create(
            Action(meeting=meeting, what=what, owner=members[(n + 2) % len(members)],
                   due=timezone.localdate(meeting.ends_at) + dt.timedelta(weeks=3),
                   done_at=meeting.ends_at + dt.timedelta(days=10) if n == 0 else None)
            for n, what in enumerate(actions)
        )


def _suggestions(meetings, members):
    upcoming = next((m for m in meetings if m.project_id is None and not m.is_past), None)
    if upcoming is None or upcoming.suggestions.exists():
        return
    AgendaSuggestion.objects.create(
        meeting=upcoming, suggested_by=members[5 % len(members)], title="Parking at the Riverside Centre",
        details="The car park fills up by ten, and the bus stop is a long walk for some of us.",
    )
    AgendaSuggestion.objects.create(
        meeting=upcoming, suggested_by=members[8 % len(members)], title="Training in chairing meetings",
        details="I would like to co-chair one day but I have never done it.",
    )

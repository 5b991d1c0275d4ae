"""A project's meetings, what was said and decided there, and who came, as parts of the project's record
(projects/record.py): the meetings, their agendas, the papers (names, not files), the minutes, the decisions and the
attendance. The actions agreed at a meeting are the project's actions, in the project's own part."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from projects.record import Part, Several, add_parts, label, person, shown_role

from .models import AgendaItem, Attendance, Decision, Guest, Meeting, Minutes, Paper

# What each part reads of the meetings it names: not whole rows.
MEETING_FIELDS = ("meeting__title", "meeting__starts_at")
IN_MEETING_ORDER = ("meeting__starts_at", "meeting__pk")


def _meetings(project):
    return project.meetings.order_by("starts_at", "pk")


def _agenda(project):
    return (
        AgendaItem.objects.filter(meeting__project=project)
        .select_related("meeting", "presenter")
        .only(*MEETING_FIELDS, "order", "title", "presenter_name", "minutes_allowed", "notes",
              "presenter__display_name")
        .order_by(*IN_MEETING_ORDER, "order", "pk")
    )


def _papers(project):
    return (
        Paper.objects.filter(meeting__project=project)
        .select_related("meeting", "agenda_item")
        .only(*MEETING_FIELDS, "agenda_item__title", "title", "original_name", "content_type", "uploaded_at")
        .order_by(*IN_MEETING_ORDER, "agenda_item__order", "pk")
    )


def _minutes(project):
    return (
        Minutes.objects.filter(meeting__project=project)
        .select_related("meeting", "published_by")
        .only(*MEETING_FIELDS, "text", "published_at", "published_by__display_name")
        .order_by(*IN_MEETING_ORDER)
    )


def _decisions(project):
    return Decision.objects.filter(meeting__project=project).select_related("meeting").only(
        *MEETING_FIELDS, "order", "text"
    ).in_order()


def _attendance(project):
    # Plain rows, not models: the longest part of a record (40 people at each of a thousand meetings), and building
    # three model instances a row was most of its time. The names match a member's, so network.roles reads them.
    in_meetings = {"meeting_title": F("meeting__title"), "meeting_starts_at": F("meeting__starts_at")}
    members = (
        Attendance.objects.filter(meeting__project=project)
        .order_by(*IN_MEETING_ORDER, "member__display_name", "pk")
        .annotate(**in_meetings, display_name=F("member__display_name"), role=F("member__role"),
                  show_role_in_directory=F("member__show_role_in_directory"))
        .values_list(*in_meetings, "display_name", "role", "show_role_in_directory", "status", named=True)
    )
    guests = (
        Guest.objects.filter(meeting__project=project)
        .order_by(*IN_MEETING_ORDER, "name", "pk")
        .annotate(**in_meetings)
        .values_list(*in_meetings, "name", named=True)
    )
    return Several([members, guests])


def _attendance_row(entry, all_roles):
    if hasattr(entry, "status"):
        return [entry.meeting_title, entry.meeting_starts_at, entry.display_name, shown_role(entry, all_roles),
                label(Attendance.Status, entry.status)]
    # A guest: not a member, recorded by name only, and present by being recorded.
    return [entry.meeting_title, entry.meeting_starts_at, entry.name, GUEST, PRESENT]


GUEST, PRESENT = _("Guest"), _("Present")
MEETING_HEADERS = [_("Meeting"), _("Meeting date")]

MEETINGS = Part(
    "meetings", _("Meetings"),
    [_("Meeting"), _("Kind"), _("Status"), _("Starts"), _("Ends"), _("Venue"), _("Places")],
    _meetings,
    lambda meeting: [
        meeting.title, label(Meeting.Kind, meeting.kind), label(Meeting.Status, meeting.status), meeting.starts_at, meeting.ends_at,
        meeting.venue, meeting.capacity,
    ],
)
AGENDA = Part(
    "agenda", _("Agendas"),
    [*MEETING_HEADERS, _("Order"), _("Item"), _("Presenter"), _("Minutes allowed"), _("Notes")],
    _agenda,
    lambda item: [
        item.meeting.title, item.meeting.starts_at, item.order, item.title,
        item.presenter.display_name if item.presenter_id else item.presenter_name, item.minutes_allowed, item.notes,
    ],
)
PAPERS = Part(
    "papers", _("Papers"),
    [*MEETING_HEADERS, _("For agenda item"), _("Paper"), _("File name"), _("Kind of file"), _("Added")],
    _papers,
    lambda paper: [
        paper.meeting.title, paper.meeting.starts_at, paper.agenda_item.title if paper.agenda_item_id else "",
        paper.title, paper.original_name, paper.content_type, paper.uploaded_at,
    ],
)
MINUTES = Part(
    "minutes", _("Minutes"),
    [*MEETING_HEADERS, _("What was discussed"), _("Published"), _("Published by")],
    _minutes,
    lambda minutes: [
        minutes.meeting.title, minutes.meeting.starts_at, minutes.text, minutes.published_at,
        person(minutes.published_by),
    ],
)
DECISIONS = Part(
    "decisions", _("Decisions"),
    [*MEETING_HEADERS, _("Decision")],
    _decisions,
    lambda decision: [decision.meeting.title, decision.meeting.starts_at, decision.text],
)
ATTENDANCE = Part(
    "attendance", _("Attendance"),
    [*MEETING_HEADERS, _("Name"), _("Main role"), _("Attendance")],
    _attendance,
    _attendance_row,
    shows_roles=True,
)

add_parts([MEETINGS, AGENDA, PAPERS, MINUTES, DECISIONS, ATTENDANCE], after="members")

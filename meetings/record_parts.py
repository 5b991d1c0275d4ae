"""A project's meetings and who came, as parts of the project's record (projects/record.py)."""

from django.utils.translation import gettext_lazy as _

from projects.record import Part, Several, add_parts, person, shown_role

from .models import Attendance, Guest


def _meetings(project):
    return project.meetings.order_by("starts_at", "pk")


def _attendance(project):
    members = (
        Attendance.objects.filter(meeting__project=project)
        .select_related("meeting", "member")
        .order_by("meeting__starts_at", "meeting__pk", "member__display_name", "pk")
    )
    guests = Guest.objects.filter(meeting__project=project).select_related("meeting").order_by(
        "meeting__starts_at", "meeting__pk", "name", "pk"
    )
    return Several([members, guests])


def _attendance_row(entry, all_roles):
    if hasattr(entry, "member"):
        return [entry.meeting.title, entry.meeting.starts_at, person(entry.member), shown_role(entry.member, all_roles),
                entry.get_status_display()]
    # A guest: not a member, recorded by name only, and present by being recorded.
    return [entry.meeting.title, entry.meeting.starts_at, entry.name, _("Guest"), _("Present")]


MEETINGS = Part(
    "meetings", _("Meetings"),
    [_("Meeting"), _("Kind"), _("Status"), _("Starts"), _("Ends"), _("Venue"), _("Places")],
    _meetings,
    lambda meeting: [
        meeting.title, meeting.get_kind_display(), meeting.get_status_display(), meeting.starts_at, meeting.ends_at,
        meeting.venue, meeting.capacity,
    ],
)
ATTENDANCE = Part(
    "attendance", _("Attendance"),
    [_("Meeting"), _("Meeting date"), _("Name"), _("Main role"), _("Attendance")],
    _attendance,
    _attendance_row,
    shows_roles=True,
)

add_parts([MEETINGS, ATTENDANCE], after="members")

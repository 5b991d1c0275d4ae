"""RFC 5545 calendars: one meeting, a cancellation notice, and a member's personal feed (icalendar library).

Every meeting is one VEVENT with its own UID, a meeting of a series too (never an RRULE): see meetings/series.py."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from notifications.services import absolute_url

from .models import Meeting

PRODID = "-//Co-production network//Meetings//EN"


def _calendar(method=None, name=None):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _event(meeting, *, with_online_link):
    event = Event()
    event.add("uid", meeting.calendar_uid)
    event.add("dtstamp", timezone.now())
    # Local times with their TZID, so calendars show the network's time even across a clock change.
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    url = absolute_url("meetings:detail", pk=meeting.pk)
    event.add("url", url)
    location = meeting.venue
    description = [meeting.description.strip()] if meeting.description.strip() else []
    if meeting.venue_access.strip():
        description.append(_("Getting there and access: %(access)s") % {"access": meeting.venue_access.strip()})
    if with_online_link and meeting.online_link:
        location = f"{location} / {meeting.online_link}" if location else meeting.online_link
        description.append(_("Join online: %(link)s") % {"link": meeting.online_link})
        event.add("conference", meeting.online_link, parameters={"value": "URI", "feature": "VIDEO"})
    description.append(_("Agenda and papers: %(url)s") % {"url": url})
    if location:
        event.add("location", location)
    event.add("description", "\n\n".join(description))
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    elif meeting.status == Meeting.Status.PUBLISHED:
        event.add("status", "CONFIRMED")
    else:
        event.add("status", "TENTATIVE")
    return event


def meeting_ics(meeting, *, with_online_link, method="PUBLISH"):
    """The .ics for one meeting. method="CANCEL" for the copy attached to a cancellation email."""
    cal = _calendar(method=method)
    cal.add_component(_event(meeting, with_online_link=with_online_link))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_ics(member, meetings, *, online_link_for):
    """A member's personal feed: every meeting they may see, cancelled ones marked as cancelled."""
    cal = _calendar(name=_("%(network)s: my meetings") % {"network": settings.NETWORK_NAME})
    for meeting in meetings:
        cal.add_component(_event(meeting, with_online_link=online_link_for(meeting)))
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_filename(meeting):
    return f"meeting-{meeting.pk}.ics"

"""Series of meetings: made once, then each meeting in it is an ordinary meeting (its own invitations, replies,
reminders, calendar entry and minutes), made and changed through meetings.services like any other.

Calendars: each meeting of a series is its own VEVENT with its own UID, in its .ics and in the personal feed alike;
no RRULE is sent. A calendar app then shows exactly the meetings we hold, a changed or cancelled one included,
without the exceptions (RECURRENCE-ID, EXDATE) an RRULE would need and many calendar apps get wrong.

Meetings already held (started) never change. Each service is one transaction; emails go after it commits.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Meeting
from .models_series import MOST_MEETINGS_IN_A_SERIES, MeetingSeries

# What a series gives each of its meetings, and what "this and all that follow" may change.
COPIED_FIELDS = ("title", "kind", "project", "description", "venue", "venue_access", "online_link", "capacity",
                 "audience")
FOLLOWING_FIELDS = (*COPIED_FIELDS, "starts_at", "ends_at", "chosen_members")


class SeriesError(services.MeetingError):
    """A refusal about a series of meetings."""


class SeriesTooLong(SeriesError):
    message = _("A series can have at most 52 meetings, and these dates make more. Choose an earlier last date or "
                "a smaller number of meetings.")


class SeriesEndsBeforeItStarts(SeriesError):
    message = _("The last date is before the first date. Choose a last date after the first one.")


class NoMeetingsInSeries(SeriesError):
    message = _("No meetings fall between these dates on that day. Check the dates and the day of the week.")


class SeriesStartsInThePast(SeriesError):
    message = _("The first meeting would be in the past. Choose a first date from today on.")


class NotInASeries(SeriesError):
    message = _("This meeting is not one of a series.")


class SeriesEnded(SeriesError):
    message = _("This series has already been ended.")


def meeting_times(series):
    """(starts_at, ends_at) of each meeting the series would make, or a refusal saying why it cannot be made."""
    if series.until is not None and series.until < series.first_date:
        raise SeriesEndsBeforeItStarts()
    times = series.occurrence_times()
    if not times:
        raise NoMeetingsInSeries()
    if len(times) > MOST_MEETINGS_IN_A_SERIES:
        raise SeriesTooLong()
    if times[0][0] <= timezone.now():
        raise SeriesStartsInThePast()
    return times


@transaction.atomic
def create_series(*, series, by, chosen_members=(), publish=False):
    """Save the series and make each of its meetings, as drafts or published with invitations sent (each meeting
    then has its own invitations and reminders, as any meeting does). Returns the meetings, first to last."""
    times = meeting_times(series)
    series.created_by = by
    series.save()
    series.chosen_members.set(chosen_members)
    meetings = []
    for starts_at, ends_at in times:
        meeting = Meeting(**{field: getattr(series, field) for field in COPIED_FIELDS}, starts_at=starts_at,
                          ends_at=ends_at, series=series, status=Meeting.Status.DRAFT)
        services.save_meeting(meeting=meeting, by=by)
        meeting.chosen_members.set(chosen_members)
        meetings.append(meeting)
    if publish:
        for meeting in meetings:
            services.publish_and_invite(meeting=meeting, by=by)
    return meetings


def _apply(meeting, changes, by):
    changes = dict(changes)
    members = changes.pop("chosen_members", None)
    for field, value in changes.items():
        setattr(meeting, field, value)
    services.save_meeting(meeting=meeting, by=by)
    if members is not None:
        meeting.chosen_members.set(members)
    services.refresh_audience(meeting=meeting)


@transaction.atomic
def change_occurrence(*, meeting, by, changes):
    """Change one meeting of a series and no other (as the meeting's own admin page does for any meeting)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _apply(meeting, changes, by)
    return meeting


def _local_wall_time(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


@transaction.atomic
def change_following(*, meeting, by, changes):
    """Change this meeting and every later one in its series that has not started; held and cancelled meetings
    stay as they were. A new time moves each meeting by the same number of days to the same local time.

    `changes` maps fields of FOLLOWING_FIELDS to their new values. Returns the meetings changed."""
    unknown = set(changes) - set(FOLLOWING_FIELDS)
    if unknown:
        raise ValueError(f"Not a field a series changes: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.series_id is None:
        raise NotInASeries()
    following = list(
        Meeting.objects.select_for_update()
        .filter(series_id=meeting.series_id, starts_at__gte=meeting.starts_at, starts_at__gt=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED).order_by("starts_at")
    )
    others = {field: value for field, value in changes.items() if field not in ("starts_at", "ends_at")}
    was_start = _local_wall_time(meeting.starts_at)
    new_start = _local_wall_time(changes.get("starts_at", meeting.starts_at))
    new_end = _local_wall_time(changes.get("ends_at", meeting.ends_at))
    day_shift, length = new_start.date() - was_start.date(), new_end - new_start
    zone = timezone.get_default_timezone()
    for each in following:
        local_start = dt.datetime.combine(_local_wall_time(each.starts_at).date() + day_shift, new_start.time())
        times = {"starts_at": local_start.replace(tzinfo=zone), "ends_at": (local_start + length).replace(tzinfo=zone)}
        _apply(each, {**others, **times}, by)
    _remember_on_series(meeting.series_id, others, new_start, new_end)
    return following


def _remember_on_series(series_id, changes, new_start, new_end):
    """The series says what its meetings are like now, so its page does not describe the old time or place."""
    series = MeetingSeries.objects.select_for_update().get(pk=series_id)
    for field in COPIED_FIELDS:
        if field in changes:
            setattr(series, field, changes[field])
    if new_end.date() == new_start.date():  # a series' meetings start and end on the same day
        series.start_time, series.end_time = new_start.time(), new_end.time()
    series.save()
    if "chosen_members" in changes:
        series.chosen_members.set(changes["chosen_members"])


@transaction.atomic
def end_series(*, series, by, reason=""):
    """No more meetings in this series: drafts still to come are deleted (nobody was told of them) and published
    ones are cancelled, telling everyone invited. Held meetings stay. Returns (cancelled, deleted)."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if series.ended_at is not None:
        raise SeriesEnded()
    to_come = series.meetings.filter(starts_at__gt=timezone.now()).exclude(status=Meeting.Status.CANCELLED)
    cancelled = deleted = 0
    for meeting in to_come:
        if meeting.status == Meeting.Status.DRAFT:
            meeting.delete()
            deleted += 1
        else:
            services.cancel_meeting(meeting=meeting, by=by, reason=reason)
            cancelled += 1
    series.ended_at = timezone.now()
    series.save(update_fields=["ended_at"])
    return cancelled, deleted

"""Recurring meetings: a series made once, each of its meetings an ordinary meeting; changing one, or all that follow."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import series as series_services
from meetings import services
from meetings.models import Invitation, Meeting, MeetingSeries
from meetings.reminders import plan_meeting_reminders
from notifications.models import Delivery, DueNotification, Kind, ReminderRule
from tests import factories

ADD_PAGE = reverse("admin:meetings_meetingseries_add")


def _series(**fields):
    defaults = {"title": "Carers' café", "pattern": MeetingSeries.Pattern.WEEKLY, "first_date": _next_week(),
                "start_time": dt.time(10, 0), "end_time": dt.time(12, 0), "count": 6, "venue": "Riverside Centre"}
    return MeetingSeries(**{**defaults, **fields})


def _next_week():
    return timezone.localdate() + dt.timedelta(days=7)


def _weeks_pass(series, days):
    """As if `days` had passed: every meeting of the series is moved that much earlier."""
    for meeting in series.meetings.all():
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at - dt.timedelta(days=days),
                                                     ends_at=meeting.ends_at - dt.timedelta(days=days))


def _local(meeting):
    return timezone.localtime(meeting.starts_at)


def test_a_monthly_series_on_the_2nd_tuesday_keeps_its_local_time_across_the_clock_change(lead):
    year = timezone.localdate().year + 1  # February to April: British clocks go forward at the end of March
    series = _series(pattern=MeetingSeries.Pattern.MONTHLY, week_of_month=2, weekday=MeetingSeries.Weekday.TUESDAY,
                     first_date=dt.date(year, 2, 1), start_time=dt.time(18, 30), end_time=dt.time(20, 0), count=3)
    meetings = series_services.create_series(series=series, by=lead)

    starts = [_local(m) for m in meetings]
    assert [s.strftime("%A %H:%M") for s in starts] == ["Tuesday 18:30"] * 3
    assert all(8 <= s.day <= 14 for s in starts)  # the second Tuesday of its month
    assert [s.month for s in starts] == [2, 3, 4]
    assert starts[0].utcoffset() == dt.timedelta(0) and starts[2].utcoffset() == dt.timedelta(hours=1)
    assert all(timezone.localtime(m.ends_at).strftime("%H:%M") == "20:00" for m in meetings)
    assert series.describe() == "The 2nd Tuesday of each month, 18:30 to 20:00"


def test_a_fortnightly_series_of_six_makes_six_ordinary_meetings_each_with_its_own_invitations_and_reminders(
    lead, member, offline_member, tasks_run_at_once, django_capture_on_commit_callbacks
):
    series = _series(pattern=MeetingSeries.Pattern.FORTNIGHTLY, count=6)
    with django_capture_on_commit_callbacks(execute=True):
        meetings = series_services.create_series(series=series, by=lead, publish=True)

    assert len(meetings) == 6
    assert [(m.starts_at - meetings[0].starts_at).days for m in meetings] == [0, 14, 28, 42, 56, 70]
    for meeting in Meeting.objects.filter(series=series):
        assert meeting.status == Meeting.Status.PUBLISHED
        invited = set(Invitation.objects.filter(meeting=meeting).values_list("member_id", flat=True))
        assert invited == {lead.pk, member.pk, offline_member.pk}
        emailed = Delivery.objects.filter(kind=Kind.MEETING_INVITATION, meeting=meeting)
        assert emailed.filter(member=member).count() == 1
    plan_meeting_reminders()
    rules = ReminderRule.objects.filter(is_active=True).count()
    assert rules >= 1
    for meeting in meetings:
        assert DueNotification.objects.filter(kind=Kind.MEETING_REMINDER, object_id=meeting.pk).count() == rules


def test_changing_this_and_all_that_follow_from_the_third_moves_three_to_six_and_not_the_two_held(lead):
    series = _series(count=6)
    meetings = series_services.create_series(series=series, by=lead, publish=True)
    _weeks_pass(series, days=17)  # the 1st and 2nd have been held; the 3rd is four days away
    held = [Meeting.objects.get(pk=m.pk) for m in meetings[:2]]
    third = Meeting.objects.get(pk=meetings[2].pk)
    sequences = dict(Meeting.objects.values_list("pk", "sequence"))

    changed = series_services.change_following(meeting=third, by=lead, changes={
        "starts_at": third.starts_at + dt.timedelta(days=1, hours=4),
        "ends_at": third.ends_at + dt.timedelta(days=1, hours=4),
        "venue": "The library, upstairs room",
    })

    assert [m.pk for m in changed] == [m.pk for m in meetings[2:]]
    for before in held:
        after = Meeting.objects.get(pk=before.pk)
        assert (after.starts_at, after.venue, after.sequence) == (before.starts_at, "Riverside Centre", before.sequence)
    for was, meeting in zip(meetings[2:], Meeting.objects.filter(pk__in=[m.pk for m in meetings[2:]]), strict=True):
        assert _local(meeting).strftime("%H:%M") == "14:00"
        assert timezone.localtime(meeting.ends_at).strftime("%H:%M") == "16:00"
        assert _local(meeting).date() == _local(was).date() - dt.timedelta(days=17) + dt.timedelta(days=1)
        assert meeting.venue == "The library, upstairs room"
        assert meeting.sequence == sequences[meeting.pk] + 1  # calendars replace their copy
    series.refresh_from_db()
    assert (series.start_time, series.venue) == (dt.time(14, 0), "The library, upstairs room")


def test_changing_all_that_follow_from_a_held_meeting_changes_only_those_not_yet_held(lead):
    series = _series(count=6)
    meetings = series_services.create_series(series=series, by=lead, publish=True)
    _weeks_pass(series, days=17)  # the 1st and 2nd have been held
    first = Meeting.objects.get(pk=meetings[0].pk)

    changed = series_services.change_following(meeting=first, by=lead, changes={"title": "Carers' café (new name)"})

    assert [m.pk for m in changed] == [m.pk for m in meetings[2:]]
    titles = list(Meeting.objects.filter(series=series).order_by("starts_at").values_list("title", flat=True))
    assert titles == ["Carers' café"] * 2 + ["Carers' café (new name)"] * 4


def test_changing_one_meeting_of_a_series_changes_only_that_one(lead):
    series = _series(count=4)
    meetings = series_services.create_series(series=series, by=lead, publish=True)

    series_services.change_occurrence(meeting=meetings[1], by=lead, changes={"venue": "Town hall"})

    venues = list(Meeting.objects.filter(series=series).order_by("starts_at").values_list("venue", flat=True))
    assert venues == ["Riverside Centre", "Town hall", "Riverside Centre", "Riverside Centre"]


def test_the_personal_feed_has_one_event_per_meeting_of_the_series_each_with_its_own_uid_and_no_rule(client, lead,
                                                                                                       member):
    series = _series(count=5)
    meetings = series_services.create_series(series=series, by=lead, publish=True)
    token = services.calendar_feed_for(member=member).token

    response = client.get(reverse("meetings:feed", kwargs={"token": token}))

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 5
    assert {str(e["uid"]) for e in events} == {m.calendar_uid for m in meetings}
    assert not any("RRULE" in e for e in events)
    client.force_login(member)
    single = Calendar.from_ical(client.get(reverse("meetings:ics", kwargs={"pk": meetings[2].pk})).content)
    assert [str(e["uid"]) for e in single.walk("VEVENT")] == [meetings[2].calendar_uid]


def test_ending_a_series_cancels_its_meetings_to_come_and_keeps_those_held(lead):
    series = _series(count=4)
    meetings = series_services.create_series(series=series, by=lead, publish=True)
    _weeks_pass(series, days=17)

    cancelled, deleted = series_services.end_series(series=series, by=lead)

    assert (cancelled, deleted) == (2, 0)
    statuses = list(Meeting.objects.filter(series=series).order_by("starts_at").values_list("status", flat=True))
    assert statuses == [Meeting.Status.PUBLISHED] * 2 + [Meeting.Status.CANCELLED] * 2
    with pytest.raises(series_services.SeriesEnded):
        series_services.end_series(series=series, by=lead)
    assert len(meetings) == 4


def _form(**fields):
    data = {"title": "Peer support circle", "kind": "network", "pattern": "weekly", "weekday": "",
            "week_of_month": "", "first_date": _next_week().isoformat(), "start_time": "10:00", "end_time": "11:30",
            "until": "", "count": "4", "venue": "Riverside Centre", "audience": "network", "publish": ""}
    return {**data, **fields}


def test_a_lead_makes_a_series_from_the_admin_form_and_its_page_lists_its_meetings(client, lead):
    client.force_login(lead)
    response = client.post(ADD_PAGE, _form(weekday=str(MeetingSeries.Weekday.THURSDAY)))

    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    meetings = list(series.meetings.order_by("starts_at"))
    assert len(meetings) == 4
    assert {_local(m).strftime("%A %H:%M") for m in meetings} == {"Thursday 10:00"}
    assert {m.status for m in meetings} == {Meeting.Status.DRAFT}
    page = client.get(reverse("admin:meetings_meetingseries_change", args=[series.pk])).content.decode()
    assert "Every week on Thursday, 10:00 to 11:30" in page
    for meeting in meetings:
        assert reverse("admin:meetings_meeting_change", args=[meeting.pk]) in page
    occurrence = client.get(reverse("admin:meetings_meeting_change", args=[meetings[1].pk])).content.decode()
    assert "Change only this meeting" in occurrence and "Change this meeting and all that follow" in occurrence


@pytest.mark.parametrize(("fields", "message"), [
    ({"until": (dt.date.today() - dt.timedelta(days=30)).isoformat(), "count": ""},
     "The last date is before the first date."),
    ({"pattern": "monthly", "week_of_month": "2"}, "For a meeting once a month, choose the day of the week."),
    ({"pattern": "monthly", "weekday": "1"}, "For a meeting once a month, choose which week of the month."),
    ({"count": ""}, "Say when the series ends: a last date, or a number of meetings."),
    ({"count": "", "until": (dt.date.today() + dt.timedelta(days=800)).isoformat()},
     "A series can have at most 52 meetings"),
    ({"count": "60"}, "A series can have from 1 to 52 meetings."),
    ({"end_time": "09:00"}, "The meetings must end after they start, on the same day."),
    ({"first_date": (dt.date.today() - dt.timedelta(days=3)).isoformat()}, "The first meeting would be in the past."),
])
def test_a_mistake_on_the_series_form_gets_a_clear_message_and_makes_nothing(client, lead, fields, message):
    client.force_login(lead)
    response = client.post(ADD_PAGE, _form(**fields))

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not MeetingSeries.objects.exists() and not Meeting.objects.exists()


def test_the_series_page_asks_as_many_queries_with_four_meetings_as_with_forty(client, lead):
    client.force_login(lead)
    counts = []
    for count in (4, 40):
        series = series_services.create_series(series=_series(count=count), by=lead)[0].series
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:meetings_meetingseries_change", args=[series.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_members_cannot_open_the_series_admin(client, member):
    client.force_login(member)
    assert client.get(ADD_PAGE).status_code in (302, 403)


def test_a_lead_ends_a_series_from_the_list_and_sees_its_meetings_in_the_list_of_meetings(client, lead):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    series = _series(count=3)
    meetings = series_services.create_series(series=series, by=lead, publish=True)
    other = factories.MeetingFactory(title="Not in the series")
    client.force_login(lead)

    listed = client.get(reverse("admin:meetings_meeting_changelist"), {"series__id__exact": series.pk})
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 3 and other.title not in listed.content.decode()

    response = client.post(reverse("admin:meetings_meetingseries_changelist"),
                           {"action": "end_series", ACTION_CHECKBOX_NAME: [series.pk]}, follow=True)
    assert "Carers' café: ended; 3 meetings cancelled, 0 drafts removed." in response.content.decode().replace(
        "&#x27;", "'")
    assert {m.status for m in Meeting.objects.filter(pk__in=[m.pk for m in meetings])} == {Meeting.Status.CANCELLED}

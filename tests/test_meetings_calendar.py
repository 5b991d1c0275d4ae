"""Calendars: a valid .ics per meeting that round-trips its times, SEQUENCE on every change, the personal feed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import CalendarFeed, Meeting
from tests import factories

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def meeting(lead):
    # Across the October clock change: 14:00 London is 13:00 UTC before it and 14:00 UTC after it.
    starts = dt.datetime(2031, 10, 27, 14, 0, tzinfo=LONDON)
    return factories.MeetingFactory(
        title="Network meeting: autumn review", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
        venue="Community Room, Riverside Centre", venue_access="Step-free entrance from the car park.",
        online_link="https://meet.example.org/autumn", audience=Meeting.Audience.NETWORK, created_by=lead,
    )


def _event(body):
    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def _download(client, meeting):
    response = client.get(reverse("meetings:ics", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def test_the_meeting_ics_parses_and_its_times_round_trip_in_the_networks_time_zone(client, member, meeting):
    client.force_login(member)
    calendar, event = _event(_download(client, meeting))
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == meeting.starts_at and end == meeting.ends_at
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert start.astimezone(dt.UTC).hour == 14  # GMT again after the clock change
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_the_ics_has_a_stable_uid_location_url_and_the_joining_link_for_an_invitee(client, member, meeting):
    client.force_login(member)
    _, first = _event(_download(client, meeting))
    _, again = _event(_download(client, meeting))
    assert str(first["uid"]) == str(again["uid"]) == meeting.calendar_uid
    assert "Community Room, Riverside Centre" in str(first["location"])
    assert str(first["url"]).endswith(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    assert "https://meet.example.org/autumn" in str(first["description"])
    assert int(first["sequence"]) == meeting.sequence


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": dt.datetime(2031, 10, 27, 15, 0, tzinfo=LONDON)},
        {"ends_at": dt.datetime(2031, 10, 27, 17, 0, tzinfo=LONDON)},
        {"venue": "The library, upstairs room"},
        {"online_link": "https://meet.example.org/new-room"},
    ],
    ids=["start time", "end time", "venue", "online link"],
)
def test_sequence_goes_up_when_the_time_or_place_changes(lead, meeting, change):
    before = meeting.sequence
    for field, value in change.items():
        setattr(meeting, field, value)
    services.save_meeting(meeting=meeting, by=lead)
    meeting.refresh_from_db()
    assert meeting.sequence == before + 1


def test_sequence_stays_the_same_when_only_the_description_changes(lead, meeting):
    before = meeting.sequence
    meeting.description = "Bring your ideas."
    services.save_meeting(meeting=meeting, by=lead)
    meeting.refresh_from_db()
    assert meeting.sequence == before


def test_sequence_goes_up_when_the_meeting_is_cancelled_and_the_ics_says_cancelled(client, member, lead, meeting):
    before = meeting.sequence
    services.cancel_meeting(meeting=meeting, by=lead, reason="The venue flooded.")
    meeting.refresh_from_db()
    assert meeting.sequence == before + 1
    client.force_login(member)
    _, event = _event(_download(client, meeting))
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == before + 1


def test_a_lead_changing_the_time_in_the_admin_raises_the_sequence(client, lead, meeting):
    client.force_login(lead)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "chosen_members"}
    data.update({
        "starts_at_0": "2031-10-27", "starts_at_1": "15:00:00", "ends_at_0": "2031-10-27", "ends_at_1": "17:00:00",
        "chosen_members": [],
    })
    for prefix in ("agenda_items", "papers", "invitations", "attendance", "guests", "minutes", "actions", "deliveries"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.pop("starts_at", None)
    data.pop("ends_at", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    meeting.refresh_from_db()
    assert timezone_hour(meeting.starts_at) == 15
    assert meeting.sequence == 1


def timezone_hour(value):
    return value.astimezone(LONDON).hour


def test_the_personal_feed_lists_the_members_meetings_at_their_secret_address_without_signing_in(
    client, member, other_member, project, meeting
):
    project_meeting = factories.MeetingFactory(kind=Meeting.Kind.PROJECT, project=project,
                                               audience=Meeting.Audience.PROJECT, title="Leaflet review")
    factories.MeetingFactory(audience=Meeting.Audience.CHOSEN, title="Not for Mo")
    feed = services.calendar_feed_for(member=member)
    response = client.get(reverse("meetings:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    titles = sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert titles == sorted([meeting.title, project_meeting.title])


def test_a_made_up_feed_address_finds_nothing(client, db):
    assert client.get(reverse("meetings:feed", kwargs={"token": "not-a-real-token"})).status_code == 404


def test_a_member_resets_their_feed_address_and_the_old_one_stops_working(client, member, meeting):
    old = services.calendar_feed_for(member=member).token
    client.force_login(member)
    response = client.post(reverse("meetings:calendar_reset"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(member=member).token
    assert new != old
    client.logout()
    assert client.get(reverse("meetings:feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("meetings:feed", kwargs={"token": new})).status_code == 200


def test_the_calendar_help_page_shows_the_address_with_copy_buttons_and_steps_for_each_calendar(client, member):
    client.force_login(member)
    page = client.get(reverse("meetings:calendar")).content.decode()
    token = CalendarFeed.objects.get(member=member).token
    assert token in page and "webcal://" in page
    assert page.count("data-copy-target") == 2
    for calendar in ("Outlook", "Google Calendar", "Apple Calendar"):
        assert calendar in page
    assert "js/page-tools.js" in page and "onclick" not in page

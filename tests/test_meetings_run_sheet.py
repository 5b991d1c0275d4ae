"""The lead's run-sheet: replies and access needs before, the register during, minutes, decisions and actions after;
nothing recorded before the meeting starts; the admin's meeting page asks the same queries at any size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Attendance, Decision, Invitation, Meeting, Minutes
from network.models import Member
from projects.models import Action
from tests import factories

pytestmark = pytest.mark.usefixtures("tasks_run_at_once")


def _run_sheet(meeting):
    return reverse("admin:meetings_meeting_run_sheet", args=[meeting.pk])


@pytest.fixture
def started(lead):
    return factories.MeetingFactory(title="Network forum", starts_at=timezone.now() - dt.timedelta(minutes=20),
                                    ends_at=timezone.now() + dt.timedelta(minutes=100), created_by=lead)


@pytest.fixture
def coming_up(lead):
    return factories.MeetingFactory(title="Planning the new year", created_by=lead)


def _invite(meeting, n, response=Invitation.Response.ATTENDING, **fields):
    members = Member.objects.bulk_create(
        Member(email=f"person{meeting.pk}-{i}@example.org", display_name=f"Person {i:05d}") for i in range(n)
    )
    Invitation.objects.bulk_create(Invitation(meeting=meeting, member=m, response=response, **fields) for m in members)
    return members


def test_the_run_sheet_shows_replies_and_who_needs_what(client, lead, member, other_member, coming_up):
    Invitation.objects.create(meeting=coming_up, member=member, response=Invitation.Response.ATTENDING,
                              access_needs=["large_print"], access_needs_notes="A seat near the door")
    Invitation.objects.create(meeting=coming_up, member=other_member, response=Invitation.Response.APOLOGIES)
    Invitation.objects.create(meeting=coming_up, member=lead)
    client.force_login(lead)
    page = client.get(_run_sheet(coming_up)).content.decode()
    assert "<dt>Coming</dt><dd>1</dd>" in page and "<dt>Not coming</dt><dd>1</dd>" in page
    assert "<dt>No reply yet</dt><dd>1</dd>" in page
    assert member.display_name in page and "A seat near the door" in page


def test_the_meeting_page_and_the_list_link_to_the_run_sheet(client, lead, coming_up):
    client.force_login(lead)
    assert _run_sheet(coming_up) in client.get(reverse("admin:meetings_meeting_change", args=[coming_up.pk])).content.decode()
    assert _run_sheet(coming_up) in client.get(reverse("admin:meetings_meeting_changelist")).content.decode()


def test_a_member_who_is_not_a_lead_cannot_open_the_run_sheet(client, member, coming_up):
    client.force_login(member)
    assert client.get(_run_sheet(coming_up)).status_code in (302, 403)


def test_marking_everyone_who_said_yes_present_then_correcting_one(client, lead, member, other_member, started):
    Invitation.objects.create(meeting=started, member=member, response=Invitation.Response.ATTENDING)
    Invitation.objects.create(meeting=started, member=other_member, response=Invitation.Response.ATTENDING)
    Invitation.objects.create(meeting=started, member=lead, response=Invitation.Response.APOLOGIES)
    client.force_login(lead)
    client.post(_run_sheet(started), {"part": "mark_present"})
    assert dict(started.attendance.values_list("member_id", "status")) == {member.pk: "present", other_member.pk: "present"}
    client.post(_run_sheet(started), {"part": "register", f"person_{other_member.pk}": "apologies",
                                      f"person_{lead.pk}": "absent"})
    assert dict(started.attendance.values_list("member_id", "status")) == {
        member.pk: "present", other_member.pk: "apologies", lead.pk: "absent"}


def test_a_guest_is_added_by_name(client, lead, started):
    client.force_login(lead)
    client.post(_run_sheet(started), {"part": "guest", "guest-name": "Ruth Calder", "guest-about": "Camera society"})
    assert list(started.guests.values_list("name", "about")) == [("Ruth Calder", "Camera society")]
    response = client.post(_run_sheet(started), {"part": "guest", "guest-name": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert started.guests.count() == 1


def _minutes_data(**extra):
    data = {"part": "minutes", "minutes-text": "We heard what makes meetings hard to reach.",
            "minutes-decisions": "Meet in the evening twice a year.\n\n  Pay travel costs on the day.  \n",
            "actions-TOTAL_FORMS": "3", "actions-INITIAL_FORMS": "0"}
    data.update(extra)
    return data


def test_minutes_decisions_and_actions_are_saved_together(client, lead, member, started):
    client.force_login(lead)
    response = client.post(_run_sheet(started), _minutes_data(**{
        "actions-0-what": "Book the evening room", "actions-0-owner": member.pk, "actions-0-due": "2031-02-01"}))
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=started).text == "We heard what makes meetings hard to reach."
    assert list(Decision.objects.filter(meeting=started).values_list("order", "text")) == [
        (1, "Meet in the evening twice a year."), (2, "Pay travel costs on the day.")]
    assert started.minutes.decision_list == ["Meet in the evening twice a year.", "Pay travel costs on the day."]
    action = Action.objects.get()
    assert (action.meeting, action.owner, action.due, action.created_by) == (started, member, dt.date(2031, 2, 1), lead)
    # Saving again with one decision changed keeps one row per decision, in order.
    client.post(_run_sheet(started), _minutes_data(**{"minutes-decisions": "Meet in the evening once a quarter."}))
    assert started.minutes.decision_list == ["Meet in the evening once a quarter."]
    assert Action.objects.count() == 1


def test_an_action_without_what_needs_doing_is_refused_and_nothing_is_saved(client, lead, member, started):
    client.force_login(lead)
    response = client.post(_run_sheet(started), _minutes_data(**{"actions-0-owner": member.pk}))
    assert response.status_code == 400
    assert "Say what needs doing" in response.content.decode()
    assert not Minutes.objects.exists() and not Decision.objects.exists() and not Action.objects.exists()


def test_decisions_are_read_across_meetings(lead):
    first, second = (factories.MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=d)) for d in (60, 30))
    services.record_minutes(meeting=second, by=lead, text="Second.", decisions=["Pay travel costs on the day."])
    services.record_minutes(meeting=first, by=lead, text="First.", decisions=["Meet in the evening.", "Use plain words."])
    assert list(Decision.objects.in_order().values_list("text", flat=True)) == [
        "Meet in the evening.", "Use plain words.", "Pay travel costs on the day."]


@pytest.mark.parametrize("record", [
    lambda meeting, lead: services.record_minutes(meeting=meeting, by=lead, text="Too early."),
    lambda meeting, lead: services.mark_coming_as_present(meeting=meeting, by=lead),
    lambda meeting, lead: services.record_register(meeting=meeting, by=lead, statuses={lead.pk: "present"}),
    lambda meeting, lead: services.add_guest(meeting=meeting, by=lead, name="Ruth Calder"),
    lambda meeting, lead: services.start_attendance_register(meeting=meeting),
    lambda meeting, lead: services.publish_minutes(meeting=meeting, by=lead),
], ids=["minutes", "mark-present", "register", "guest", "register-from-replies", "digest"])
def test_nothing_is_recorded_for_a_meeting_that_has_not_started(lead, coming_up, record):
    with pytest.raises(services.NotStartedYet) as refusal:
        record(coming_up, lead)
    assert "has not started yet" in str(refusal.value)
    assert not Minutes.objects.exists() and not Attendance.objects.exists() and not coming_up.guests.exists()


def test_the_run_sheet_says_clearly_why_minutes_wait_and_refuses_them(client, lead, coming_up):
    client.force_login(lead)
    page = client.get(_run_sheet(coming_up)).content.decode()
    assert "This meeting has not started yet." in page and "Save the minutes" not in page
    response = client.post(_run_sheet(coming_up), _minutes_data(), follow=True)
    assert "This meeting has not started yet." in response.content.decode()
    assert not Minutes.objects.exists()


def test_a_meeting_with_minutes_no_longer_asks_are_you_coming(client, lead, member, started):
    Invitation.objects.create(meeting=started, member=member)
    client.force_login(member)
    assert "Are you coming?" in client.get(started.get_absolute_url()).content.decode()
    services.record_minutes(meeting=started, by=lead, text="We met.")
    assert "Are you coming?" not in client.get(started.get_absolute_url()).content.decode()
    response = client.post(reverse("meetings:reply", args=[started.pk]), {"response": "attending"}, follow=True)
    assert "This meeting has its minutes now, so we no longer ask who is coming." in response.content.decode()
    assert Invitation.objects.get(meeting=started, member=member).response == Invitation.Response.NO_REPLY


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_admin_meeting_page_asks_the_same_queries_with_40_and_4000_invitees(client, lead):
    small, large = factories.MeetingFactory(), factories.MeetingFactory()
    for meeting, n in ((small, 40), (large, 4000)):
        _invite(meeting, n, access_needs=["large_print"])
        factories.AgendaItemFactory(meeting=meeting, presenter=lead)
    client.force_login(lead)
    change = lambda m: reverse("admin:meetings_meeting_change", args=[m.pk])  # noqa: E731
    _queries(client, change(small))  # the first page of a session fills caches (powers, the site)
    assert _queries(client, change(small)) == _queries(client, change(large))


def test_the_run_sheet_asks_the_same_queries_with_40_and_4000_invitees(client, lead):
    small, large = (factories.MeetingFactory(starts_at=timezone.now() - dt.timedelta(minutes=5)) for _ in range(2))
    for meeting, n in ((small, 40), (large, 4000)):
        members = _invite(meeting, n, access_needs=["large_print"], access_needs_notes="A seat near the door")
        Attendance.objects.bulk_create(Attendance(meeting=meeting, member=m) for m in members[::2])
        services.record_minutes(meeting=meeting, by=lead, text="We met.", decisions=["One.", "Two."],
                                new_actions=[{"what": "Book the room", "owner": members[0], "due": None}])
    client.force_login(lead)
    _queries(client, _run_sheet(small))
    assert _queries(client, _run_sheet(small)) == _queries(client, _run_sheet(large))
    assert _queries(client, _run_sheet(large) + "?page=3&needs_page=2") == _queries(client, _run_sheet(small))
    assert Meeting.objects.get(pk=large.pk).invitations.count() == 4000

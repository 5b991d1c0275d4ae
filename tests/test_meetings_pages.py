"""What members and organisers read: the meetings list, the meeting page, and the access-needs print-out."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Invitation, Meeting
from network.models import AccessNeed, Role
from tests import factories

COMING = Invitation.Response.ATTENDING


def _meetings(n, project):
    now = timezone.now()
    for i in range(n):
        kind = i % 3
        starts = now + dt.timedelta(days=(i + 1) * (1 if i % 2 else -1))
        meeting = factories.MeetingFactory(
            title=f"Meeting {i}", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
            kind=Meeting.Kind.PROJECT if kind == 1 else Meeting.Kind.NETWORK,
            project=project if kind == 1 else None,
            audience=[Meeting.Audience.NETWORK, Meeting.Audience.PROJECT, Meeting.Audience.CHOSEN][kind],
        )
        factories.InvitationFactory(meeting=meeting, response=COMING)


def _queries_for_list(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("meetings:list")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["member", "lead"])
def test_the_meetings_list_costs_the_same_number_of_queries_with_3_or_30_meetings(client, request, project, who):
    client.force_login(request.getfixturevalue(who))
    _meetings(3, project)
    with_three = _queries_for_list(client)
    _meetings(27, project)
    assert _queries_for_list(client) == with_three


def test_the_list_shows_upcoming_and_past_meetings_the_member_may_see_with_how_many_are_coming(
    client, member, other_member, project, other_project
):
    now = timezone.now()
    upcoming = factories.MeetingFactory(title="Planning the new year", audience=Meeting.Audience.NETWORK)
    past = factories.MeetingFactory(title="Autumn review", starts_at=now - dt.timedelta(days=20),
                                    ends_at=now - dt.timedelta(days=20) + dt.timedelta(hours=2))
    factories.MeetingFactory(title="Walking group planning", kind=Meeting.Kind.PROJECT, project=other_project,
                             audience=Meeting.Audience.PROJECT)
    for person in (member, other_member, factories.MemberFactory()):
        services.reply(meeting=upcoming, member=person, response=COMING)
    client.force_login(member)
    response = client.get(reverse("meetings:list"))
    assert [m.title for m in response.context["upcoming"]] == ["Planning the new year"]
    assert [m.title for m in response.context["past"]] == ["Autumn review"]
    assert response.context["upcoming"][0].attending_count == 3
    assert past.title in response.content.decode()


def test_the_meeting_page_shows_the_time_in_the_networks_time_zone(client, member, settings):
    starts = dt.datetime(2031, 7, 1, 13, 0, tzinfo=dt.UTC)  # 2pm in London (summer time)
    meeting = factories.MeetingFactory(title="Summer meeting", starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    client.force_login(member)
    page = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "Tuesday 1 July 2031, 2:00 p.m. to 4:00 p.m." in page
    assert "Europe/London" in page
    assert settings.TIME_ZONE == str(ZoneInfo("Europe/London"))


def test_the_meeting_page_shows_the_venue_its_access_information_and_the_agenda(client, member):
    meeting = factories.MeetingFactory(venue="Riverside Centre", venue_access="Step-free entrance from the car park.")
    factories.AgendaItemFactory(meeting=meeting, title="Welcome and introductions", presenter=member,
                                minutes_allowed=15)
    client.force_login(member)
    page = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "Riverside Centre" in page and "Step-free entrance from the car park." in page
    assert "Welcome and introductions" in page and "Led by Mo Member." in page and "15 minutes." in page
    assert page.count("<h1") == 1


def test_the_access_needs_print_out_counts_and_lists_the_needs_of_people_coming(client, lead):
    meeting = factories.MeetingFactory(title="Planning the new year")
    amara = factories.MemberFactory(display_name="Amara Okafor", role=Role.SERVICE_USER)
    ben = factories.MemberFactory(display_name="Ben Hughes", role=Role.CARER)
    cara = factories.MemberFactory(display_name="Cara Not-coming")
    services.reply(meeting=meeting, member=amara, response=COMING,
                   access_needs=[AccessNeed.STEP_FREE, AccessNeed.BREAKS], access_needs_notes="I use a wheelchair.")
    services.reply(meeting=meeting, member=ben, response=COMING, access_needs=[AccessNeed.STEP_FREE])
    services.reply(meeting=meeting, member=cara, response=Invitation.Response.APOLOGIES,
                   access_needs=[AccessNeed.BSL])
    client.force_login(lead)
    response = client.get(reverse("meetings:access_needs", kwargs={"pk": meeting.pk}))
    assert response.context["summary"] == [("Step-free access", 2), ("Regular breaks", 1)]
    page = response.content.decode()
    assert "Amara Okafor" in page and "I use a wheelchair." in page and "Ben Hughes" in page
    assert "Cara Not-coming" not in page and "British Sign Language" not in page
    assert "data-print-page" in page and "js/page-tools.js" in page


def test_a_member_sees_the_open_actions_they_agreed_to_at_network_meetings_on_their_meetings_list(client, member):
    meeting = factories.MeetingFactory(title="Autumn review")
    meeting.actions.create(what="Book the evening room", owner=member)
    meeting.actions.create(what="Already done", owner=member, done_at=timezone.now())
    meeting.actions.create(what="Someone else's job", owner=factories.MemberFactory())
    client.force_login(member)
    page = client.get(reverse("meetings:list")).content.decode()
    assert "Book the evening room" in page
    assert "Already done" not in page and "Someone else&#x27;s job" not in page


def test_a_lead_finds_a_network_meetings_actions_in_the_actions_admin_filtered_by_meeting(client, lead):
    meeting = factories.MeetingFactory()
    meeting.actions.create(what="Book the evening room", owner=lead)
    factories.ActionFactory(what="A project job")
    client.force_login(lead)
    response = client.get(reverse("admin:projects_action_changelist"), {"meeting__id__exact": meeting.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "Book the evening room" in page and "A project job" not in page


def test_a_meetings_published_minutes_list_the_actions_agreed_at_it_with_who_will_do_them(client, member):
    meeting = factories.MeetingFactory(title="Network forum")
    factories.MinutesFactory(meeting=meeting, published_at=timezone.now())
    meeting.actions.create(what="Book the evening room", owner=factories.MemberFactory(display_name="Priya Shah"))
    client.force_login(member)
    response = client.get(meeting.get_absolute_url())
    page = response.content.decode()
    assert [a.what for a in response.context["actions"]] == ["Book the evening room"]
    assert "Book the evening room" in page and "Priya Shah" in page


def test_the_meetings_list_comes_in_pages_of_twenty(client, member):
    factories.MeetingFactory.create_batch(25)
    client.force_login(member)
    first = client.get(reverse("meetings:list"))
    assert len(first.context["upcoming"]) == 20
    page = first.content.decode()
    assert "Page 1</span>" in page and "?page=2\">Next page" in page
    second = client.get(reverse("meetings:list"), {"page": 2})
    assert len(second.context["upcoming"]) == 5
    assert "Next page" not in second.content.decode() and "Previous page" in second.content.decode()
    # An old link past the end, or nonsense, shows the first page rather than an error or an empty list.
    for number in ("9", "-3", "nonsense", "99999999999999999999"):
        assert [m.pk for m in client.get(reverse("meetings:list"), {"page": number}).context["upcoming"]] == [
            m.pk for m in first.context["upcoming"]
        ]


def test_a_meeting_under_way_is_still_coming_up_and_one_just_over_is_past(client, member):
    now = timezone.now()
    going = factories.MeetingFactory(title="Under way", starts_at=now - dt.timedelta(hours=3), ends_at=now + dt.timedelta(hours=1))
    over = factories.MeetingFactory(title="Just over", starts_at=now - dt.timedelta(hours=3), ends_at=now - dt.timedelta(minutes=1))
    client.force_login(member)
    response = client.get(reverse("meetings:list"))
    assert [m.pk for m in response.context["upcoming"]] == [going.pk]
    assert [m.pk for m in response.context["past"]] == [over.pk]

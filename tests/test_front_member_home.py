"""A signed-in member's home: their next step first, then their meetings, actions, projects and what changed since
they last came. A fixed number of queries, however much they take part in."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Invitation
from projects.models import StageChange
from tests import factories


@pytest.fixture
def pledge(db):
    return factories.PledgeVersionFactory()


@pytest.fixture
def signed(member, pledge):
    """Mo, in a project, who has taken the current pledge."""
    factories.PledgeSignatureFactory(member=member, version=pledge)
    return member


def _home(client, member):
    client.force_login(member)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def _step(client, member):
    return _home(client, member).context["home"]["next_step"]


def test_a_member_who_has_not_taken_the_pledge_is_asked_to_take_it_first(client, member, pledge):
    factories.MeetingFactory(title="Spring gathering")
    response = _home(client, member)
    assert response.context["home"]["next_step"].kind == "pledge"
    page = response.content.decode()
    assert "Your next step" in page and "Take the pledge" in page
    assert page.index("Your next step") < page.index("Your meetings")


def test_a_member_who_signed_an_earlier_version_is_asked_to_re_affirm_and_sees_no_second_banner(client, signed):
    factories.PledgeVersionFactory(text="New words", published_at=timezone.now() - dt.timedelta(days=1))
    page = _home(client, signed).content.decode()
    assert "Read and re-affirm the pledge" in page
    assert page.count(reverse("pledges:sign")) == 1  # the banner other pages show is not here too


def test_a_member_who_has_signed_is_asked_to_reply_to_the_soonest_meeting_they_have_not_answered(client, signed):
    answered = factories.MeetingFactory(title="Answered", starts_at=timezone.now() + dt.timedelta(days=2))
    factories.InvitationFactory(meeting=answered, member=signed, response=Invitation.Response.ATTENDING)
    later = factories.MeetingFactory(title="Summer gathering", starts_at=timezone.now() + dt.timedelta(days=20))
    soon = factories.MeetingFactory(title="Spring gathering", starts_at=timezone.now() + dt.timedelta(days=5))
    factories.MeetingFactory(title="Draft", status="draft", starts_at=timezone.now() + dt.timedelta(days=1))
    step = _step(client, signed)
    assert (step.kind, step.meeting) == ("reply", soon)
    assert later.pk != soon.pk
    page = _home(client, signed).content.decode()
    assert f'{soon.get_absolute_url()}#reply-heading' in page and "Reply to the invitation" in page


def test_a_meeting_to_answer_after_the_five_on_the_home_is_still_the_next_step(client, signed):
    """The five meetings the home lists are all answered, cancelled or already going on: the one to answer comes
    after them, and is found all the same."""
    now = timezone.now()
    for day in range(1, 5):
        meeting = factories.MeetingFactory(title=f"Answered {day}", starts_at=now + dt.timedelta(days=day))
        factories.InvitationFactory(meeting=meeting, member=signed, response=Invitation.Response.APOLOGIES)
    factories.MeetingFactory(title="Called off", status="cancelled", starts_at=now + dt.timedelta(hours=5))
    factories.MeetingFactory(title="Going on now", starts_at=now - dt.timedelta(minutes=30),
                             ends_at=now + dt.timedelta(minutes=30))
    waiting = factories.MeetingFactory(title="Carers' & volunteers' day", starts_at=now + dt.timedelta(days=9))
    factories.InvitationFactory(meeting=waiting, member=signed, response=Invitation.Response.NO_REPLY)
    home = _home(client, signed)
    assert waiting not in home.context["home"]["meetings"].rows
    step = home.context["home"]["next_step"]
    assert (step.kind, step.meeting) == ("reply", waiting)
    assert "Carers&#x27; &amp; volunteers&#x27; day" in home.content.decode()


def test_with_every_meeting_on_the_home_answered_there_is_no_meeting_to_reply_to(client, signed):
    for day in (1, 2):
        meeting = factories.MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=day))
        factories.InvitationFactory(meeting=meeting, member=signed, response=Invitation.Response.ATTENDING)
    factories.MeetingFactory(title="Draft", status="draft", starts_at=timezone.now() + dt.timedelta(days=3))
    assert _step(client, signed).kind == "none"


def test_a_member_in_no_project_is_asked_to_find_one_once_nothing_waits_for_a_reply(client, db, pledge):
    newcomer = factories.MemberFactory()
    factories.PledgeSignatureFactory(member=newcomer, version=pledge)
    factories.ProjectFactory(title="Walking group")
    assert _step(client, newcomer).kind == "join"
    assert "Find a project to join" in _home(client, newcomer).content.decode()


def test_a_late_action_is_the_next_step_when_nothing_else_waits(client, signed, project):
    factories.ActionFactory(project=project, owner=signed, what="Ring the venue", due=timezone.localdate() - dt.timedelta(days=3))
    step = _step(client, signed)
    assert step.kind == "action" and step.action.what == "Ring the venue"


def test_a_member_with_nothing_waiting_is_told_so(client, signed):
    assert _step(client, signed).kind == "none"
    assert "Nothing is waiting for you" in _home(client, signed).content.decode()


def test_the_home_lists_upcoming_meetings_with_the_members_reply_open_actions_and_projects(client, signed, project):
    coming = factories.MeetingFactory(title="Spring gathering")
    factories.InvitationFactory(meeting=coming, member=signed, response=Invitation.Response.APOLOGIES)
    factories.MeetingFactory(title="Past one", starts_at=timezone.now() - dt.timedelta(days=3))
    factories.ActionFactory(project=project, owner=signed, what="Book the room")
    factories.ActionFactory(project=project, owner=signed, what="Done already", done_at=timezone.now())
    page = _home(client, signed).content.decode()
    assert "Spring gathering" in page and "Sends apologies" in page and "Past one" not in page
    assert "Book the room" in page and "Done already" not in page
    assert "Calmer waiting rooms" in page


def test_the_home_shows_minutes_and_stage_moves_since_the_last_visit_and_not_before(client, signed, project, lead):
    signed.last_seen_at = timezone.now() - dt.timedelta(days=2)
    signed.save()
    old = factories.MeetingFactory(title="Old meeting", starts_at=timezone.now() - dt.timedelta(days=20))
    factories.MinutesFactory(meeting=old, published_at=timezone.now() - dt.timedelta(days=10))
    new = factories.MeetingFactory(title="Winter gathering", starts_at=timezone.now() - dt.timedelta(days=3))
    factories.MinutesFactory(meeting=new, published_at=timezone.now() - dt.timedelta(days=1))
    StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=lead, reason="Ready")
    page = _home(client, signed).content.decode()
    assert "the minutes of" in page and "Winter gathering" in page and "Old meeting" not in page
    assert "moved from Preparing to Doing" in page


def test_the_news_has_minutes_of_every_meeting_the_member_may_come_to_and_of_no_other(client, signed, lead):
    """A network meeting, a meeting of their project, one they were invited to: in the news. A meeting of someone
    else's project, a draft's, and the minutes the member published themselves: not."""
    signed.last_seen_at = timezone.now() - dt.timedelta(days=2)
    signed.save()
    mine, other = factories.ProjectFactory(title="Ward Walks"), factories.ProjectFactory(title="Quiet Rooms")
    factories.ProjectMembershipFactory(member=signed, project=mine)
    yesterday = timezone.now() - dt.timedelta(days=1)

    def minutes_of(title, published_by=None, **meeting):
        held = factories.MeetingFactory(title=title, starts_at=timezone.now() - dt.timedelta(days=3), **meeting)
        factories.MinutesFactory(meeting=held, published_at=yesterday, published_by=published_by or lead)
        return held

    minutes_of("Network catch-up", audience="network")
    minutes_of("Ward walk review", audience="project", project=mine)
    invited = minutes_of("Carers' & friends' forum", audience="chosen")
    factories.InvitationFactory(meeting=invited, member=signed)
    minutes_of("Quiet rooms planning", audience="project", project=other)
    minutes_of("Draft session", audience="network", status="draft")
    minutes_of("Mo's own write-up", audience="network", published_by=signed)
    news = _home(client, signed).context["home"]["changes"]
    shown = {item["minutes"].meeting.title for item in news if "minutes" in item}
    assert shown == {"Network catch-up", "Ward walk review", "Carers' & friends' forum"}


def test_the_last_visit_is_recorded_at_most_once_an_hour(client, signed):
    _home(client, signed)
    signed.refresh_from_db()
    first = signed.last_seen_at
    assert first is not None
    _home(client, signed)
    signed.refresh_from_db()
    assert signed.last_seen_at == first
    signed.last_seen_at = first - dt.timedelta(hours=2)
    signed.save()
    _home(client, signed)
    signed.refresh_from_db()
    assert signed.last_seen_at > first - dt.timedelta(hours=2)


def test_the_news_stays_while_the_member_looks_around_and_comes_back_within_the_hour(client, signed, project, lead):
    signed.last_seen_at = timezone.now() - dt.timedelta(days=2)
    signed.save()
    StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=lead, reason="Ready")
    assert "moved from Preparing to Doing" in _home(client, signed).content.decode()
    client.get(project.get_absolute_url())
    assert "moved from Preparing to Doing" in _home(client, signed).content.decode()


def test_news_already_seen_on_an_earlier_visit_is_not_shown_again(client, signed, project, lead):
    signed.last_seen_at = timezone.now() - dt.timedelta(hours=2)
    signed.save()
    StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=lead, reason="Ready",
                               changed_at=timezone.now() - dt.timedelta(hours=3))
    assert "moved from Preparing to Doing" not in _home(client, signed).content.decode()


def _take_part_in(member, n, pledge, lead):
    for i in range(n):
        project = factories.ProjectFactory(title=f"Project {member.pk}-{i}")
        factories.ProjectMembershipFactory(member=member, project=project, project_role="Note taker")
        meeting = factories.MeetingFactory(title=f"Meeting {member.pk}-{i}", project=project, audience="project")
        factories.InvitationFactory(meeting=meeting, member=member, response=Invitation.Response.ATTENDING)
        factories.ActionFactory(project=project, owner=member)
        past = factories.MeetingFactory(title=f"Past {i}", starts_at=timezone.now() - dt.timedelta(days=2))
        factories.MinutesFactory(meeting=past, published_at=timezone.now())
        StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=lead,
                                   reason="Ready")


def _count_queries(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    client.get(reverse("home"))  # the session and the kept counts are warm, as for a real visit
    member.refresh_from_db()
    member.last_seen_at = timezone.now() - dt.timedelta(days=5)
    member.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    return len(queries), response


def test_the_home_asks_the_database_the_same_number_of_times_with_3_or_12_of_everything(client, pledge, lead):
    few, many = factories.MemberFactory(), factories.MemberFactory()
    for person in (few, many):
        factories.PledgeSignatureFactory(member=person, version=pledge)
    _take_part_in(few, 3, pledge, lead)
    _take_part_in(many, 12, pledge, lead)
    few_count, _ = _count_queries(client, few)
    many_count, response = _count_queries(client, many)
    assert few_count == many_count, (few_count, many_count)
    assert few_count <= 16, few_count  # the minutes are three short reads, one for each way into a meeting
    home = response.context["home"]
    assert len(home["meetings"].rows) == 5 and home["meetings"].more
    assert len(home["actions"].rows) == 5 and home["actions"].more
    assert len(home["projects"].rows) == 5 and home["projects"].more


def test_a_visitor_who_is_not_signed_in_still_sees_the_welcome_page(client, db):
    page = client.get(reverse("home")).content.decode()
    assert "Join the network" in page and "Your next step" not in page

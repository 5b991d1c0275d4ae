"""After taking the pledge or joining a project, the thank-you page offers the natural next step."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from projects.models import JoinPolicy
from tests import factories

WHY = {"why_involved": "My dad waits there every month.", "contribution": "Come to meetings."}


def _join(client, person, project):
    factories.PledgeSignatureFactory(member=person, version=factories.PledgeVersionFactory())
    client.force_login(person)
    response = client.post(reverse("projects:join", kwargs={"slug": project.slug}), WHY)
    assert response["Location"] == reverse("projects:joined", kwargs={"slug": project.slug})
    return client.get(response["Location"]).content.decode()


def test_after_joining_the_next_step_is_the_projects_next_meeting(client, project):
    meeting = factories.MeetingFactory(project=project, audience="project", title="First planning meeting")
    page = _join(client, factories.MemberFactory(), project)
    assert "You are now a member of this project" in page
    assert "First planning meeting" in page and f"{meeting.get_absolute_url()}#reply-heading" in page


def test_after_joining_a_project_with_no_meeting_planned_the_next_step_is_its_page(client, project):
    page = _join(client, factories.MemberFactory(), project)
    assert "See the project" in page and project.get_absolute_url() in page


def test_after_asking_to_join_the_member_is_told_they_will_hear_and_pointed_home(client, project):
    project.join_policy = JoinPolicy.ON_REQUEST
    project.save()
    factories.MeetingFactory(project=project, audience="project", title="Members only meeting")
    page = _join(client, factories.MemberFactory(), project)
    assert "We have asked the project leads" in page and "Members only meeting" not in page
    assert "Go to my home page" in page


def test_the_thank_you_page_of_a_project_you_are_not_in_sends_you_to_the_project(client, member, other_project):
    client.force_login(member)
    response = client.get(reverse("projects:joined", kwargs={"slug": other_project.slug}))
    assert response.status_code == 302 and response["Location"] == other_project.get_absolute_url()


def test_after_taking_the_pledge_for_the_first_time_the_next_step_is_finding_a_project(client, db):
    version = factories.PledgeVersionFactory()
    client.force_login(factories.MemberFactory())
    response = client.post(reverse("pledges:sign"), {"version": version.pk, "commitment": ""}, follow=True)
    page = response.content.decode()
    assert "Your next step" in page and "Find a project to join" in page


def test_after_re_affirming_the_next_step_is_the_home_page(client, db):
    earlier = factories.PledgeVersionFactory(published_at=timezone.now() - dt.timedelta(days=60))
    current = factories.PledgeVersionFactory(published_at=timezone.now() - dt.timedelta(days=1))
    person = factories.MemberFactory()
    factories.PledgeSignatureFactory(member=person, version=earlier)
    client.force_login(person)
    page = client.post(reverse("pledges:sign"), {"version": current.pk, "commitment": ""}, follow=True).content.decode()
    assert "Thank you for re-affirming the pledge" in page and "Go to my home page" in page

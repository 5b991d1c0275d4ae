import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from front import weekly_news
from notifications import services as notifications
from projects.models import Action
from tests import factories

MY_ACTIONS = reverse("projects:my_actions")


def _days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def test_a_project_lead_adds_an_action_with_an_owner_and_a_due_date(client, project_lead, member, project):
    client.force_login(project_lead)
    client.post(
        reverse("projects:actions", kwargs={"slug": project.slug}),
        {"what": "Ask the café about a quiet hour", "owner": member.pk, "due": _days(7).isoformat()},
    )
    action = Action.objects.get()
    assert (action.what, action.owner, action.due, action.created_by) == (
        "Ask the café about a quiet hour", member, _days(7), project_lead
    )


def test_an_action_can_only_be_given_to_someone_in_the_project(client, project_lead, other_member, project):
    client.force_login(project_lead)
    response = client.post(reverse("projects:actions", kwargs={"slug": project.slug}),
                           {"what": "Do it", "owner": other_member.pk})
    assert response.status_code == 200 and not Action.objects.exists()


def test_an_action_needs_to_say_what_needs_doing(client, project_lead, project):
    client.force_login(project_lead)
    response = client.post(reverse("projects:actions", kwargs={"slug": project.slug}), {"what": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()


def test_a_project_lead_changes_an_action(client, project_lead, member, project):
    action = factories.ActionFactory(project=project, what="Old words")
    client.force_login(project_lead)
    client.post(reverse("projects:edit_action", kwargs={"slug": project.slug, "action_id": action.pk}),
                {"what": "New words", "owner": member.pk, "due": ""})
    action.refresh_from_db()
    assert (action.what, action.owner, action.due) == ("New words", member, None)


def test_my_actions_lists_what_i_agreed_to_do_across_projects(client, member, project, other_project):
    factories.ActionFactory(project=project, owner=member, what="Bring the photos")
    factories.ActionFactory(project=other_project, owner=member, what="Phone the library")
    factories.ActionFactory(project=project, what="Someone else's job")
    client.force_login(member)
    page = client.get(MY_ACTIONS).content.decode()
    assert "Bring the photos" in page and "Phone the library" in page
    assert "Someone else&#x27;s job" not in page and "Someone else's job" not in page


def test_overdue_actions_stand_out_on_my_actions(client, member, project):
    factories.ActionFactory(project=project, owner=member, what="Late one", due=_days(-2))
    factories.ActionFactory(project=project, owner=member, what="On time", due=_days(5))
    client.force_login(member)
    response = client.get(MY_ACTIONS)
    page = response.content.decode()
    assert "1 action is overdue" in page
    assert page.count(">Overdue</span>") == 1
    assert page.index("Late one") < page.index(">Overdue</span>") < page.index("On time")


def test_a_done_action_is_never_overdue(member, project):
    action = factories.ActionFactory(project=project, owner=member, due=_days(-2), done_at=timezone.now())
    assert not action.is_overdue
    assert not Action.objects.overdue().exists()


def test_the_owner_marks_their_action_done_from_my_actions(client, member, project):
    action = factories.ActionFactory(project=project, owner=member)
    client.force_login(member)
    response = client.post(reverse("projects:mark_action", kwargs={"action_id": action.pk}), {"done": "yes", "next": "mine"})
    assert response["Location"] == MY_ACTIONS
    action.refresh_from_db()
    assert action.is_done


@pytest.mark.parametrize("who", ["staff_member", "other_member"])
def test_someone_else_cannot_mark_an_action_done(client, request, member, project, who):
    action = factories.ActionFactory(project=project, owner=member)
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("projects:mark_action", kwargs={"action_id": action.pk}), {"done": "yes"})
    action.refresh_from_db()
    assert response.status_code == 403 and not action.is_done


def test_a_project_lead_can_mark_any_of_the_projects_actions_done(client, project_lead, member, project):
    action = factories.ActionFactory(project=project, owner=member)
    client.force_login(project_lead)
    client.post(reverse("projects:mark_action", kwargs={"action_id": action.pk}), {"done": "yes"})
    action.refresh_from_db()
    assert action.is_done


def test_the_project_page_lists_only_open_actions(client, member, project):
    factories.ActionFactory(project=project, what="Still to do")
    factories.ActionFactory(project=project, what="Already done", done_at=timezone.now())
    client.force_login(member)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Still to do" in page and "Already done" not in page


def test_an_action_can_come_from_a_meeting(project):
    meeting = factories.MeetingFactory(project=project)
    action = factories.ActionFactory(project=project, meeting=meeting)
    assert list(meeting.actions.all()) == [action]


def test_an_action_from_a_network_meeting_shows_on_the_owners_my_actions_page(client, member):
    meeting = factories.MeetingFactory(title="Network forum in March")
    factories.ActionFactory(project=None, meeting=meeting, owner=member, what="Ask the library about Saturdays",
                            due=_days(-2))
    client.force_login(member)
    response = client.get(MY_ACTIONS)
    page = response.content.decode()
    assert "Ask the library about Saturdays" in page
    assert "Network forum in March" in page and meeting.get_absolute_url() in page
    assert response.context["overdue_count"] == 1 and "Overdue" in page


def test_my_actions_names_the_project_of_a_project_action(client, member, project):
    factories.ActionFactory(project=project, owner=member, what="Print the leaflets")
    client.force_login(member)
    page = client.get(MY_ACTIONS).content.decode()
    assert "Print the leaflets" in page and project.get_absolute_url() in page


def test_the_owner_marks_a_network_meeting_action_done_and_comes_back_to_my_actions(client, member):
    action = factories.ActionFactory(project=None, meeting=factories.MeetingFactory(), owner=member)
    client.force_login(member)
    response = client.post(reverse("projects:mark_action", kwargs={"action_id": action.pk}), {"done": "yes"})
    action.refresh_from_db()
    assert response["Location"] == MY_ACTIONS and action.is_done


def test_the_database_refuses_an_action_with_neither_a_project_nor_a_meeting(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(what="Belongs nowhere", owner=member)


def test_deleting_a_network_meeting_deletes_its_actions_but_a_project_keeps_its_own(project):
    network_meeting = factories.MeetingFactory()
    factories.ActionFactory(project=None, meeting=network_meeting, what="Network job")
    project_meeting = factories.MeetingFactory(project=project)
    kept = factories.ActionFactory(project=project, meeting=project_meeting, what="Project job")
    network_meeting.delete()
    project_meeting.delete()
    kept.refresh_from_db()
    assert list(Action.objects.all()) == [kept] and kept.meeting is None


def test_the_weekly_news_names_the_meeting_of_an_action_without_a_project(db):
    member = factories.MemberFactory()
    factories.ActionFactory(project=None, meeting=factories.MeetingFactory(title="Network forum in March"),
                            owner=member, what="Ask the library about Saturdays")
    weekly_news.plan_weekly_digest()
    notifications.fan_out_due()
    while notifications.send_pending():
        pass
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert "agreed at Network forum in March" in message.body
    assert "agreed at Network forum in March" in message.alternatives[0][0]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_actions_takes_the_same_number_of_queries_with_3_actions_as_with_30(client, member, project):
    client.force_login(member)
    for _ in range(3):
        factories.ActionFactory(project=factories.ProjectFactory(), owner=member)
    with_three = _queries(client, MY_ACTIONS)
    for n in range(27):
        meeting = factories.MeetingFactory()
        # Odd: from a network meeting only; even: a project's, every fourth agreed at a meeting too.
        factories.ActionFactory(project=None if n % 2 else factories.ProjectFactory(),
                                meeting=meeting if n % 2 or n % 4 == 0 else None, owner=member, due=_days(-1))
    assert _queries(client, MY_ACTIONS) == with_three


def test_a_projects_actions_page_takes_the_same_number_of_queries_with_3_as_with_30(client, member, project):
    client.force_login(member)
    url = reverse("projects:actions", kwargs={"slug": project.slug})
    for _ in range(3):
        factories.ActionFactory(project=project, owner=factories.MemberFactory())
    with_three = _queries(client, url)
    for _ in range(27):
        factories.ActionFactory(project=project, owner=factories.MemberFactory())
    assert _queries(client, url) == with_three


def test_a_lead_adding_an_action_with_neither_project_nor_meeting_in_the_admin_is_told_why(client, lead):
    client.force_login(lead)
    response = client.post(reverse("admin:projects_action_add"), {"what": "Belongs nowhere", "project": "", "meeting": ""})
    assert response.status_code == 200 and not Action.objects.exists()
    assert "An action needs a project or a meeting it was agreed at (or both)." in response.content.decode()


def test_a_lead_adds_a_network_meeting_action_in_the_admin(client, lead, member):
    meeting = factories.MeetingFactory()
    client.force_login(lead)
    response = client.post(reverse("admin:projects_action_add"),
                           {"what": "Book the evening room", "meeting": meeting.pk, "owner": member.pk})
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.meeting == meeting and action.project is None and action.created_by == lead


def test_my_actions_come_25_at_a_time_soonest_first_and_the_overdue_count_covers_them_all(client, member, project):
    for n in range(30):
        factories.ActionFactory(project=project, owner=member, what=f"Job {n:02}", due=_days(n - 27))  # 27 overdue
    factories.ActionFactory(project=project, owner=member, what="Finished job", done_at=timezone.now())
    client.force_login(member)
    first = client.get(MY_ACTIONS).content.decode()
    assert "27 actions are overdue" in first
    assert "Job 00" in first and "Job 24" in first and "Job 25" not in first
    assert "?page=2" in first and "Finished job" in first  # what was done lately is listed under the page
    second = client.get(MY_ACTIONS, {"page": 2}).content.decode()
    assert "Job 25" in second and "Job 29" in second and "Job 00" not in second


def test_a_projects_actions_page_lists_open_ones_first_a_page_at_a_time(client, member, project):
    factories.ActionFactory(project=project, what="Done already", done_at=timezone.now())
    for n in range(31):
        factories.ActionFactory(project=project, what=f"Open {n:02}", due=_days(n))
    client.force_login(member)
    url = reverse("projects:actions", kwargs={"slug": project.slug})
    first = client.get(url).content.decode()
    assert "Open 00" in first and "Open 29" in first and "Done already" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.index("Open 30") < second.index("Done already")

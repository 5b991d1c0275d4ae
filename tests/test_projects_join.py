from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from projects.models import JoinPolicy, ProjectMembership
from tests import factories

WHY = {"why_involved": "My dad waits there every month.", "contribution": "Come to meetings and test ideas."}


@pytest.fixture
def pledge(db):
    return factories.PledgeVersionFactory()


@pytest.fixture
def newcomer(pledge):
    """A signed-in member who has taken the current pledge and belongs to no project."""
    person = factories.MemberFactory(display_name="Nia Newcomer")
    factories.PledgeSignatureFactory(member=person, version=pledge)
    return person


def _join_url(project):
    return reverse("projects:join", kwargs={"slug": project.slug})


def test_a_member_who_has_not_taken_the_pledge_is_sent_to_it_and_told_they_will_come_back(client, project, pledge):
    client.force_login(factories.MemberFactory())
    response = client.get(_join_url(project))
    assert response.status_code == 302
    where = urlsplit(response["Location"])
    assert where.path == reverse("pledges:pledge")
    assert parse_qs(where.query)["next"] == [_join_url(project)]


def test_after_taking_the_pledge_the_member_comes_back_to_the_join_form(client, project, pledge):
    person = factories.MemberFactory()
    client.force_login(person)
    assert client.get(_join_url(project)).status_code == 302
    factories.PledgeSignatureFactory(member=person, version=pledge)
    page = client.get(_join_url(project)).content.decode()
    assert "Why would you like to be involved?" in page and "Join this project" in page


def test_a_withdrawn_signature_does_not_count_as_taking_the_pledge(client, project, pledge):
    from django.utils import timezone

    person = factories.MemberFactory()
    factories.PledgeSignatureFactory(member=person, version=pledge, withdrawn_at=timezone.now())
    client.force_login(person)
    assert client.get(_join_url(project)).status_code == 302


def test_signing_an_older_pledge_is_not_enough_once_a_new_version_is_published(client, project, pledge):
    import datetime as dt

    from django.utils import timezone

    person = factories.MemberFactory()
    factories.PledgeSignatureFactory(member=person, version=pledge)
    factories.PledgeVersionFactory(text="New words", published_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(person)
    assert client.get(_join_url(project)).status_code == 302


def test_a_project_that_does_not_ask_for_the_pledge_lets_anyone_join(client, pledge):
    project = factories.ProjectFactory(requires_pledge=False)
    person = factories.MemberFactory()
    client.force_login(person)
    client.post(_join_url(project), WHY)
    assert ProjectMembership.objects.active().filter(member=person, project=project).exists()


def test_the_pledge_is_asked_for_by_default_on_new_projects(db):
    assert factories.ProjectFactory().requires_pledge is True


def test_posting_the_join_form_without_the_pledge_joins_nobody(client, project, pledge):
    person = factories.MemberFactory()
    client.force_login(person)
    client.post(_join_url(project), WHY)
    assert not ProjectMembership.objects.filter(member=person).exists()


def test_joining_an_open_project_makes_you_a_member_at_once_with_why_and_what(client, project, newcomer):
    client.force_login(newcomer)
    response = client.post(_join_url(project), WHY, follow=True)
    membership = ProjectMembership.objects.get(member=newcomer, project=project)
    assert membership.status == "active"
    assert membership.why_involved == WHY["why_involved"] and membership.contribution == WHY["contribution"]
    assert "You are now a member of this project" in response.content.decode()


def test_joining_an_open_project_with_both_questions_left_empty_makes_you_a_member(client, project, newcomer):
    client.force_login(newcomer)
    response = client.post(_join_url(project), {"why_involved": "", "contribution": "  "}, follow=True)
    membership = ProjectMembership.objects.get(member=newcomer, project=project)
    assert membership.status == "active" and membership.why_involved == "" and membership.contribution == ""
    assert "You are now a member of this project" in response.content.decode()


def test_an_open_projects_join_form_says_the_questions_are_optional_and_gives_examples_tied_to_each(
    client, project, newcomer
):
    client.force_login(newcomer)
    page = client.get(_join_url(project)).content.decode()
    assert "The two questions are optional" in page
    assert "Why would you like to be involved? (optional)" in page
    assert "What would you like to do in the project? (optional)" in page
    assert 'aria-describedby="id_why_involved_helptext"' in page
    assert 'id="id_why_involved_helptext"' in page and "For example: I use this service" in page
    assert 'aria-describedby="id_contribution_helptext"' in page and "For example: come to meetings" in page
    assert "asteriskField" not in page  # no field is marked as needed


def _on_request(project):
    project.join_policy = JoinPolicy.ON_REQUEST
    project.save()
    return project


def test_an_on_request_projects_join_form_says_the_leads_read_the_answers_to_decide(client, project, newcomer):
    client.force_login(newcomer)
    page = client.get(_join_url(_on_request(project))).content.decode()
    assert "They read your answers to decide, so please answer both questions." in page
    assert "(optional)" not in page and "For example: I use this service" in page


def test_asking_to_join_an_on_request_project_with_empty_answers_says_what_is_missing_and_asks_nobody(
    client, project, newcomer, project_lead, tasks_run_at_once, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_join_url(_on_request(project)), {"why_involved": "", "contribution": " "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please tell us a little about why you would like to be involved." in page
    assert "Please tell us what you would like to do. Anything helps." in page
    assert not ProjectMembership.objects.filter(member=newcomer).exists()
    assert mail.outbox == []


def test_a_member_who_did_not_say_why_is_shown_as_not_saying_on_the_members_page(client, project, member, newcomer):
    client.force_login(newcomer)
    client.post(_join_url(project), {"why_involved": "", "contribution": ""})
    page = client.get(reverse("projects:members", kwargs={"slug": project.slug})).content.decode()
    newcomer_entry = page[page.index("Nia Newcomer"):]
    newcomer_entry = newcomer_entry[:newcomer_entry.index("</li>")]
    assert "Why: They did not say." in newcomer_entry and "What they do: They did not say." in newcomer_entry


def test_a_request_with_no_answers_shows_the_lead_they_did_not_say(client, project, project_lead, newcomer):
    factories.ProjectMembershipFactory(project=project, member=newcomer, status="requested", why_involved="")
    client.force_login(project_lead)
    page = client.get(reverse("projects:members", kwargs={"slug": project.slug})).content.decode()
    assert "Why they want to be involved:</strong> They did not say." in page


def test_asking_to_join_an_on_request_project_waits_for_a_project_lead_who_is_emailed(
    client, newcomer, project, project_lead, tasks_run_at_once, django_capture_on_commit_callbacks
):
    project.join_policy = JoinPolicy.ON_REQUEST
    project.save()
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_join_url(project), WHY)
    assert ProjectMembership.objects.get(member=newcomer, project=project).status == "requested"
    assert [m.to for m in mail.outbox] == [[project_lead.email]]
    assert "Nia Newcomer" in mail.outbox[0].body and WHY["why_involved"] in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_someone_waiting_for_an_answer_does_not_see_members_only_pages(client, newcomer, project):
    project.join_policy = JoinPolicy.ON_REQUEST
    project.save()
    client.force_login(newcomer)
    client.post(_join_url(project), WHY)
    assert client.get(reverse("projects:members", kwargs={"slug": project.slug})).status_code == 403


@pytest.mark.parametrize("decision, status, words", [
    ("approve", "active", "you are now a member"),
    ("decline", "declined", "cannot take you on at the moment"),
])
def test_the_member_is_emailed_when_a_project_lead_answers(
    client, project, project_lead, newcomer, decision, status, words, tasks_run_at_once,
    django_capture_on_commit_callbacks,
):
    asking = factories.ProjectMembershipFactory(project=project, member=newcomer, status="requested")
    client.force_login(project_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(f"projects:{decision}_request", kwargs={"slug": project.slug, "membership_id": asking.pk}))
    asking.refresh_from_db()
    assert asking.status == status and asking.decided_by == project_lead
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert words in mail.outbox[0].body
    assert words in mail.outbox[0].alternatives[0][0]


def test_a_project_lead_sees_why_people_ask_to_join(client, project, project_lead, newcomer):
    factories.ProjectMembershipFactory(project=project, member=newcomer, status="requested", why_involved="I love tea")
    client.force_login(project_lead)
    page = client.get(reverse("projects:members", kwargs={"slug": project.slug})).content.decode()
    assert "I love tea" in page and "Say yes to Nia Newcomer" in page


def test_answering_a_request_twice_changes_nothing_the_second_time(client, project, project_lead, newcomer):
    asking = factories.ProjectMembershipFactory(project=project, member=newcomer, status="requested")
    client.force_login(project_lead)
    url = reverse("projects:decline_request", kwargs={"slug": project.slug, "membership_id": asking.pk})
    client.post(url)
    response = client.post(reverse("projects:approve_request", kwargs={"slug": project.slug, "membership_id": asking.pk}), follow=True)
    asking.refresh_from_db()
    assert asking.status == "declined"
    assert "already been dealt with" in response.content.decode()


def test_nobody_can_join_a_closed_project(client, newcomer):
    project = factories.ProjectFactory(join_policy=JoinPolicy.CLOSED)
    client.force_login(newcomer)
    client.post(_join_url(project), WHY)
    assert not ProjectMembership.objects.filter(member=newcomer).exists()


def test_a_member_can_leave_and_join_again_later(client, project, newcomer):
    client.force_login(newcomer)
    client.post(_join_url(project), WHY)
    client.post(reverse("projects:leave", kwargs={"slug": project.slug}))
    left = ProjectMembership.objects.get(member=newcomer, project=project)
    assert left.status == "left" and left.left_at is not None
    assert client.get(reverse("projects:members", kwargs={"slug": project.slug})).status_code == 403
    client.post(_join_url(project), WHY)
    assert ProjectMembership.objects.filter(member=newcomer, project=project).count() == 2
    assert ProjectMembership.objects.active().filter(member=newcomer, project=project).count() == 1


def test_pressing_join_twice_makes_one_membership_and_a_kind_message(client, project, newcomer):
    client.force_login(newcomer)
    client.post(_join_url(project), WHY)
    response = client.post(_join_url(project), WHY, follow=True)
    assert ProjectMembership.objects.filter(member=newcomer, project=project).count() == 1
    assert "already involved" in response.content.decode()

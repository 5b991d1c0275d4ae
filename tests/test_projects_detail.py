import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from network.models import Role
from projects import services
from tests import factories


def _showing_role(*people):
    for person in people:
        person.show_role_in_directory = True
        person.save()


def _page(client, person, project):
    client.force_login(person)
    return client.get(project.get_absolute_url()).content.decode()


def test_the_project_page_shows_summary_easy_read_aims_and_what_can_and_cannot_change(client, other_member):
    project = factories.ProjectFactory(
        title="Quiet rooms", summary="Making rooms calmer.", easy_read_summary="Rooms can be loud. We will fix it.",
        aims="Two quiet rooms by spring.", can_achieve="New lights and seats.", cannot_achieve="A new building.",
    )
    page = _page(client, other_member, project)
    for words in ("Making rooms calmer.", "Rooms can be loud. We will fix it.", "Easy Read", "Two quiet rooms by spring.",
                  "New lights and seats.", "A new building."):
        assert words in page


def test_the_project_page_shows_the_stage_and_progress_through_its_checklist(client, member, project, project_lead):
    services.copy_default_checklist(project=project)
    for item in project.checklist_items.filter(stage="preparing")[:3]:
        services.tick_checklist_item(item=item, by=project_lead, done=True)
    page = _page(client, member, project)
    assert "3 of 4 points done for Preparing" in page
    assert '<progress id="checklist-progress" value="3" max="4">' in page
    assert 'aria-current="step">Preparing' in page


def test_members_see_everyone_grouped_by_role_with_their_project_role(client, member, project, project_lead):
    _showing_role(member, project_lead)
    project.memberships.filter(member=project_lead).update(project_role="Co-chair")
    page = _page(client, member, project)
    carers = page.index('<h3 class="h5">Carer</h3>')
    users = page.index('<h3 class="h5">Service user / expert by experience</h3>')
    assert users < page.index("Mo Member", users) < carers < page.index("Pat Projectlead – Co-chair", carers)


def test_everyone_signed_in_sees_how_many_of_each_role_are_involved(client, other_member, project, member, project_lead):
    _showing_role(member, project_lead)
    page = _page(client, other_member, project)
    assert "Service user / expert by experience: 1, Carer: 1" in page
    assert "Mo Member" not in page


def test_the_project_page_lists_upcoming_published_meetings_only(client, member, project):
    factories.MeetingFactory(project=project, title="Planning meeting")
    factories.MeetingFactory(project=project, title="Draft meeting", status=Meeting.Status.DRAFT)
    past = timezone.now() - dt.timedelta(days=3)
    factories.MeetingFactory(project=project, title="Last month's meeting", starts_at=past)
    factories.MeetingFactory(title="A network meeting")
    page = _page(client, member, project)
    assert "Planning meeting" in page
    assert "Draft meeting" not in page and "Last month" not in page and "A network meeting" not in page


def test_a_member_sees_leave_and_a_non_member_sees_join(client, member, other_member, project):
    assert "Leave this project" in _page(client, member, project)
    other = _page(client, other_member, project)
    assert "Join this project" in other and "Leave this project" not in other


def test_someone_who_asked_to_join_is_told_they_are_waiting(client, other_member, project):
    factories.ProjectMembershipFactory(project=project, member=other_member, status="requested")
    assert "You have asked to join" in _page(client, other_member, project)


def test_a_project_lead_is_told_people_are_waiting_for_an_answer(client, project_lead, project):
    factories.ProjectMembershipFactory(project=project, status="requested")
    assert "1 person has asked to join" in _page(client, project_lead, project)


def test_a_project_that_does_not_exist_is_not_found(client, member):
    client.force_login(member)
    assert client.get(reverse("projects:detail", kwargs={"slug": "no-such-project"})).status_code == 404


def test_the_member_list_page_says_why_each_person_is_involved(client, member, project):
    project.memberships.filter(member=member).update(contribution="Testing the new chairs")
    client.force_login(member)
    page = client.get(reverse("projects:members", kwargs={"slug": project.slug})).content.decode()
    assert "I use the service and want it to work better." in page and "Testing the new chairs" in page


def test_a_member_who_changed_role_is_grouped_by_their_role_now(client, member, project):
    member.role = Role.VOLUNTEER
    member.show_role_in_directory = True
    member.save()
    page = _page(client, member, project)
    assert '<h3 class="h5">Volunteer</h3>' in page


def test_a_project_lead_gives_a_member_a_role_shown_on_the_project_page(client, project_lead, member, project):
    membership = project.memberships.get(member=member)
    client.force_login(project_lead)
    client.post(reverse("projects:set_project_role", kwargs={"slug": project.slug, "membership_id": membership.pk}),
                {"project_role": "Photographer"})
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Mo Member – Photographer" in page


def test_the_checklists_for_the_other_stages_can_be_read_on_the_project_page(client, member, project):
    services.copy_default_checklist(project=project)
    page = _page(client, member, project)
    assert "<summary>Checklist for Doing</summary>" in page
    assert "We are measuring what difference working together has made." in page


def _carers(project, count):
    return [
        factories.ProjectMembershipFactory(
            project=project,
            member=factories.MemberFactory(display_name=f"Carer {n:03d}", role=Role.CARER, show_role_in_directory=True),
        )
        for n in range(count)
    ]


def test_the_project_page_names_the_first_few_of_each_role_and_links_to_all_of_them(client, member, project):
    _carers(project, 12)
    page = _page(client, member, project)
    assert "Carer 000" in page and "Carer 004" in page
    assert "Carer 005" not in page  # five names per role on the project page
    assert "See all 12 in “Carer”" in page
    assert f'href="{reverse("projects:members", kwargs={"slug": project.slug})}?role=carer"' in page


def test_the_member_list_comes_in_pages_and_can_be_shown_one_role_at_a_time(client, member, project):
    _carers(project, 35)
    client.force_login(member)
    url = reverse("projects:members", kwargs={"slug": project.slug})
    first = client.get(url).content.decode()
    assert "Showing 1 to 30 of" in first and "Next page" in first
    everyone = project.memberships.active().count()
    second = client.get(url, {"page": 2}).content.decode()
    assert f"of {everyone}." in second and "Carer 034" in second and "Carer 000" not in second

    carers = client.get(url, {"role": "carer", "page": 2}).content.decode()
    assert "Showing 31 to 35 of 35." in carers and "Carer 030" in carers
    assert member.display_name not in carers.split('id="members-heading"')[1]  # a service user, filtered out
    assert 'href="?role=carer&amp;page=1"' in carers  # paging keeps the role
    # A role that does not exist shows everyone rather than an error.
    assert client.get(url, {"role": "<script>"}).status_code == 200


def test_the_member_pages_take_the_same_number_of_queries_however_many_are_involved(client, member, project):
    client.force_login(member)
    urls = [reverse(name, kwargs={"slug": project.slug}) for name in ("projects:detail", "projects:members")]

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def first_and_next_visit(url):
        return queries(url), queries(url)  # after a change the order is worked out again; then it is kept

    _carers(project, 3)
    few = {url: first_and_next_visit(url) for url in urls}
    _carers(project, 40)
    many = {url: first_and_next_visit(url) for url in urls}
    assert many == few
    for url in urls:
        assert few[url][1] < few[url][0]  # the next visit reuses the kept order and counts


def test_the_kept_order_follows_a_new_name_a_new_member_and_one_who_leaves(client, member, project):
    carers = _carers(project, 3)
    client.force_login(member)
    url = reverse("projects:members", kwargs={"slug": project.slug})

    def carer_names():
        return [m.member.display_name for m in client.get(url, {"role": "carer"}).context["page"].object_list]

    assert carer_names() == ["Carer 000", "Carer 001", "Carer 002"]
    first = carers[0].member
    first.display_name = "Zoe Carer"
    first.save()
    assert carer_names() == ["Carer 001", "Carer 002", "Zoe Carer"]
    _carers(project, 1)  # a fourth carer, "Carer 000" again
    assert carer_names() == ["Carer 000", "Carer 001", "Carer 002", "Zoe Carer"]
    services.leave_project(member=carers[1].member, project=project)
    assert carer_names() == ["Carer 000", "Carer 002", "Zoe Carer"]
    assert "See all" not in _page(client, member, project)  # three carers: all named on the project page

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Role
from projects.models import InvolvementLevel, JoinPolicy, NeedsTier, Stage
from tests import factories

LIST = reverse("projects:list")


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def _titles(response):
    return [p.title for p in response.context["page"].object_list]


def test_a_member_sees_each_project_with_its_summary_stage_and_level(signed_in, project):
    page = signed_in.get(LIST).content.decode()
    assert "Calmer waiting rooms" in page
    assert project.summary in page
    assert "Stage: Preparing" in page and "Co-production" in page


def _showing_role(*people):
    for person in people:
        person.show_role_in_directory = True
        person.save()


def test_each_project_says_how_many_people_of_each_role_are_involved(signed_in, project, member, project_lead):
    _showing_role(member, project_lead)
    factories.ProjectMembershipFactory(
        project=project, member=factories.MemberFactory(role=Role.CARER, show_role_in_directory=True)
    )
    factories.ProjectMembershipFactory(
        project=project, member=factories.MemberFactory(role=Role.STAFF, show_role_in_directory=True),
        status="requested",
    )
    page = signed_in.get(LIST).content.decode()
    # Mo is a service user; Pat and the new member are carers; a request to join is not yet involvement.
    assert "Service user / expert by experience: 1, Carer: 2" in page
    assert "Staff: 1" not in page


def test_people_who_keep_their_role_private_are_counted_as_members_except_for_leads(client, project, member, lead):
    factories.ProjectMembershipFactory(
        project=project, member=factories.MemberFactory(role=Role.CARER, show_role_in_directory=True)
    )
    factories.ProjectMembershipFactory(project=project, member=factories.MemberFactory(role=Role.STAFF))
    client.force_login(factories.MemberFactory())
    page = client.get(LIST).content.decode()
    # Mo (a service user) and the staff member keep their roles private: neither role is counted.
    assert "Carer: 1, Member: 2" in page
    assert "Staff" not in page and "Service user" not in page
    client.force_login(lead)
    assert "Service user / expert by experience: 1, Carer: 1, Staff: 1" in client.get(LIST).content.decode()


def test_members_can_narrow_the_list_by_stage(signed_in, project):
    factories.ProjectFactory(title="Carers' café", stage=Stage.DOING)
    assert _titles(signed_in.get(LIST, {"stage": Stage.DOING})) == ["Carers' café"]


def test_members_can_narrow_the_list_by_involvement_level(signed_in, project):
    factories.ProjectFactory(title="Signs survey", involvement_level=InvolvementLevel.ENGAGEMENT)
    assert _titles(signed_in.get(LIST, {"involvement_level": "engagement"})) == ["Signs survey"]


def test_members_can_narrow_the_list_by_needs_tier(signed_in, project):
    factories.ProjectFactory(title="Peer support at home", needs_tier=NeedsTier.ONE_TO_ONE)
    assert _titles(signed_in.get(LIST, {"needs_tier": "one_to_one"})) == ["Peer support at home"]


def test_members_can_see_only_projects_open_to_join(signed_in, project):
    factories.ProjectFactory(title="Finished signs project", join_policy=JoinPolicy.CLOSED)
    titles = _titles(signed_in.get(LIST, {"open_to_join": "on"}))
    assert "Calmer waiting rooms" in titles and "Finished signs project" not in titles


def test_members_can_search_by_words_in_the_title_or_summary(signed_in, project):
    factories.ProjectFactory(title="Photography group", summary="Taking pictures together at the day centre.")
    assert _titles(signed_in.get(LIST, {"q": "pictures"})) == ["Photography group"]
    assert _titles(signed_in.get(LIST, {"q": "calmer"})) == ["Calmer waiting rooms"]


def test_a_search_that_finds_nothing_says_so_kindly(signed_in, project):
    page = signed_in.get(LIST, {"q": "zebra"}).content.decode()
    assert "No projects match" in page


def test_the_list_comes_in_pages_of_ten(signed_in, db):
    for n in range(11):  # and the member's own project: twelve
        factories.ProjectFactory(title=f"Project {n:02}")
    first = signed_in.get(LIST)
    second = signed_in.get(LIST, {"page": 2})
    assert len(_titles(first)) == 10 and len(_titles(second)) == 2
    assert "Next page" in first.content.decode()


def test_filters_are_kept_when_moving_to_the_next_page(signed_in, db):
    for n in range(12):
        factories.ProjectFactory(title=f"Doing {n:02}", stage=Stage.DOING)
    page = signed_in.get(LIST, {"stage": "doing"}).content.decode()
    assert "?stage=doing&amp;page=2" in page


def _queries_for_list(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def _add_projects(count):
    for _ in range(count):
        project = factories.ProjectFactory()
        for role in (Role.SERVICE_USER, Role.CARER, Role.STAFF):
            factories.ProjectMembershipFactory(project=project, member=factories.MemberFactory(role=role))


def test_the_list_takes_the_same_number_of_queries_with_3_projects_as_with_30(signed_in, db):
    _add_projects(3)
    with_three = _queries_for_list(signed_in)
    _add_projects(27)
    with_thirty = _queries_for_list(signed_in)
    assert with_three == with_thirty


def test_a_made_up_filter_value_is_explained_rather_than_breaking_the_page(signed_in, project):
    response = signed_in.get(LIST, {"stage": "finished", "page": "many"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_with_many_pages_the_pager_links_the_ends_and_the_pages_near_this_one_not_every_page(signed_in, db):
    factories.ProjectFactory.create_batch(120)  # and the member's own project: thirteen pages
    page = signed_in.get(LIST, {"page": 7}).content.decode()
    for number in (1, 5, 6, 8, 9, 13):
        assert f"page={number}\"" in page
    for number in (2, 3, 11, 12):
        assert f"page={number}\"" not in page
    assert page.count("more pages") == 2
    assert 'aria-current="page">\n          <span class="visually-hidden">Page </span>7' in page

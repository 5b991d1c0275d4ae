"""A member's main role is theirs to show. Other members see it only where the member chose to show it; people who
keep it private are grouped and counted as "Member". The member themselves and the co-production leads see it."""

import re

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Invitation
from network.models import Role
from tests import factories

CARER = "Carer"  # Role.CARER's label, as pages print it


@pytest.fixture
def quiet_carer(project):
    """A carer in `project` who keeps their role private."""
    person = factories.MemberFactory(display_name="Quinn Quiet", role=Role.CARER, in_directory=True)
    factories.ProjectMembershipFactory(project=project, member=person)
    return person


@pytest.fixture
def open_carer(project):
    """A carer in `project` who shows their role to other members."""
    person = factories.MemberFactory(
        display_name="Olwen Open", role=Role.CARER, in_directory=True, show_role_in_directory=True
    )
    factories.ProjectMembershipFactory(project=project, member=person)
    return person


def _get(client, person, url, **query):
    client.force_login(person)
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _detail(project):
    return project.get_absolute_url()


def _members(project):
    return reverse("projects:members", kwargs={"slug": project.slug})


def _group_of(page, name):
    """The heading of the group a name is listed under (the last <h3> before it)."""
    at = page.index(name)
    headings = [m for m in re.finditer(r"<h3 class=\"h[45]\">([^<]*)</h3>", page) if m.start() < at]
    return headings[-1].group(1)


def _line_of(page, name):
    """The list item with the name in it."""
    at = page.index(name)
    return page[page.rindex("<li", 0, at):page.index("</li>", at)]


# The project page


def test_on_the_project_page_a_private_role_is_shown_as_member_to_other_members(client, member, quiet_carer):
    page = _get(client, member, _detail(quiet_carer.project_memberships.get().project))
    assert _group_of(page, "Quinn Quiet") == "Member"
    assert CARER not in _line_of(page, "Quinn Quiet")
    assert f"{CARER}:" not in page  # not counted as a carer either


def test_on_the_project_page_a_shown_role_is_shown(client, member, open_carer):
    page = _get(client, member, _detail(open_carer.project_memberships.get().project))
    assert _group_of(page, "Olwen Open") == CARER
    assert f"{CARER}: 1" in page


def test_on_the_project_page_a_lead_sees_a_private_role_and_that_it_is_private(client, lead, quiet_carer):
    page = _get(client, lead, _detail(quiet_carer.project_memberships.get().project))
    assert _group_of(page, "Quinn Quiet") == CARER
    assert "other members do not see this person's main role" in _line_of(page, "Quinn Quiet")
    assert f"{CARER}: 1" in page


def test_on_the_project_page_the_person_sees_their_own_private_role(client, quiet_carer):
    page = _get(client, quiet_carer, _detail(quiet_carer.project_memberships.get().project))
    assert "your main role, Carer, is seen only by you and the co-production leads" in _line_of(page, "Quinn Quiet")
    assert "You are counted as “Member”, because you keep your role to yourself." in page


def test_the_project_page_links_to_everyone_kept_private_under_member(client, member, project):
    for n in range(7):
        factories.ProjectMembershipFactory(
            project=project, member=factories.MemberFactory(display_name=f"Quiet {n}", role=Role.CARER)
        )
    page = _get(client, member, _detail(project))
    # Mo (the member looking) keeps their role private too: 8 in "Member", of whom 5 are named here.
    assert f'href="{_members(project)}?role=private"' in page and "See all 8 in “Member”" in page
    assert "See all 7 in “Carer”" not in page


# The members page


def test_on_the_members_page_a_private_role_is_shown_as_member(client, member, quiet_carer, open_carer):
    project = quiet_carer.project_memberships.get().project
    page = _get(client, member, _members(project))
    assert _group_of(page, "Quinn Quiet") == "Member"
    assert _group_of(page, "Olwen Open") == CARER
    assert CARER not in _line_of(page, "Quinn Quiet")


def test_the_members_page_filter_offers_only_roles_people_show_and_counts_only_them(
    client, member, quiet_carer, open_carer
):
    project = quiet_carer.project_memberships.get().project
    page = _get(client, member, _members(project))
    start = page.index('aria-label="Show members by role"')
    filters = page[start:page.index("</nav>", start)]
    assert ">Carer (1)</a>" in filters  # Olwen; Quinn is not counted as a carer
    assert ">Member (2)</a>" in filters  # Quinn and Mo keep theirs private
    assert "Service user" not in filters  # Mo is a service user who does not show it

    carers = _get(client, member, _members(project), role="carer")
    assert "Olwen Open" in carers and "Quinn Quiet" not in carers  # a hidden role cannot be found by filtering
    private = _get(client, member, _members(project), role="private")
    assert "Quinn Quiet" in private and "Olwen Open" not in private


def test_on_the_members_page_a_lead_sees_and_filters_by_every_role(client, lead, quiet_carer, open_carer):
    project = quiet_carer.project_memberships.get().project
    page = _get(client, lead, _members(project))
    assert _group_of(page, "Quinn Quiet") == CARER and ">Carer (2)</a>" in page
    carers = _get(client, lead, _members(project), role="carer")
    assert "Quinn Quiet" in carers and "Olwen Open" in carers


def test_on_the_members_page_the_person_sees_their_own_private_role(client, quiet_carer):
    page = _get(client, quiet_carer, _members(quiet_carer.project_memberships.get().project))
    assert "your main role, Carer, is seen only by you" in _line_of(page, "Quinn Quiet")


def test_a_project_lead_deciding_a_request_sees_the_role_only_if_the_person_shows_it(client, project_lead, project):
    quiet = factories.MemberFactory(display_name="Rhys Request", role=Role.STAFF)
    shown = factories.MemberFactory(display_name="Sian Shown", role=Role.VOLUNTEER, show_role_in_directory=True)
    for person in (quiet, shown):
        factories.ProjectMembershipFactory(project=project, member=person, status="requested")
    page = _get(client, project_lead, _members(project))
    assert "Rhys Request <span class=\"fw-normal\">(Member)</span>" in page and "Staff" not in page
    assert "Sian Shown <span class=\"fw-normal\">(Volunteer)</span>" in page


# The list of projects


def test_the_list_of_projects_counts_a_private_role_as_member(
    client, other_member, lead, member, quiet_carer, open_carer
):
    assert "Carer: 1, Member: 2" in _get(client, other_member, reverse("projects:list"))
    assert "Service user / expert by experience: 1, Carer: 2" in _get(client, lead, reverse("projects:list"))


def test_joining_a_project_never_moves_the_count_of_a_role_the_joiner_keeps_private(client, other_member, member):
    project = member.project_memberships.get().project
    before = _get(client, other_member, _detail(project))
    factories.ProjectMembershipFactory(project=project, member=factories.MemberFactory(role=Role.STAFF))
    after = _get(client, other_member, _detail(project))
    assert "Member: 1" in before and "Member: 2" in after
    assert "Staff" not in after


# A meeting's page


@pytest.fixture
def meeting(db):
    return factories.MeetingFactory(title="Spring network meeting")


def _coming(meeting, *people):
    for person in people:
        meeting_services.reply(meeting=meeting, member=person, response=Invitation.Response.ATTENDING)


def _who_is_coming(page):
    return page[page.index('id="coming-heading"'):page.index("</section>", page.index('id="coming-heading"'))]


def test_the_meeting_page_counts_a_private_role_as_member(client, other_member, meeting, quiet_carer, open_carer):
    _coming(meeting, quiet_carer, open_carer)
    coming = _who_is_coming(_get(client, other_member, meeting.get_absolute_url()))
    assert "<li>Carer: 1</li>" in coming and "<li>Member: 1</li>" in coming


def test_a_lead_sees_who_is_coming_by_every_role(client, lead, meeting, quiet_carer, open_carer):
    _coming(meeting, quiet_carer, open_carer)
    coming = _who_is_coming(_get(client, lead, meeting.get_absolute_url()))
    assert "<li>Carer: 2</li>" in coming and "Member" not in coming


def test_someone_coming_is_told_why_they_are_counted_as_member(client, meeting, quiet_carer):
    _coming(meeting, quiet_carer)
    coming = _who_is_coming(_get(client, quiet_carer, meeting.get_absolute_url()))
    assert "You are counted as “Member”, because you keep your role to yourself." in coming


# The directory and the pledge wall


def test_in_the_directory_a_private_role_is_seen_only_by_the_person_and_leads(client, member, lead, quiet_carer):
    url = reverse("network:directory")
    assert CARER not in _line_of(_get(client, member, url), "Quinn Quiet")
    own = _line_of(_get(client, quiet_carer, url), "Quinn Quiet")
    assert CARER in own and "only you and the co-production leads see your role" in own
    assert CARER in _line_of(_get(client, lead, url), "Quinn Quiet")


def test_the_pledge_wall_names_people_without_their_role(client, member, quiet_carer, open_carer):
    version = factories.PledgeVersionFactory()
    for person in (quiet_carer, open_carer):
        factories.PledgeSignatureFactory(member=person, version=version, show_on_wall=True)
    page = _get(client, member, reverse("pledges:pledge"))
    assert "Quinn Quiet" in page and "Olwen Open" in page
    assert CARER not in page


def test_the_profile_asks_whether_to_show_my_role_to_other_members(client, member):
    page = _get(client, member, reverse("network:profile"))
    assert "Show my role to other members" in page
    assert "only you and the co-production leads see your role" in page

"""Who may see and do what on a project: the cast from tests/conftest.py as a role × action table.

member and staff_member belong to `project`; other_member belongs to `other_project` only; project_lead leads
`project`; lead is a co-production lead who belongs to no project; anonymous is not signed in.
"""

import pytest
from django.urls import reverse

from projects.models import Stage, StageChange
from tests import factories

ALLOWED, REFUSED, SIGN_IN = 200, 403, "sign in"

EVERYONE = ["member", "staff_member", "other_member", "project_lead", "lead"]
PROJECT_PEOPLE = {"member", "staff_member", "project_lead"}
MANAGERS = {"project_lead", "lead"}


def _expect(who, allowed):
    if who == "anonymous":
        return SIGN_IN
    return ALLOWED if who in allowed else REFUSED


# (page, URL name, needs the project, who may see it)
PAGES = [
    ("project list", "projects:list", False, set(EVERYONE)),
    ("project page", "projects:detail", True, set(EVERYONE)),
    ("my actions", "projects:my_actions", False, set(EVERYONE)),
    ("member list", "projects:members", True, PROJECT_PEOPLE | {"lead"}),
    ("actions", "projects:actions", True, PROJECT_PEOPLE | {"lead"}),
    ("edit the project", "projects:edit", True, MANAGERS),
    ("move the stage", "projects:move_stage", True, MANAGERS),
    ("record impact", "projects:add_impact", True, MANAGERS),
    ("reflection comments", "projects:reflection_comments", True, MANAGERS),
    ("start a project", "projects:create", False, {"lead"}),
    ("reflect", "projects:reflect", True, PROJECT_PEOPLE),
]

TABLE = [
    pytest.param(who, url_name, needs_project, _expect(who, allowed), id=f"{who}-{page}")
    for page, url_name, needs_project, allowed in PAGES
    for who in ["anonymous", *EVERYONE]
]


def _sign_in(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))


@pytest.mark.parametrize("who, url_name, needs_project, expected", TABLE)
def test_each_page_opens_only_for_the_people_it_is_for(client, request, project, who, url_name, needs_project, expected):
    _sign_in(client, request, who)
    url = reverse(url_name, kwargs={"slug": project.slug}) if needs_project else reverse(url_name)
    response = client.get(url)
    if expected == SIGN_IN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who", ["other_member", "lead"])
def test_the_project_page_shows_member_names_only_to_members_and_leads(client, request, project, member, who):
    client.force_login(request.getfixturevalue(who))
    factories.ActionFactory(project=project, what="Print the Easy Read leaflet")
    page = client.get(reverse("projects:detail", kwargs={"slug": project.slug})).content.decode()
    sees = who == "lead"
    assert ("Mo Member" in page) is sees
    assert ("Print the Easy Read leaflet" in page) is sees


def test_a_member_of_the_project_sees_who_is_involved_and_its_actions(client, project, member, project_lead):
    factories.ActionFactory(project=project, what="Print the Easy Read leaflet")
    client.force_login(member)
    page = client.get(reverse("projects:detail", kwargs={"slug": project.slug})).content.decode()
    assert "Pat Projectlead" in page and "Print the Easy Read leaflet" in page


MOVERS = [
    pytest.param("member", False, id="member-cannot"),
    pytest.param("staff_member", False, id="staff-member-cannot"),
    pytest.param("other_member", False, id="member-of-another-project-cannot"),
    pytest.param("project_lead", True, id="project-lead-can"),
    pytest.param("lead", True, id="co-production-lead-can"),
]


@pytest.mark.parametrize("who, may", MOVERS)
def test_only_project_leads_and_leads_can_move_the_stage(client, request, project, who, may):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("projects:move_stage", kwargs={"slug": project.slug}),
        {"to_stage": Stage.DOING, "reason": "We are ready.", "confirm_unticked": "on"},
    )
    project.refresh_from_db()
    assert (project.stage == Stage.DOING) is may
    assert StageChange.objects.filter(project=project).exists() is may
    if not may:
        assert response.status_code == 403


@pytest.mark.parametrize("who, may", MOVERS)
def test_only_project_leads_and_leads_can_tick_the_checklist(client, request, project, who, may):
    from projects import services

    services.copy_default_checklist(project=project)
    item = project.checklist_items.first()
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("projects:tick_item", kwargs={"slug": project.slug, "item_id": item.pk}), {"done": "on"})
    item.refresh_from_db()
    assert item.is_done is may
    if not may:
        assert response.status_code == 403


@pytest.mark.parametrize("who, may", MOVERS)
def test_only_project_leads_and_leads_can_add_actions(client, request, project, who, may):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("projects:actions", kwargs={"slug": project.slug}), {"what": "Book the room"})
    assert project.actions.filter(what="Book the room").exists() is may
    if not may:
        assert response.status_code == 403


@pytest.mark.parametrize("who, may", MOVERS)
def test_only_project_leads_and_leads_can_record_impact(client, request, project, who, may):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("projects:add_impact", kwargs={"slug": project.slug}),
        {"what_changed": "A quiet corner", "evidence": "", "happened_on": "2026-10-01",
         "pairs-TOTAL_FORMS": "0", "pairs-INITIAL_FORMS": "0"},
    )
    assert project.impact_records.exists() is may
    if not may:
        assert response.status_code == 403


@pytest.mark.parametrize("who, may", MOVERS)
def test_only_project_leads_and_leads_can_edit_the_project(client, request, project, who, may):
    client.force_login(request.getfixturevalue(who))
    client.post(
        reverse("projects:edit", kwargs={"slug": project.slug}),
        {"title": "A new title", "slug": project.slug, "summary": "New", "involvement_level": "co_design",
         "needs_tier": "community", "join_policy": "open", "requires_pledge": "on"},
    )
    project.refresh_from_db()
    assert (project.title == "A new title") is may


@pytest.mark.parametrize("who, may", MOVERS)
def test_only_project_leads_and_leads_can_answer_join_requests(client, request, project, who, may):
    asking = factories.ProjectMembershipFactory(project=project, status="requested")
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("projects:approve_request", kwargs={"slug": project.slug, "membership_id": asking.pk})
    )
    asking.refresh_from_db()
    assert (asking.status == "active") is may
    if not may:
        assert response.status_code == 403


def test_a_project_lead_of_one_project_cannot_move_another_projects_stage(client, project_lead, other_project):
    client.force_login(project_lead)
    response = client.get(reverse("projects:move_stage", kwargs={"slug": other_project.slug}))
    assert response.status_code == 403


def test_an_offline_member_cannot_sign_in_so_sees_no_project(client, offline_member, project):
    assert not client.login(email=None, password="anything")
    response = client.get(reverse("projects:detail", kwargs={"slug": project.slug}))
    assert response.status_code == 302


def test_the_admin_lets_a_lead_manage_projects_and_refuses_a_member(client, lead, member, project):
    client.force_login(lead)
    assert client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code == 200
    client.force_login(member)
    response = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert response.status_code == 302  # sent to the admin sign-in, never shown


@pytest.mark.parametrize("who, may", MOVERS)
def test_only_project_leads_and_leads_can_give_someone_a_role_in_the_project(client, request, project, member, who, may):
    membership = project.memberships.get(member=member)
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("projects:set_project_role", kwargs={"slug": project.slug, "membership_id": membership.pk}),
        {"project_role": "Note-taker", "is_project_lead": "on"},
    )
    membership.refresh_from_db()
    assert (membership.project_role == "Note-taker" and membership.is_project_lead) is may
    if not may:
        assert response.status_code == 403

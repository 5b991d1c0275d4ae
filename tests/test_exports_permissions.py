"""Who may take a project's record out of the platform: the cast from tests/conftest.py as a role × export table.

staff_member (role staff, active on `project`) and lead may; member, project_lead (a carer), other_member may not;
anonymous visitors are sent to sign in. Asked on every request, for every format.
"""

import pytest
from django.urls import reverse

from exports.models import ExportAudit
from network.models import Role
from projects.models import ProjectMembership
from tests import factories

MAY_EXPORT = {"staff_member", "lead"}
WHO = ["anonymous", "member", "other_member", "project_lead", "staff_member", "lead"]
EXPORTS = [
    "exports:project_record",
    "exports:project_record_xlsx",
    "exports:project_record_zip",
    "exports:members_csv",
    "exports:actions_csv",
]


def _get(client, url):
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("url_name", EXPORTS)
@pytest.mark.parametrize("who", WHO)
def test_only_staff_on_the_project_and_leads_can_export_it(client, request, project, who, url_name):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = _get(client, reverse(url_name, kwargs={"slug": project.slug}))
    if who == "anonymous":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    elif who in MAY_EXPORT:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("url_name", EXPORTS)
def test_a_staff_member_not_on_the_project_cannot_export_it(client, project, other_project, url_name):
    outsider = factories.MemberFactory(role=Role.STAFF)
    factories.ProjectMembershipFactory(member=outsider, project=other_project)
    client.force_login(outsider)
    assert _get(client, reverse(url_name, kwargs={"slug": project.slug})).status_code == 403
    assert not ExportAudit.objects.exists()


def test_a_staff_member_who_left_the_project_can_no_longer_export_it(client, project, staff_member):
    client.force_login(staff_member)
    url = reverse("exports:project_record_xlsx", kwargs={"slug": project.slug})
    assert _get(client, url).status_code == 200
    ProjectMembership.objects.filter(member=staff_member, project=project).update(status=ProjectMembership.Status.LEFT)
    assert _get(client, url).status_code == 403


def test_a_staff_member_whose_request_to_join_is_waiting_cannot_export(client, project):
    asking = factories.MemberFactory(role=Role.STAFF)
    factories.ProjectMembershipFactory(member=asking, project=project, status=ProjectMembership.Status.REQUESTED)
    client.force_login(asking)
    assert client.get(reverse("exports:project_record", kwargs={"slug": project.slug})).status_code == 403


def test_the_permission_is_there_for_templates_and_code_to_ask(project, staff_member, member, lead, other_project):
    assert staff_member.has_perm("projects.export_project", project)
    assert lead.has_perm("projects.export_project", other_project)
    assert not member.has_perm("projects.export_project", project)
    assert not staff_member.has_perm("projects.export_project", other_project)

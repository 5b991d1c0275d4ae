"""Powers are granted by a lead, recorded with who and when, and never follow from what a member says of themselves."""

import pytest
from django.urls import reverse

from exports.models import ExportAudit
from network.models import Power, PowerChange, Role
from projects import record
from projects.models import JoinPolicy, ProjectMembership
from tests import factories
from tests.test_network_profile import profile_data


@pytest.fixture
def open_project(db):
    return factories.ProjectFactory(title="Kinder discharge letters", join_policy=JoinPolicy.OPEN,
                                    requires_pledge=False)


def export_urls(project):
    urls = [reverse(name, kwargs={"slug": project.slug})
            for name in ["exports:project_record", "exports:project_record_xlsx", "exports:project_record_zip"]]
    urls += [reverse(f"exports:{part.key}_csv", kwargs={"slug": project.slug}) for part in record.parts_for_record()]
    return urls


def lead_pages(project, offline_member):
    meeting = factories.MeetingFactory(project=project)
    return [
        reverse("network:add_offline_member"), reverse("network:invite"),
        reverse("network:manage_member", args=[offline_member.pk]),
        reverse("meetings:access_needs", args=[meeting.pk]), reverse("meetings:offline_list", args=[meeting.pk]),
        reverse("privacy:offline_download", args=[offline_member.pk]),
        reverse("admin:index"), reverse("admin:network_member_changelist"), reverse("admin:projects_project_changelist"),
        reverse("admin:exports_exportaudit_changelist"), reverse("admin:network_member_export"),
    ]


def _becomes_staff_and_joins(client, person, project):
    client.force_login(person)
    assert client.post(reverse("network:profile"), profile_data(person, role=Role.STAFF)).status_code == 302
    person.refresh_from_db()
    assert person.role == Role.STAFF
    client.post(reverse("projects:join", kwargs={"slug": project.slug}),
                {"why_involved": "I work here", "contribution": "Read the record"})
    assert ProjectMembership.objects.active().filter(member=person, project=project).exists()


def test_a_carer_who_calls_themselves_staff_and_joins_is_refused_every_export_and_lead_page(
        client, open_project, offline_member):
    carer = factories.MemberFactory(display_name="Cara Carer", role=Role.CARER)
    _becomes_staff_and_joins(client, carer, open_project)
    for url in export_urls(open_project):
        assert client.get(url).status_code == 403, url
    for url in lead_pages(open_project, offline_member):
        assert client.get(url).status_code in (302, 403), url
    assert not ExportAudit.objects.exists()
    page = client.get(reverse("projects:detail", kwargs={"slug": open_project.slug})).content.decode()
    assert reverse("exports:project_record", kwargs={"slug": open_project.slug}) not in page


def test_a_member_cannot_grant_themselves_a_power(client, member):
    client.force_login(member)
    for power in Power.values:
        answer = client.post(reverse("network:change_power", args=[member.pk]), {"power": power, "grant": "1"})
        assert answer.status_code == 403
    member.forget_powers_cache()
    assert not member.powers()
    assert not PowerChange.objects.exists()


def test_a_lead_grants_the_export_power_the_grant_is_recorded_and_the_person_may_export(
        client, lead, open_project):
    person = factories.MemberFactory(display_name="Sid Staff", role=Role.CARER)
    factories.ProjectMembershipFactory(member=person, project=open_project)
    client.force_login(lead)
    answer = client.post(reverse("network:change_power", args=[person.pk]),
                         {"power": Power.EXPORT_PROJECT_RECORDS, "grant": "1"})
    assert answer.status_code == 302
    grant = PowerChange.objects.get(member=person)
    assert (grant.power, grant.granted, grant.changed_by) == (Power.EXPORT_PROJECT_RECORDS, True, lead)
    page = client.get(reverse("network:manage_member", args=[person.pk])).content.decode()
    assert "given by Lena Lead" in page

    client.force_login(person)
    assert client.get(reverse("exports:project_record_xlsx", kwargs={"slug": open_project.slug})).status_code == 200
    assert ExportAudit.objects.filter(who=person).count() == 1
    # Not for a project they are not in.
    elsewhere = factories.ProjectFactory(title="Elsewhere")
    assert client.get(reverse("exports:project_record", kwargs={"slug": elsewhere.slug})).status_code == 403


def test_a_withdrawn_power_stops_at_once_and_the_withdrawal_is_recorded(client, lead, staff_member, project):
    client.force_login(lead)
    client.post(reverse("network:change_power", args=[staff_member.pk]),
                {"power": Power.EXPORT_PROJECT_RECORDS, "grant": "0"})
    withdrawal = PowerChange.objects.get(member=staff_member)
    assert (withdrawal.granted, withdrawal.changed_by) == (False, lead)
    client.force_login(staff_member)
    assert client.get(reverse("exports:project_record", kwargs={"slug": project.slug})).status_code == 403


def test_changing_ones_own_role_changes_no_power(client, staff_member, project):
    client.force_login(staff_member)
    url = reverse("exports:project_record", kwargs={"slug": project.slug})
    assert client.get(url).status_code == 200
    client.post(reverse("network:profile"), profile_data(staff_member, role=Role.VOLUNTEER))
    assert client.get(url).status_code == 200  # the grant, not the role, is what lets them


def test_making_a_lead_is_recorded_and_an_offline_member_cannot_be_given_a_power(client, lead, member,
                                                                                   offline_member):
    client.force_login(lead)
    client.post(reverse("network:make_lead", args=[member.pk]))
    assert PowerChange.objects.filter(member=member, power=Power.CO_PRODUCTION_LEAD, granted=True,
                                      changed_by=lead).exists()
    client.post(reverse("network:change_power", args=[offline_member.pk]),
                {"power": Power.EXPORT_PROJECT_RECORDS, "grant": "1"})
    assert not PowerChange.objects.filter(member=offline_member).exists()


def test_the_admin_action_grants_and_records_the_export_power(client, lead, member):
    client.force_login(lead)
    client.post(reverse("admin:network_member_changelist"),
                {"action": "let_export_records", "_selected_action": [member.pk]})
    assert PowerChange.objects.filter(member=member, power=Power.EXPORT_PROJECT_RECORDS, changed_by=lead).exists()
    page = client.get(reverse("admin:network_member_change", args=[member.pk])).content.decode()
    assert "granted by Lena Lead" in page


def test_an_unknown_power_changes_nothing(client, lead, member):
    client.force_login(lead)
    client.post(reverse("network:change_power", args=[member.pk]), {"power": "superuser", "grant": "1"})
    assert not PowerChange.objects.exists()


def _members_sheet(client, project):
    import io

    import openpyxl

    answer = client.get(reverse("exports:project_record_xlsx", kwargs={"slug": project.slug}))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(answer.streaming_content)), read_only=True)
    return {row[0]: row[1] for row in workbook["Members"].iter_rows(values_only=True)}


def test_a_granted_exporter_sees_hidden_roles_as_member_and_a_lead_sees_them_all(client, lead, staff_member, project):
    hidden = factories.MemberFactory(display_name="Hana Hidden", role=Role.CARER, show_role_in_directory=False)
    shown = factories.MemberFactory(display_name="Sol Shown", role=Role.VOLUNTEER, show_role_in_directory=True)
    for person in (hidden, shown):
        factories.ProjectMembershipFactory(member=person, project=project)
    client.force_login(staff_member)
    roles = _members_sheet(client, project)
    assert (roles["Hana Hidden"], roles["Sol Shown"]) == ("Member", "Volunteer")
    client.force_login(lead)
    assert _members_sheet(client, project)["Hana Hidden"] == "Carer"

"""Admin exports for leads (members, projects, meetings with attendance, pledge signatures) as CSV and Excel, and the
audit log: every admin export writes a row; leads read the log in the admin; nobody can change or delete it.
"""

import csv
import io

import openpyxl
import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from import_export.formats.base_formats import CSV, XLSX

from exports.models import ExportAudit, ExportFormat, ExportKind
from exports.resources import AuditedExportMixin
from exports.services import record_export
from meetings.models import Meeting
from meetings.resources import MeetingResource
from network.models import Member
from network.resources import MemberResource
from pledges.models import PledgeSignature
from pledges.resources import PledgeSignatureResource
from projects.models import Project
from projects.resources import ProjectResource
from tests import factories


def _admin_for(model, resource):
    model_admin = type("TestExportAdmin", (AuditedExportMixin, admin.ModelAdmin), {"resource_classes": [resource]})
    return model_admin(model, admin.site)


def _export(model, resource, user, file_format):
    request = RequestFactory().post("/admin/export/")
    request.user = user
    model_admin = _admin_for(model, resource)
    return model_admin.get_export_data(file_format, request, model._default_manager.all(), encoding="utf-8")


def _parse(data, file_format):
    if isinstance(file_format, XLSX):
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def world(project, member, staff_member, other_member, offline_member):
    meeting = factories.MeetingFactory(project=project, title="Planning the quiet corner")
    attendance = apps.get_model("meetings", "Attendance")
    attendance.objects.create(meeting=meeting, member=member, status="present")
    attendance.objects.create(meeting=meeting, member=staff_member, status="absent")
    apps.get_model("meetings", "Guest").objects.create(meeting=meeting, name="Gita Guest")
    factories.PledgeSignatureFactory(member=member, commitment="I will listen first.")
    return meeting


CASES = [
    (Member, MemberResource, "name", "Mo Member"),
    (Project, ProjectResource, "title", "Calmer waiting rooms"),
    (Meeting, MeetingResource, "meeting", "Planning the quiet corner"),
    (PledgeSignature, PledgeSignatureResource, "own commitment", "I will listen first."),
]


@pytest.mark.parametrize("file_format", [CSV(), XLSX()], ids=["csv", "xlsx"])
@pytest.mark.parametrize("model, resource, column, expected", CASES, ids=[c[0].__name__ for c in CASES])
def test_leads_export_each_list_as_csv_and_excel_and_it_parses_back(world, lead, model, resource, column, expected,
                                                                      file_format):
    rows = _parse(_export(model, resource, lead, file_format), file_format)
    index = rows[0].index(column)
    assert expected in [row[index] for row in rows[1:]]


@pytest.mark.parametrize("file_format, code", [(CSV(), ExportFormat.CSV), (XLSX(), ExportFormat.XLSX)])
def test_every_admin_export_writes_an_audit_row_with_the_number_of_rows(world, lead, file_format, code):
    _export(Member, MemberResource, lead, file_format)
    audit = ExportAudit.objects.get()
    assert (audit.who, audit.kind, audit.what, audit.format) == (lead, ExportKind.ADMIN_LIST, "network.member", code)
    assert audit.row_count == Member.objects.count()


def test_the_meetings_export_carries_attendance(world, lead):
    rows = _parse(_export(Meeting, MeetingResource, lead, XLSX()), XLSX())
    header, row = rows[0], rows[1]
    assert row[header.index("present")] == 1 and row[header.index("absent")] == 1
    assert row[header.index("guests")] == 1
    assert row[header.index("attendance")] == "Mo Member (Present); Sam Staff (Absent); Gita Guest (guest)"


def test_the_members_export_has_no_password_or_secret(world, lead, member):
    rows = _parse(_export(Member, MemberResource, lead, CSV()), CSV())
    text = str(rows).lower()
    assert "password" not in text and member.password not in str(rows)
    assert "token" not in text


def test_the_members_export_shows_consents_and_who_is_offline(world, lead, offline_member):
    rows = _parse(_export(Member, MemberResource, lead, CSV()), CSV())
    header = rows[0]
    olive = next(row for row in rows if row[header.index("name")] == "Olive Offline")
    assert olive[header.index("offline member")] == "yes"
    assert olive[header.index("consent: contact")] == "not asked"


@pytest.mark.parametrize("who", ["member", "staff_member", "project_lead"])
def test_people_who_do_not_run_the_network_cannot_export_admin_lists(world, request, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _export(Member, MemberResource, request.getfixturevalue(who), CSV())
    assert not ExportAudit.objects.exists()


# --- the audit log in the admin ----------------------------------------------------------------------------------


@pytest.fixture
def audit(lead, project):
    return record_export(who=lead, kind=ExportKind.PROJECT_RECORD, what="project record", format=ExportFormat.XLSX,
                         row_count=12, project=project)


def test_leads_read_the_audit_log_in_the_admin(client, lead, audit):
    client.force_login(lead)
    response = client.get(reverse("admin:exports_exportaudit_changelist"))
    assert response.status_code == 200
    assert "Calmer waiting rooms" in response.content.decode()


@pytest.mark.parametrize("who", ["member", "staff_member", "project_lead"])
def test_nobody_else_reads_the_audit_log(client, request, who, audit):
    person = request.getfixturevalue(who)
    person.is_staff = True  # even with admin access, only leads read the log
    person.save()
    client.force_login(person)
    assert client.get(reverse("admin:exports_exportaudit_changelist")).status_code == 403


@pytest.fixture
def superuser(db):
    return factories.MemberFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize("who", ["lead", "superuser"])
def test_not_even_a_superuser_can_add_change_or_delete_an_audit_row_in_the_admin(client, request, who, audit):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin:exports_exportaudit_add")).status_code == 403
    assert client.get(reverse("admin:exports_exportaudit_delete", args=[audit.pk])).status_code == 403
    change = reverse("admin:exports_exportaudit_change", args=[audit.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
    assert client.post(change, {"row_count": 0}).status_code == 403
    audit.refresh_from_db()
    assert audit.row_count == 12


def test_the_audit_log_refuses_changes_and_deletion_in_code_too(audit):
    audit.row_count = 1
    with pytest.raises(TypeError):
        audit.save()
    with pytest.raises(TypeError):
        audit.delete()
    with pytest.raises(TypeError):
        ExportAudit.objects.update(row_count=0)
    with pytest.raises(TypeError):
        ExportAudit.objects.all().delete()
    assert ExportAudit.objects.get().row_count == 12


# --- the real admin pages: Export button on members, projects, meetings and pledge signatures ----------------------

ADMIN_EXPORTS = [
    ("admin:network_member_export", MemberResource, "name", "Mo Member"),
    ("admin:projects_project_export", ProjectResource, "title", "Calmer waiting rooms"),
    ("admin:meetings_meeting_export", MeetingResource, "meeting", "Planning the quiet corner"),
    ("admin:pledges_pledgesignature_export", PledgeSignatureResource, "own commitment", "I will listen first."),
]
CSV_CHOICE, XLSX_CHOICE = "0", "1"


def _every_column(resource):
    return {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}


@pytest.mark.parametrize("url_name, resource, column, expected", ADMIN_EXPORTS, ids=[e[0] for e in ADMIN_EXPORTS])
def test_a_lead_exports_from_each_admin_list_as_csv_and_excel_and_each_is_audited(
    client, world, lead, url_name, resource, column, expected
):
    client.force_login(lead)
    url = reverse(url_name)
    assert client.get(url).status_code == 200
    as_csv = client.post(url, {"format": CSV_CHOICE, "resource": "0", **_every_column(resource)})
    assert as_csv.status_code == 200 and ".csv" in as_csv["Content-Disposition"]
    rows = _parse(as_csv.content, CSV())
    assert expected in [row[rows[0].index(column)] for row in rows[1:]]
    as_xlsx = client.post(url, {"format": XLSX_CHOICE, "resource": "0", **_every_column(resource)})
    rows = _parse(as_xlsx.content, XLSX())
    assert expected in [row[rows[0].index(column)] for row in rows[1:]]
    audits = list(ExportAudit.objects.order_by("pk"))
    assert [(a.who, a.kind, a.format) for a in audits] == [
        (lead, ExportKind.ADMIN_LIST, ExportFormat.CSV), (lead, ExportKind.ADMIN_LIST, ExportFormat.XLSX)
    ]
    assert audits[0].row_count == len(rows) - 1


@pytest.mark.parametrize("url_name", [e[0] for e in ADMIN_EXPORTS])
@pytest.mark.parametrize("who", ["member", "staff_member", "project_lead"])
def test_people_who_do_not_run_the_network_cannot_reach_any_admin_export(client, request, world, who, url_name):
    person = request.getfixturevalue(who)
    person.is_staff = True  # even with admin access
    person.save()
    client.force_login(person)
    assert client.get(reverse(url_name)).status_code in (302, 403)
    response = client.post(reverse(url_name), {"format": CSV_CHOICE, "resource": "0"})
    assert response.status_code in (302, 403)
    assert not ExportAudit.objects.exists()

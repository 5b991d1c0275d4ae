"""A project's full record, as staff on the project and leads take it: a workbook, CSV files in a ZIP, a page to print.

Every file parses back (openpyxl, csv, zipfile), holds each part of the record, and every export leaves an audit row.
"""

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from exports.models import ExportAudit, ExportFormat
from network.models import Role
from projects.models import Principle, StageChange, StageChecklistItem, YouSaidWeDid
from tests import factories
from tests.test_exports_record_complete import meeting_with_everything

MEETING_PARTS = ["meetings", "agenda", "papers", "minutes", "decisions", "attendance"]
PARTS = ["project", "stage_timeline", "checklists", "members", *MEETING_PARTS, "actions", "impact",
         "reflection_averages"]


@pytest.fixture
def record(project, member, staff_member, project_lead):
    """A project with something in every part of its record."""
    StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=project_lead,
                               reason="We agreed what we can and cannot change.")
    StageChecklistItem.objects.create(project=project, stage="preparing", text="Agree the scope", order=1,
                                      done_at=timezone.now(), done_by=project_lead)
    factories.ActionFactory(project=project, what="Book the community room", owner=member,
                            due=dt.date(2026, 12, 1))
    impact = factories.ImpactRecordFactory(project=project, what_changed="A quiet corner in the waiting room")
    YouSaidWeDid.objects.create(impact=impact, you_said="It is too loud", we_did="We made a quiet corner")
    principle = Principle.objects.order_by("order").first()
    for person in (member, staff_member, project_lead):
        factories.ReflectionFactory(project=project, member=person, principle=principle, rating=4)
    meeting = factories.MeetingFactory(project=project, title="Project planning meeting")
    attendance = apps.get_model("meetings", "Attendance")
    attendance.objects.create(meeting=meeting, member=member, status="present")
    attendance.objects.create(meeting=meeting, member=staff_member, status="apologies")
    apps.get_model("meetings", "Guest").objects.create(meeting=meeting, name="Gita Guest", about="Carers' centre")
    return project


def _rows_of_sheet(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_staff_get_one_workbook_with_a_sheet_for_each_part_of_the_record(client, record, staff_member):
    client.force_login(staff_member)
    response = client.get(reverse("exports:project_record_xlsx", kwargs={"slug": record.slug}))
    assert response["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == [
        "Project", "Stage timeline", "Checklists", "Members", "Meetings", "Agendas", "Papers", "Minutes", "Decisions",
        "Attendance", "Actions", "Impact", "Reflection averages",
    ]
    members = _rows_of_sheet(workbook["Members"])
    assert members[0][:3] == ["Name", "Main role", "Role in the project"]
    # Mo keeps their main role to themselves: a granted exporter sees them as a member, as on the project's pages.
    assert ["Mo Member", "Member"] in [row[:2] for row in members]
    assert "I use the service and want it to work better." in members[1]
    attendance = _rows_of_sheet(workbook["Attendance"])
    assert ["Project planning meeting", "Mo Member", "Present"] in [[r[0], r[2], r[4]] for r in attendance]
    assert ["Project planning meeting", "Gita Guest", "Guest", "Present"] in [[r[0], r[2], r[3], r[4]] for r in attendance]
    averages = _rows_of_sheet(workbook["Reflection averages"])
    assert averages[1][2:4] == [3, 4]


def test_dates_and_numbers_in_the_workbook_stay_dates_and_numbers(client, record, staff_member):
    client.force_login(staff_member)
    response = client.get(reverse("exports:project_record_xlsx", kwargs={"slug": record.slug}))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    action = _rows_of_sheet(workbook["Actions"])[1]
    assert action[0] == "Book the community room"
    assert action[2] == dt.datetime(2026, 12, 1)  # a real date cell, not text
    checklist = _rows_of_sheet(workbook["Checklists"])[1]
    assert checklist[1] == 1 and isinstance(checklist[3], dt.datetime)


def test_the_same_record_comes_as_a_zip_of_csv_files(client, record, lead):
    client.force_login(lead)
    response = client.get(reverse("exports:project_record_zip", kwargs={"slug": record.slug}))
    assert response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [f"{part}.csv" for part in PARTS]
    with archive.open("members.csv") as handle:
        rows = list(csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig")))
    assert rows[0][:2] == ["Name", "Main role"]
    assert {"Mo Member", "Sam Staff", "Pat Projectlead"} <= {row[0] for row in rows[1:]}
    with archive.open("impact.csv") as handle:
        impact = list(csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig")))
    assert impact[1][3] == "It is too loud → We made a quiet corner"


def test_one_part_downloads_on_its_own_as_a_csv_file(client, record, staff_member):
    client.force_login(staff_member)
    response = client.get(reverse("exports:actions_csv", kwargs={"slug": record.slug}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["What needs doing", "Who will do it", "Due by", "Done", "Agreed at meeting"],
        ["Book the community room", "Mo Member", "2026-12-01", "", ""],
    ]


def test_the_record_prints_from_a_page_with_a_print_stylesheet_and_no_inline_styles(client, record, staff_member):
    client.force_login(staff_member)
    response = client.get(reverse("exports:project_record", kwargs={"slug": record.slug}))
    html = response.content.decode()
    assert 'href="/static/css/print-record.css"' in html
    assert "style=" not in html
    assert html.count("<h1") == 1
    for heading in ("Stage timeline", "Members", "Attendance", "Reflection averages"):
        assert f">{heading}</h2>" in html
    assert "We agreed what we can and cannot change." in html


def test_the_print_stylesheet_hides_the_menus_and_starts_each_part_on_a_new_page():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/print-record.css")).read_text(encoding="utf-8")
    assert "@media print" in css and "break-before: page" in css and ".site-header" in css


@pytest.mark.parametrize(
    "url_name, fmt",
    [
        ("exports:project_record_xlsx", ExportFormat.XLSX),
        ("exports:project_record_zip", ExportFormat.ZIP),
        ("exports:project_record", ExportFormat.PRINT),
        ("exports:members_csv", ExportFormat.CSV),
    ],
)
def test_every_export_leaves_an_audit_row_saying_who_what_and_how_many_rows(client, record, staff_member, url_name, fmt):
    client.force_login(staff_member)
    response = client.get(reverse(url_name, kwargs={"slug": record.slug}))
    if response.streaming:
        b"".join(response.streaming_content)
    audit = ExportAudit.objects.get()
    assert (audit.who, audit.project, audit.format) == (staff_member, record, fmt)
    assert audit.exported_at <= timezone.now()
    if fmt == ExportFormat.CSV:
        assert audit.row_count == 3  # Mo, Sam and Pat
    else:
        assert audit.row_count > 15


def test_a_member_who_erased_their_account_appears_as_a_former_member_with_their_role(client, record, member, lead):
    from privacy.services import erase_member

    erase_member(member=member)
    client.force_login(lead)
    response = client.get(reverse("exports:members_csv", kwargs={"slug": record.slug}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["A former member", str(Role.SERVICE_USER.label)] in [row[:2] for row in rows]
    assert "Mo Member" not in str(rows)


def test_the_meetings_app_adds_its_parts_to_the_record_after_the_members():
    from projects import record as record_module

    keys = [part.key for part in record_module.parts_for_record()]
    assert keys == PARTS
    assert [part.key for part in record_module.OWN_PARTS] == [key for key in PARTS if key not in MEETING_PARTS]


def _grow(project, n):
    """n more of everything in the project's record."""
    attendance = apps.get_model("meetings", "Attendance")
    guest = apps.get_model("meetings", "Guest")
    principle = Principle.objects.order_by("order").first()
    for i in range(n):
        person = factories.MemberFactory()
        factories.ProjectMembershipFactory(member=person, project=project)
        meeting = factories.MeetingFactory(project=project)
        attendance.objects.create(meeting=meeting, member=person, status="present")
        guest.objects.create(meeting=meeting, name=f"Guest {i}")
        factories.ActionFactory(project=project, owner=person, meeting=meeting)
        impact = factories.ImpactRecordFactory(project=project)
        YouSaidWeDid.objects.create(impact=impact, you_said="More chairs", we_did="We bought chairs")
        StageChecklistItem.objects.create(project=project, stage="doing", text=f"Point {i}", done_by=person,
                                          done_at=timezone.now())
        factories.ReflectionFactory(project=project, member=person, principle=principle)
        meeting_with_everything(project, person, f"grown {i}")  # agenda, paper, minutes, decisions and an action


@pytest.mark.parametrize("url_name", ["exports:project_record", "exports:project_record_xlsx",
                                      "exports:project_record_zip"])
def test_the_record_takes_as_many_queries_with_30_rows_as_with_3(client, project, lead, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(lead)
    url = reverse(url_name, kwargs={"slug": project.slug})
    response = client.get(url)  # warm up: the session and the figures kept in the cache are read once
    if response.streaming:
        b"".join(response.streaming_content)
    counts = []
    for n in (3, 27):
        _grow(project, n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_project_page_offers_the_record_to_staff_on_the_project_and_not_to_other_members(client, staff_member,
                                                                                          member, project):
    from django.urls import reverse

    record = reverse("exports:project_record", args=[project.slug])
    client.force_login(staff_member)
    assert record in client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    client.force_login(member)
    assert record not in client.get(reverse("projects:detail", args=[project.slug])).content.decode()


def test_the_checklists_come_in_the_order_of_the_stages(client, lead, project):
    StageChecklistItem.objects.filter(project=project).delete()
    for stage in ("developing", "preparing", "doing"):
        StageChecklistItem.objects.create(project=project, stage=stage, text=f"A point for {stage}", order=1)
    client.force_login(lead)
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(
        client.get(reverse("exports:project_record_xlsx", kwargs={"slug": project.slug})).streaming_content)))
    stages = [row[0] for row in _rows_of_sheet(workbook["Checklists"])[1:]]
    assert stages == ["Preparing", "Doing", "Developing"]

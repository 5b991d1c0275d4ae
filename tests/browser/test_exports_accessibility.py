"""The printable project record and the "your data" pages in real Chromium: zero axe-core violations (WCAG 2.2 AA),
nothing blocked by the Content Security Policy, and on paper only the record itself.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from projects.models import StageChange
from tests import factories
from tests.browser.conftest import check_axe, labelled, session_cookie_for, without_browser_checks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def record(project, member, staff_member, project_lead):
    StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=project_lead,
                               reason="We agreed the scope together.")
    meeting = factories.MeetingFactory(project=project, title="Planning the quiet corner")
    apps.get_model("meetings", "Attendance").objects.create(meeting=meeting, member=member, status="present")
    factories.ActionFactory(project=project, owner=member, what="Ask the receptionists")
    return project


def _visit(page, address):
    response = page.goto(address)
    assert response.status < 400, f"{address} answered {response.status}"
    check_axe(page)
    assert not page.console_errors, page.console_errors


def test_the_printable_record_has_no_accessibility_violations(browser_session, record, staff_member):
    page = browser_session.new_page(cookies=[session_cookie_for(staff_member)])
    _visit(page, reverse("exports:project_record", kwargs={"slug": record.slug}))


def test_on_paper_the_record_leaves_out_the_menu_and_the_download_buttons(browser_session, record, staff_member):
    page = browser_session.new_page(cookies=[session_cookie_for(staff_member)])
    page.goto(reverse("exports:project_record", kwargs={"slug": record.slug}))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("link", name="Download as an Excel workbook").is_visible()
    assert page.get_by_role("heading", name="Record of Calmer waiting rooms").is_visible()
    assert page.get_by_role("rowheader", name="Ask the receptionists").is_visible()


def test_the_your_data_pages_have_no_accessibility_violations(browser_session, member, lead, offline_member):
    page = browser_session.new_page(cookies=[session_cookie_for(member)])
    _visit(page, reverse("privacy:my_data"))
    _visit(page, reverse("privacy:erase"))
    for_them = browser_session.new_page(cookies=[session_cookie_for(lead)])
    _visit(for_them, reverse("privacy:offline_erase", kwargs={"member_id": offline_member.pk}))


def test_deleting_an_account_with_the_keyboard_shows_the_mistake_accessibly_then_says_goodbye(browser_session, member):
    page = browser_session.new_page(cookies=[session_cookie_for(member)])
    _visit(page, reverse("privacy:erase"))
    without_browser_checks(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my account now").click()
    assert page.locator("main .invalid-feedback, main .alert-danger").count()
    check_axe(page, "delete my account, box not ticked")
    labelled(page, "I understand that my details will be erased, that I will be signed out, and that this cannot be "
                   "undone.").check()
    page.get_by_role("button", name="Delete my account now").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Your account has been deleted").is_visible()
    check_axe(page, "account deleted")


@pytest.mark.parametrize("url_name", ["admin:network_member_export", "admin:meetings_meeting_export"])
def test_the_admin_export_pages_have_no_accessibility_violations(browser_session, lead, url_name):
    page = browser_session.new_page(cookies=[session_cookie_for(lead)])
    _visit(page, reverse(url_name))

"""Every meeting page in real Chromium: zero axe-core violations (WCAG 2.2 AA), nothing blocked by the CSP,
and the calendar page's copy button works from the keyboard.

Uses the browser fixtures of tests/browser/conftest.py.
"""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Invitation, Meeting
from network.models import AccessNeed
from tests import factories
from tests.browser.conftest import check_axe, session_cookie_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(lead, member, offline_member):
    meeting = factories.MeetingFactory(
        title="Planning the new year", audience=Meeting.Audience.NETWORK, capacity=1,
        venue_access="Step-free entrance from the car park.", online_link="https://meet.example.org/ny",
        description="Everyone is welcome.",
    )
    factories.AgendaItemFactory(meeting=meeting, title="Welcome", presenter=lead)
    Invitation.objects.create(meeting=meeting, member=offline_member)
    services.reply(meeting=meeting, member=lead, response=Invitation.Response.ATTENDING,
                   access_needs=[AccessNeed.STEP_FREE], access_needs_notes="Aisle seat, please.")
    services.reply(meeting=meeting, member=member, response=Invitation.Response.ATTENDING)  # waiting list
    factories.MinutesFactory(meeting=meeting)
    return {"meeting": meeting}


def _visit(page, address):
    response = page.goto(address)
    assert response.status < 400, f"{address} answered {response.status}"
    check_axe(page)
    assert not page.console_errors, page.console_errors


def test_the_meeting_pages_have_no_accessibility_violations(browser_session, world, member, lead):
    meeting = world["meeting"]
    signed_in = browser_session.new_page(cookies=[session_cookie_for(member)])
    for address in (
        reverse("meetings:list"),
        reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        reverse("meetings:calendar"),
    ):
        _visit(signed_in, address)
    organiser = browser_session.new_page(cookies=[session_cookie_for(lead)])
    for address in (
        reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        reverse("meetings:access_needs", kwargs={"pk": meeting.pk}),
        reverse("meetings:offline_list", kwargs={"pk": meeting.pk}),
    ):
        _visit(organiser, address)


def test_the_copy_button_puts_the_calendar_address_on_the_clipboard_and_says_so(browser_session, member):
    page = browser_session.new_page(cookies=[session_cookie_for(member)])
    _visit(page, reverse("meetings:calendar"))
    page.get_by_role("button", name="Copy the address").focus()
    page.keyboard.press("Enter")
    status = page.locator("[data-copy-status]")
    status.wait_for(state="visible")
    assert "Copied" in status.inner_text() or "Could not copy" in status.inner_text()

"""Journeys real people make, in real headless Chromium: keyboard only where the issue asks for it.

"Keyboard only" means Tab, Shift+Tab, Enter, Space, arrow keys and typing: never a click.
Going to the link in an email is the one `goto`, as a person follows it from their inbox.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges.models import PledgeSignature
from projects.models import ProjectMembership
from tests import factories
from tests.browser.conftest import (
    DESKTOP,
    NARROW,
    check_axe,
    focused,
    labelled,
    session_cookie_for,
    sign_in_with_the_form,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_tab_to_and(page, name, key="Enter"):
    tab_to(page, name)
    with page.expect_navigation():
        page.keyboard.press(key)
    check_axe(page)


def type_into(page, label, text):
    """Tab to the field labelled `label` and type into it."""
    tab_to(page, label)
    page.keyboard.type(text)


def link_in(message):
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_a_newcomer_signs_up_verifies_takes_the_pledge_and_joins_a_project_with_the_keyboard_alone(page, mailoutbox):
    factories.PledgeVersionFactory()
    project = factories.ProjectFactory(title="Calmer waiting rooms")

    page.goto("/")
    check_axe(page)
    press_tab_to_and(page, "Join the network")

    # The sign-up form, field by field.
    type_into(page, "Email", "nia.newcomer@example.org")
    type_into(page, "Your name", "Nia")
    tab_to(page, "How are you involved?")
    page.keyboard.type("Carer")  # a closed <select> picks the option whose words are typed
    type_into(page, "Password", factories.PASSWORD)
    type_into(page, "Type the password again", factories.PASSWORD)
    tab_to(page, "Join the network")  # the button at the end of the form (focus is past the menu)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_axe(page)
    assert "/accounts/confirm-email/" in page.url
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nia.newcomer@example.org"]

    # The verification email's link, then the confirm button pressed with Space.
    page.goto(link_in(mailoutbox[0]))
    check_axe(page)
    press_tab_to_and(page, "Confirm my email address", key="Space")
    assert page.get_by_role("button", name="Sign out").count() == 1, "not signed in after confirming"

    # The pledge: from the main menu, read it, add a commitment, show it on the wall, take it.
    press_tab_to_and(page, "Pledge")
    press_tab_to_and(page, "Take the pledge")
    type_into(page, "Your own commitment", "I will listen first and speak second.")
    tab_to(page, "Show my name")
    page.keyboard.press("Space")
    assert page.get_by_label(re.compile("Show my name")).is_checked()
    press_tab_to_and(page, "I take the pledge")
    signature = PledgeSignature.objects.get(member__email="nia.newcomer@example.org")
    assert signature.show_on_wall and signature.commitment == "I will listen first and speak second."

    # A project: from the main menu, open it, join it.
    press_tab_to_and(page, "Projects")
    press_tab_to_and(page, project.title)
    press_tab_to_and(page, "Join this project")
    type_into(page, "Why would you like to be involved?", "I wait in that room every month with my dad.")
    type_into(page, "What would you like to do in the project?", "Share what it feels like and help with leaflets.")
    press_tab_to_and(page, "Join this project")
    membership = ProjectMembership.objects.get(member__email="nia.newcomer@example.org", project=project)
    assert membership.status == ProjectMembership.Status.ACTIVE
    assert "Welcome" in page.locator("main").inner_text()


def test_a_member_signs_in_through_the_real_form_and_can_sign_out(page, member):
    sign_in_with_the_form(page, email=member.email, password=factories.PASSWORD)
    sign_out = page.get_by_role("button", name="Sign out")
    assert sign_out.count() == 1
    sign_out.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Sign in").count() >= 1


def test_the_first_tab_reaches_skip_to_main_content_and_enter_moves_focus_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Skip to main content"
    assert page.locator(".skip-link").is_visible(), "the skip link must be visible when focused"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    in_main = page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert in_main, "the next Tab after skipping should land inside the main content"


REFLOW_PAGES = ["/", "/accounts/signup/", "/accounts/login/"]


def horizontal_overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def too_wide(page):
    """The elements that stick out past the right edge, to say what to fix."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5 && el.getBoundingClientRect().width > 0)
                .slice(0, 8)
                .map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}`
                           + ` (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
        }"""
    )


def assert_no_sideways_scrolling(page, where):
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{where} scrolls sideways by {overflow}px; too wide: {too_wide(page)}"


@pytest.mark.parametrize("address", REFLOW_PAGES)
def test_the_page_reflows_at_320_pixels_wide_without_scrolling_sideways(browser_session, address):
    page = browser_session.new_page(viewport=NARROW)
    page.goto(address)
    assert_no_sideways_scrolling(page, f"{address} at 320px wide")


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
def test_a_leads_full_menu_fits_without_scrolling_sideways(browser_session, lead, viewport):
    # Signed in, a lead has the longest menu (every section, My profile, Run the network, Sign out).
    page = browser_session.new_page(viewport=viewport, cookies=[session_cookie_for(lead)])
    page.goto("/")
    assert_no_sideways_scrolling(page, f"the home page for a lead at {viewport['width']}px")


@pytest.mark.parametrize("address", REFLOW_PAGES)
def test_the_page_reflows_at_200_percent_zoom_without_scrolling_sideways(browser_session, address):
    # Browser zoom at 200% on a 1280px window lays the page out in 640 CSS pixels at twice the density.
    zoomed = {"width": DESKTOP["width"] // 2, "height": DESKTOP["height"] // 2}
    page = browser_session.new_page(viewport=zoomed, device_scale_factor=2)
    page.goto(address)
    assert_no_sideways_scrolling(page, f"{address} at 200% zoom")
    check_axe(page, f"{address} at 200% zoom")


@pytest.mark.parametrize("address", REFLOW_PAGES)
def test_text_enlarged_to_200_percent_still_fits_without_scrolling_sideways(browser_session, address):
    # Text-only zoom (WCAG 1.4.4): the reader's own setting doubles the root font size.
    page = browser_session.new_page()
    page.goto(address)
    page.evaluate("() => { document.documentElement.style.fontSize = '225%'; }")  # site base is 112.5%
    assert_no_sideways_scrolling(page, f"{address} with 200% text")


def test_a_member_says_they_are_coming_with_access_needs_and_the_lead_sees_them(signed_in_page, member, lead, project):
    from meetings.models import Invitation

    meeting = factories.MeetingFactory(project=project, title="Calmer waiting rooms: planning")
    page = signed_in_page(member)
    page.goto(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    check_axe(page, "the meeting page")
    page.get_by_label("Yes, I am coming").check()
    page.get_by_label("Step-free access").check()
    page.get_by_label("Hearing loop").check()
    labelled(page, "Anything else that would help at this meeting").fill("I may need to leave early.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my reply").click()
    check_axe(page, "the meeting page after replying")
    reply = Invitation.objects.get(meeting=meeting, member=member)
    assert reply.response == Invitation.Response.ATTENDING
    assert set(reply.access_needs) == {"step_free", "hearing_loop"}

    organiser = signed_in_page(lead)
    organiser.goto(reverse("meetings:access_needs", kwargs={"pk": meeting.pk}))
    check_axe(organiser, "the lead's list of access needs")
    needs = organiser.locator("main").inner_text()
    assert member.display_name in needs and "Step-free access" in needs and "I may need to leave early." in needs


def test_a_staff_member_downloads_the_project_record_and_the_export_is_logged(signed_in_page, staff_member, project):
    from exports.models import ExportAudit, ExportFormat

    page = signed_in_page(staff_member)
    page.goto(reverse("exports:project_record", kwargs={"slug": project.slug}))
    check_axe(page, "the project record page")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as an Excel workbook").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert Path(download.path()).read_bytes()[:2] == b"PK"  # an Office Open XML file is a ZIP
    audit = ExportAudit.objects.get(format=ExportFormat.XLSX)
    assert audit.who == staff_member and audit.project == project


def run_admin_action(page, meeting, action):
    """On the meetings list in the admin: tick the meeting, choose the action, run it."""
    page.goto(reverse("admin:meetings_meeting_changelist"))
    page.locator(f"input[name=_selected_action][value='{meeting.pk}']").check()
    page.locator("select[name=action]").select_option(action)
    with page.expect_navigation():
        page.locator("button[name=index]").click()


def test_a_lead_creates_a_meeting_with_an_agenda_in_the_admin_and_publishes_it(signed_in_page, lead, member):
    from meetings.models import Invitation, Meeting

    page = signed_in_page(lead)
    page.goto(reverse("admin:meetings_meeting_add"))  # its accessibility: PAGES in test_accessibility.py
    starts = timezone.localtime() + dt.timedelta(days=14)
    page.locator("#id_title").fill("Network meeting: what gets in the way")
    page.locator("#id_starts_at_0").fill(starts.strftime("%Y-%m-%d"))
    page.locator("#id_starts_at_1").fill("14:00")
    page.locator("#id_ends_at_0").fill(starts.strftime("%Y-%m-%d"))
    page.locator("#id_ends_at_1").fill("16:00")
    page.locator("#id_venue").fill("Community Room, Riverside Centre")
    page.locator("#id_agenda_items-0-title").fill("Welcome and introductions")
    page.locator("#id_agenda_items-0-minutes_allowed").fill("15")
    page.locator("#agenda_items-group .add-row a").click()
    page.locator("#id_agenda_items-1-title").fill("What stops people getting involved")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    meeting = Meeting.objects.get(title="Network meeting: what gets in the way")
    assert [item.title for item in meeting.agenda_items.order_by("order", "pk")] == [
        "Welcome and introductions",
        "What stops people getting involved",
    ]

    run_admin_action(page, meeting, "publish_and_invite")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert Invitation.objects.filter(meeting=meeting, member=member).exists()


def test_a_lead_records_attendance_and_publishes_the_minutes_in_the_admin(signed_in_page, lead, member, other_member):
    from meetings.models import Attendance, Invitation

    starts = timezone.now() - dt.timedelta(days=2)
    meeting = factories.MeetingFactory(
        title="Last week's network meeting", starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    factories.InvitationFactory(meeting=meeting, member=member, response=Invitation.Response.ATTENDING)
    factories.InvitationFactory(meeting=meeting, member=other_member, response=Invitation.Response.APOLOGIES)
    page = signed_in_page(lead)

    run_admin_action(page, meeting, "start_attendance_register")
    assert Attendance.objects.filter(meeting=meeting).count() >= 1

    page.goto(reverse("admin:meetings_meeting_run_sheet", args=[meeting.pk]))
    page.locator("#id_minutes-text").fill("We heard what makes meetings hard to reach and agreed two changes.")
    page.locator("#id_minutes-decisions").fill("Meet in the evening twice a year.\nPay travel costs on the day.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the minutes, decisions and actions").click()
    run_admin_action(page, meeting, "publish_minutes")
    meeting.refresh_from_db()
    assert meeting.minutes.published_at is not None
    assert Attendance.objects.get(meeting=meeting, member=member).status == Attendance.Status.PRESENT

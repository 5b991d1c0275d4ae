"""The admin pages a lead uses, as a lead who is a service user: no axe violations, nothing that scrolls sideways
at 1280px or at 200% zoom (640px wide), and text at least 16px. Screenshots go to /tmp/h1/ for a person to look at."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Invitation
from network.models import Blockage, Role
from notifications.models import ReminderRule
from projects.models import ProjectMembership
from tests import factories
from tests.browser.conftest import DESKTOP, check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("ADMIN_SCREENSHOTS", "/tmp/h1"))
# 200% zoom of a 1280px screen shows 640 CSS pixels.
ZOOMED = {"width": 640, "height": 900}

# Every visible element that holds text of its own, and every field: what is smaller than 16px (or what a field
# has), so a failure names the culprits.
SMALL_TEXT = """() => {
    const small = [];
    const seen = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
                                   getComputedStyle(el).visibility !== 'hidden'; };
    for (const el of document.querySelectorAll('body *')) {
        if (['SCRIPT', 'STYLE', 'svg', 'path', 'OPTION', 'NOSCRIPT'].includes(el.tagName) || !seen(el)) continue;
        const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        const field = el.matches('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea');
        if (!ownText && !field) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 16) small.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px: ${(el.textContent || el.name || '').trim().slice(0, 40)}`);
    }
    return small;
}"""


@pytest.fixture
def co_chair(db):
    """A lead who is a service user: the co-production lead power, nothing else."""
    return factories.LeadFactory(display_name="Sam Co-chair", role=Role.SERVICE_USER)


@pytest.fixture
def lead_world(db, co_chair, project, member, offline_member):
    meeting = factories.MeetingFactory(title="Carers' voices & what's next", project=project,
                                       description="What stops people getting involved, and what we do about it.")
    for n in range(6):
        factories.AgendaItemFactory(meeting=meeting, title=f"Agenda item {n}: what we heard from the wards")
    for response in [Invitation.Response.ATTENDING, Invitation.Response.APOLOGIES, Invitation.Response.NO_REPLY]:
        factories.InvitationFactory(meeting=meeting, response=response)
    factories.InvitationFactory(meeting=meeting, member=member)
    factories.InvitationFactory(meeting=meeting, member=offline_member)
    start = timezone.now() - dt.timedelta(hours=3)
    factories.MeetingFactory(title="Spring network meeting", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    factories.ProjectMembershipFactory(project=project, status=ProjectMembership.Status.REQUESTED,
                                       member=factories.MemberFactory(display_name="Nia New"))
    Blockage.objects.create(raised_by=member, you_said="The bus does not run in the evening")
    ReminderRule.objects.get_or_create(hours_before=24 * 7, defaults={"label": "7 days before"})
    return {"meeting": meeting, "project": project, "member": member, "offline_member": offline_member}


PAGES = {
    "index": lambda w: reverse("admin:index"),
    "meeting_add": lambda w: reverse("admin:meetings_meeting_add"),
    "meeting_change": lambda w: reverse("admin:meetings_meeting_change", args=[w["meeting"].pk]),
    "member_change": lambda w: reverse("admin:network_member_change", args=[w["member"].pk]),
    "project_change": lambda w: reverse("admin:projects_project_change", args=[w["project"].pk]),
    "member_add": lambda w: reverse("admin:network_member_add"),
    "offline_member_add": lambda w: reverse("network:add_offline_member"),
    "offline_member_change": lambda w: reverse("admin:network_member_change", args=[w["offline_member"].pk]),
    "reminder_timings": lambda w: reverse("admin:notifications_reminderrule_changelist"),
    "reminder_timing_add": lambda w: reverse("admin:notifications_reminderrule_add"),
}


@pytest.mark.parametrize("viewport", [DESKTOP, ZOOMED], ids=["1280px", "640px"])
@pytest.mark.parametrize("name", list(PAGES))
def test_each_admin_page_a_lead_uses_passes_axe_fits_the_width_and_has_large_text(
        signed_in_page, co_chair, lead_world, name, viewport):
    page = signed_in_page(co_chair, viewport=viewport)
    answer = page.goto(PAGES[name](lead_world))
    assert answer.status == 200, f"{name}: {answer.status}"
    page.wait_for_load_state("load")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}_{viewport['width']}.png"), full_page=True)
    check_axe(page, f"{name} at {viewport['width']}px")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name} scrolls sideways at {viewport['width']}px: {widths}"
    sizes = page.evaluate("""() => [['body', getComputedStyle(document.body).fontSize],
        ...[...document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea')]
            .map(el => [el.name || el.id || el.tagName, getComputedStyle(el).fontSize])]""")
    assert all(float(size.rstrip("px")) >= 16 for _what, size in sizes), f"{name}: {sizes}"
    assert page.evaluate(SMALL_TEXT) == [], f"{name}: text under 16px"


def test_nothing_inside_a_page_scrolls_sideways_either_the_agenda_is_stacked_at_200_percent(
        signed_in_page, co_chair, lead_world):
    page = signed_in_page(co_chair, viewport=ZOOMED)
    page.goto(PAGES["meeting_change"](lead_world))
    page.wait_for_load_state("load")
    scrolling = page.evaluate("""() => [...document.querySelectorAll('#content *')].filter(el =>
        el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
        .map(el => el.tagName + '.' + el.className)""")
    assert scrolling == []
    agenda = page.locator("#agenda_items-group table, [id$='agenda_items-group'] table, .inline-group table").first
    assert "stacked" in (agenda.get_attribute("class") or "")


def test_the_focus_ring_is_the_sites(signed_in_page, co_chair, lead_world):
    page = signed_in_page(co_chair)
    page.goto(PAGES["meeting_add"](lead_world))
    page.locator("#id_title").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                         "return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    assert ring[0] == "solid" and ring[1] == "3px" and "255, 191, 71" in ring[2], ring


def test_buttons_and_the_links_on_the_leads_home_are_large_targets(signed_in_page, co_chair, lead_world):
    page = signed_in_page(co_chair)
    page.goto(PAGES["index"](lead_world))
    small = page.evaluate("""() => [...document.querySelectorAll('#content a, #content button, #content input[type=submit]')]
        .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.height < 44 || r.width < 24); })
        .map(el => el.textContent.trim().slice(0, 40) + ' ' + Math.round(el.getBoundingClientRect().height))""")
    assert small == []

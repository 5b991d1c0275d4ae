"""A lead gives a past meeting its involvement level in the admin and records the register on its run-sheet; a
member chooses an involvement payment for that meeting and the lead sees what is owed; the member adds their
reading time. In Chromium, with axe on every page; screenshots when TIME_SCREENSHOTS names a folder."""

import datetime as dt
import os
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from involvement.models import InvolvementRecord, Status
from meetings.models import Invitation
from tests import factories
from tests import involvement_world as world

SHOTS = os.environ.get("TIME_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"h5-journey-{name}.png"), full_page=True)


def test_a_meetings_level_and_register_make_records_and_a_member_chooses_their_reward(signed_in_page, axe):
    world.default_levels()  # the flush between browser tests removed the data migration's rows
    lead = factories.LeadFactory(display_name="Lena Lead")
    member = factories.MemberFactory(display_name="Mo Member")
    starts = (timezone.now() - dt.timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = factories.MeetingFactory(title="Network forum", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                       created_by=lead)
    Invitation.objects.create(meeting=meeting, member=member, response=Invitation.Response.ATTENDING)

    page = signed_in_page(lead)
    page.goto(f"/admin/involvement/activity/add/?meeting={meeting.pk}")
    page.locator("#id_level").select_option(label="Working together")
    page.locator("#id_unit").select_option(label="per half day (up to 4 hours)")
    axe(page, "a meeting's involvement level")
    shot(page, "1-level")
    page.locator("input[name=_save]").click()
    expect(page.get_by_text("was added successfully")).to_be_visible()  # waits for the page

    page.goto(f"/admin/meetings/meeting/{meeting.pk}/run-sheet/")
    page.locator(f"input[name=person_{member.pk}][value=present]").check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("The register is saved.")).to_be_visible()  # waits for the page
    record = InvolvementRecord.objects.get(member=member)
    assert (record.hours, record.amount_pence) == (2, 0)  # nothing chosen yet: expenses only

    page = signed_in_page(member)
    page.goto("/profile/")
    page.get_by_role("link", name="Choose how you would like to be rewarded").click()
    expect(page.get_by_text("Until you choose, we pay back your expenses only.")).to_be_visible()  # waits for the page
    axe(page, "the reward page")
    shot(page, "2-reward")
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text("Choose one of the four answers.").first).to_be_visible()  # waits for the page
    axe(page, "the reward page with nothing chosen")
    page.get_by_label("An involvement payment", exact=False).check()
    page.get_by_label("What is this choice for?").select_option(label=f"Network forum ({starts:%-d %B %Y})")
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text("Saved: An involvement payment. For Network forum.")).to_be_visible()  # waits for the page
    axe(page, "the reward page saved")
    shot(page, "3-reward-saved")

    page.goto("/involvement/time/add/")
    page.get_by_label("Which meeting were the papers for?").select_option(label=f"Network forum ({starts:%-d %B %Y})")
    page.get_by_label("How many hours").fill("1.5")
    page.get_by_role("button", name="Add my time").click()
    expect(page.get_by_text("1.5 hours are recorded for Network forum. £30.00 is owed")).to_be_visible()  # waits for the page
    axe(page, "reading time added")
    shot(page, "4-reading-time")

    page = signed_in_page(lead)
    page.goto("/admin/involvement/involvementrecord/?status__exact=waiting")
    expect(page.get_by_text("£75.00")).to_be_visible()
    expect(page.get_by_text("£30.00")).to_be_visible()
    axe(page, "the records a lead looks up")
    shot(page, "5-records")
    assert InvolvementRecord.objects.filter(status=Status.REPLACED).count() == 1  # the expenses-only one, corrected

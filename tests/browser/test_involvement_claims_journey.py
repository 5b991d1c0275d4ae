"""A member claims their bus fare with a photo of the ticket; the finance team approves it and marks it paid; the
member sees it paid. In Chromium, with axe on every page; screenshots when CLAIM_SCREENSHOTS names a folder."""

import datetime as dt
import os
import re
from pathlib import Path

from django.utils import timezone

from involvement.models import ExpenseLine, MileageRate, Status
from network.models import Power
from tests import factories
from tests.test_involvement_claims import png_bytes

SHOTS = os.environ.get("CLAIM_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"h6-{name}.png"), full_page=True)


def test_a_bus_fare_is_claimed_with_a_photo_approved_and_paid(signed_in_page, axe, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "private-media"
    MileageRate.objects.get_or_create(applies_from=dt.date(2026, 4, 6), defaults={"pence_per_mile": 45})
    member = factories.MemberFactory(display_name="Mo Member")
    meeting = factories.MeetingFactory(title="Network meeting: waiting rooms",
                                       starts_at=timezone.now() - dt.timedelta(days=2))
    factories.InvitationFactory(meeting=meeting, member=member)
    finance = factories.grant_power(factories.MemberFactory(display_name="Fin Finance"), Power.FINANCE)
    photo = tmp_path / "bus-ticket.png"
    photo.write_bytes(png_bytes(64, 40))
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    page = signed_in_page(member)
    page.goto("/involvement/claims/new/")
    axe(page, "the claim form")
    shot(page, "1-claim-form")
    page.get_by_label("What did you spend this money for?").select_option(label=f"{meeting.title} "
                                                                          f"({timezone.localtime(meeting.starts_at):%d/%m/%Y})")
    page.locator("#id_line-0-kind").select_option(label="Bus, train or tram")
    page.locator("#id_line-0-spent_on").fill(yesterday)
    page.locator("#id_line-0-what_for").fill("Bus there and back")
    page.locator("#id_line-0-amount").fill("12.505")
    page.locator("#id_line-0-receipt").set_input_files(str(photo))
    page.get_by_role("button", name="Send my claim").click()
    assert page.get_by_text("no more than 2 numbers after the dot").is_visible()
    axe(page, "the claim form with a wrong amount")
    shot(page, "2-wrong-amount")
    page.locator("#id_line-0-amount").fill("£3.20")
    page.locator("#id_line-0-receipt").set_input_files(str(photo))  # a browser never keeps a file after a refusal
    page.get_by_role("button", name="Send my claim").click()
    assert page.get_by_text("is waiting for approval. We will email you at each step").is_visible()
    axe(page, "the claim sent")
    shot(page, "3-claim-sent")

    page = signed_in_page(finance)
    page.goto("/involvement/waiting/")
    assert page.get_by_text("£3.20").is_visible()
    axe(page, "the waiting page")
    shot(page, "4-waiting")
    page.get_by_role("link", name="Claim EX-").click()
    axe(page, "the claim as the finance team sees it")
    shot(page, "4b-claim-as-finance")
    page.get_by_role("link", name="Back to what is waiting").click()
    page.get_by_role("button", name=re.compile(r"^Approve\W+Bus there and back$")).click()
    assert page.get_by_text("Approved: EX-").is_visible()
    page.get_by_role("link", name="Approved, to pay").click()
    axe(page, "approved, to pay")
    shot(page, "5-to-pay")
    page.get_by_role("link", name=re.compile(r"^Mark as paid\W+Bus there and back$")).click()
    page.get_by_label("How it was paid").select_option(label="Cash on the day")
    axe(page, "mark as paid")
    shot(page, "6-mark-paid")
    page.get_by_role("button", name="Mark as paid").click()
    assert page.get_by_text("Marked as paid").is_visible()
    assert ExpenseLine.objects.get().status == Status.PAID

    page = signed_in_page(member)
    page.goto("/involvement/claims/")
    assert page.get_by_text("Cash on the day").is_visible()
    axe(page, "the member's claims")
    shot(page, "7-member-sees-paid")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Receipt\W+bus-ticket.png$")).click()
    assert Path(download.value.path()).read_bytes() == png_bytes(64, 40)
    page.goto("/")
    assert page.get_by_text("1 cost was paid in the last 2 months.").is_visible()
    axe(page, "the member's home")
    shot(page, "9-member-home")


def test_the_waiting_page_fits_a_phone(signed_in_page, axe, lead):
    from tests.browser.conftest import NARROW
    from tests.test_involvement_claims import a_line

    a_line(factories.MemberFactory(display_name="Mo Member"))
    page = signed_in_page(lead, viewport=NARROW)
    page.goto("/involvement/waiting/")
    axe(page, "the waiting page on a phone")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "8-waiting-phone")

"""A lead makes a series of meetings in the admin, in real Chromium, with axe after each step; then changes one
meeting and all that follow it from that meeting's page."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, MeetingSeries
from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp/h5")


def test_a_lead_makes_a_monthly_series_and_moves_all_that_follow_the_second(signed_in_page, lead):
    page = signed_in_page(lead)
    page.goto(reverse("admin:meetings_meetingseries_add"))
    check_axe(page, "the series add page")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "series-add.png"), full_page=True)

    first = timezone.localdate() + dt.timedelta(days=7)
    page.get_by_label("Title").fill("Carers' café")
    page.get_by_label("Once a month").check()
    page.get_by_label("Starting from").fill(first.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Number of meetings").fill("4")
    page.get_by_role("button", name="Save", exact=True).click()

    # No weekday for a monthly series: a clear message on the form, and nothing made.
    expect(page.get_by_text("For a meeting once a month, choose which week of the month.")).to_be_visible()
    expect(page.get_by_text("For a meeting once a month, choose the day of the week.")).to_be_visible()
    assert not MeetingSeries.objects.exists()
    check_axe(page, "the series add page with its messages")
    page.screenshot(path=str(SCREENSHOTS / "series-add-mistakes.png"), full_page=True)

    page.get_by_label("Which week of the month").select_option(label="2nd")
    page.get_by_label("On which day").select_option(label="Tuesday")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("4 meetings made.")).to_be_visible()
    series = MeetingSeries.objects.get()
    meetings = list(series.meetings.order_by("starts_at"))
    assert len(meetings) == 4

    page.goto(reverse("admin:meetings_meetingseries_change", args=[series.pk]))
    check_axe(page, "the series page")
    expect(page.get_by_text("The 2nd Tuesday of each month, 10:00 to 12:00")).to_be_visible()

    page.goto(reverse("admin:meetings_meeting_change", args=[meetings[1].pk]))
    check_axe(page, "a meeting of the series")
    page.get_by_label("Change this meeting and all that follow").check()
    page.locator("#id_venue").fill("The library, upstairs room")
    page.locator("fieldset", has_text="One of a series").screenshot(path=str(SCREENSHOTS / "occurrence-choice.png"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("3 meetings of the series changed")).to_be_visible()

    venues = list(Meeting.objects.filter(series=series).order_by("starts_at").values_list("venue", flat=True))
    assert venues == ["", "The library, upstairs room", "The library, upstairs room", "The library, upstairs room"]

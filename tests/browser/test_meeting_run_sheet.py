"""A lead who is a service user runs a meeting from its run-sheet with the keyboard alone: marks everyone who said
yes present, changes one to apologies, adds a guest, writes the minutes with two decisions and an action, and saves;
axe finds nothing after each step. Minutes for a meeting that has not started are refused with a clear message."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Decision, Invitation, Meeting, Minutes
from network.models import Role
from projects.models import Action
from tests import factories
from tests.browser.conftest import focused, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/helpers/shots")


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"h9-run-sheet-{name}.png"), full_page=True)


def _press_and_wait(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.fixture
def co_chair():
    lead = factories.LeadFactory(display_name="Lena Lead", role=Role.SERVICE_USER)
    assert lead.role == Role.SERVICE_USER
    return lead


@pytest.fixture
def forum(co_chair):
    now = timezone.now()
    meeting = factories.MeetingFactory(title="Network forum", starts_at=now - dt.timedelta(minutes=15),
                                       ends_at=now + dt.timedelta(minutes=105), created_by=co_chair)
    people = {}
    for name, response, needs in [("Amina Begum", Invitation.Response.ATTENDING, ["large_print"]),
                                  ("Ben Cole", Invitation.Response.ATTENDING, []),
                                  ("Cara Dale", Invitation.Response.APOLOGIES, [])]:
        people[name] = factories.MemberFactory(display_name=name)
        Invitation.objects.create(meeting=meeting, member=people[name], response=response, access_needs=needs)
    return meeting, people


def test_a_co_chair_runs_the_meeting_from_the_run_sheet_with_the_keyboard_alone(signed_in_page, axe, co_chair, forum):
    meeting, people = forum
    page = signed_in_page(co_chair)
    page.goto(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    tab_to(page, "Open the run-sheet")
    _press_and_wait(page)
    assert page.url.endswith(reverse("admin:meetings_meeting_run_sheet", args=[meeting.pk]))
    assert "Amina Begum" in page.locator("#needs ~ table").inner_text()
    axe(page, "the run-sheet")
    _shot(page, "1-run-sheet")

    tab_to(page, "Mark everyone who said yes as present")
    _press_and_wait(page)
    assert dict(meeting.attendance.values_list("member__display_name", "status")) == {
        "Amina Begum": "present", "Ben Cole": "present"}
    assert "2 people who said yes are marked present." in page.inner_text("body")
    axe(page, "after marking people present")
    _shot(page, "2-marked-present")

    # The register is one form: Tab reaches each person's choice, the arrow keys change it.
    tab_to(page, "Present", exact=True)  # Amina Begum's
    page.keyboard.press("Tab")
    assert focused(page)["id"] == f"id_person_{people['Ben Cole'].pk}_0"
    page.keyboard.press("ArrowRight")
    tab_to(page, "Save the register")
    _press_and_wait(page)
    assert Attendance.objects.get(meeting=meeting, member=people["Ben Cole"]).status == Attendance.Status.APOLOGIES
    assert "The register is saved." in page.inner_text("body")
    axe(page, "after saving the register")
    _shot(page, "3-register-saved")

    tab_to(page, "Guest's name")
    page.keyboard.type("Ruth Calder")
    page.keyboard.press("Tab")
    page.keyboard.type("Local camera society")
    tab_to(page, "Add this guest")
    _press_and_wait(page)
    assert list(meeting.guests.values_list("name", flat=True)) == ["Ruth Calder"]
    axe(page, "after adding a guest")
    _shot(page, "4-guest-added")

    # Who chaired: the type-to-choose box takes more than one person; the co-chair chooses herself and Amina.
    tab_to(page, "Guest's name")
    tab_to(page, "Add this guest")
    page.keyboard.press("Tab")  # the type-to-choose box for who chaired
    for name in ("Lena", "Amina"):
        page.keyboard.type(name)
        page.locator(".select2-results__option--highlighted", has_text=name).wait_for()
        page.keyboard.press("Enter")
    axe(page, "with two chairs chosen")
    tab_to(page, "Save who chaired")
    _press_and_wait(page)
    assert sorted(meeting.chairs.values_list("member__display_name", "role_then")) == [
        ("Amina Begum", Role.SERVICE_USER), ("Lena Lead", Role.SERVICE_USER)]
    assert "Chaired by Amina Begum and Lena Lead." in page.inner_text("body")
    axe(page, "after saving who chaired")
    _shot(page, "4b-chairs-saved")

    tab_to(page, "What was discussed")
    page.keyboard.type("We heard what makes meetings hard to reach.")
    tab_to(page, "Decisions")
    page.keyboard.type("Meet in the evening twice a year.")
    page.keyboard.press("Enter")
    page.keyboard.type("Pay travel costs on the day.")
    tab_to(page, "What needs doing")
    page.keyboard.type("Book the evening room")
    page.keyboard.press("Tab")  # the type-to-choose box for who will do it
    page.keyboard.press("Enter")
    page.keyboard.type("Amina")
    page.locator(".select2-results__option--highlighted", has_text="Amina Begum").wait_for()
    axe(page, "with the list of people open")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_actions-0-due"
    page.keyboard.type("03032031")  # the same day and month, whichever order the browser shows them in
    tab_to(page, "Save the minutes, decisions and actions")
    _press_and_wait(page)
    assert Minutes.objects.get(meeting=meeting).text == "We heard what makes meetings hard to reach."
    assert list(Decision.objects.filter(meeting=meeting).values_list("text", flat=True)) == [
        "Meet in the evening twice a year.", "Pay travel costs on the day."]
    action = Action.objects.get(meeting=meeting)
    assert (action.what, action.owner, action.due) == ("Book the evening room", people["Amina Begum"],
                                                       dt.date(2031, 3, 3))
    assert "The minutes, decisions and actions are saved." in page.inner_text("body")
    axe(page, "after saving the minutes")
    _shot(page, "5-minutes-saved")


def test_minutes_for_a_meeting_that_has_not_started_are_refused_with_a_clear_message(
    signed_in_page, axe, co_chair, forum
):
    meeting, _people = forum
    later = factories.MeetingFactory(title="Planning the new year", created_by=co_chair)
    page = signed_in_page(co_chair)
    page.goto(reverse("admin:meetings_meeting_run_sheet", args=[later.pk]))
    assert "This meeting has not started yet. You can write the minutes once it has started." in page.inner_text("body")
    assert page.get_by_role("button", name="Save the minutes, decisions and actions").count() == 0
    axe(page, "the run-sheet of a meeting still to come")
    _shot(page, "6-not-started")

    # The page was opened while the meeting was on; then it was moved to next week. The minutes are refused.
    page.goto(reverse("admin:meetings_meeting_run_sheet", args=[meeting.pk]))
    next_week = timezone.now() + dt.timedelta(days=7)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=next_week, ends_at=next_week + dt.timedelta(hours=2))
    tab_to(page, "What was discussed", max_presses=160)  # past the admin's menu, the register, guests and chairs
    page.keyboard.type("Written too early.")
    tab_to(page, "Save the minutes, decisions and actions")
    _press_and_wait(page)
    assert "This meeting has not started yet." in page.locator(".messagelist").inner_text()
    assert not Minutes.objects.filter(meeting=meeting).exists()
    axe(page, "after the minutes were refused")
    _shot(page, "7-refused")

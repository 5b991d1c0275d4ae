"""A project's checklist in real Chromium: ticks are never lost. A lead ticks points, tries to move the stage, is
warned first, and the ticks are still there; saving from the warning saves them and goes on to the move; without
JavaScript the move saves them too. Joining an open project with both questions left empty works. axe finds nothing
on the pages after each step. Screenshots go to CHECKLIST_SCREENSHOTS (a folder), when it is set."""

import os
import re
from pathlib import Path

import pytest

from projects.models import StageChecklistItem
from tests.browser.conftest import session_cookie_for, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("CHECKLIST_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


POINTS = [
    "We agree what the project can and cannot change",
    "Everyone has the training and support they need",
    "We know who is involved and why",
    "Everyone gets the information they need in time",
]


@pytest.fixture
def points(project):
    # Made here: a browser test's database is emptied between tests, so the default checklist is not there.
    return [
        StageChecklistItem.objects.create(project=project, stage="preparing", text=text, order=order)
        for order, text in enumerate(POINTS, start=1)
    ]


def _tick(page, item):
    page.get_by_label(item.text, exact=True).check()


def _ticked(project):
    return set(project.checklist_items.filter(done_at__isnull=False).values_list("pk", flat=True))


def test_ticking_two_points_then_moving_the_stage_warns_first_and_keeps_the_ticks(
    signed_in_page, axe, project_lead, project, points
):
    page = signed_in_page(project_lead)
    page.goto(project.get_absolute_url())
    first, second = points[0], points[1]
    _tick(page, first)
    _tick(page, second)
    assert page.get_by_role("status").filter(has_text="You have changed the checklist").is_visible()

    page.get_by_role("button", name="Move to another stage").click()
    warning = page.get_by_role("group", name="You have not saved the checklist yet")
    assert warning.is_visible()
    assert page.evaluate("() => document.activeElement.id") == "checklist-warning"
    assert page.url.endswith(project.get_absolute_url())
    assert page.get_by_label(first.text, exact=True).is_checked() and page.get_by_label(second.text, exact=True).is_checked()
    assert _ticked(project) == set()
    _shot(page, "h1-checklist-warning")
    axe(page, "the project page with the unsaved-checklist warning")

    # From the warning, by keyboard: save the ticks, then on to the move page.
    tab_to(page, "Save the checklist, then move")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/stage/" in page.url
    assert "We saved your checklist first." in page.locator("main").inner_text()
    assert _ticked(project) == {first.pk, second.pk}
    assert page.get_by_role("heading", name="2 points on the checklist are not ticked").is_visible()
    _shot(page, "h1-move-stage")
    axe(page, "the move page after saving the checklist")


def test_staying_on_the_page_hides_the_warning_and_goes_back_to_save_the_checklist(
    signed_in_page, axe, project_lead, project, points
):
    page = signed_in_page(project_lead)
    page.goto(project.get_absolute_url())
    _tick(page, points[0])
    page.get_by_role("button", name="Move to another stage").click()
    page.get_by_role("button", name="Stay here").click()
    assert not page.locator("#checklist-warning").is_visible()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Save the checklist"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").filter(has_text="We saved the checklist. 1 point changed.").is_visible()
    assert page.get_by_label(points[0].text, exact=True).is_checked()
    assert page.get_by_text(re.compile("^Ticked by Pat Projectlead")).count() == 1
    _shot(page, "h1-checklist-saved")
    axe(page, "the project page after saving the checklist")


def test_leaving_the_page_another_way_with_unsaved_ticks_asks_first(signed_in_page, project_lead, project, points):
    page = signed_in_page(project_lead)
    page.goto(project.get_absolute_url())
    _tick(page, points[0])
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="All projects").click()
    page.wait_for_function("() => true")  # one turn of the page's loop, for the dialog to come and go
    assert asked == ["beforeunload"]
    assert page.url.endswith(project.get_absolute_url()) and page.get_by_label(points[0].text, exact=True).is_checked()


def test_with_nothing_changed_moving_the_stage_goes_straight_to_the_move_page(signed_in_page, project_lead, project, points):
    page = signed_in_page(project_lead)
    page.goto(project.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Move to another stage").click()
    assert "/stage/" in page.url and "We saved your checklist first." not in page.locator("main").inner_text()


def test_without_javascript_moving_the_stage_saves_the_ticks_first(browser_session, project_lead, project, points):
    page = browser_session.new_page(cookies=[session_cookie_for(project_lead)], java_script_enabled=False)
    page.goto(project.get_absolute_url())
    _tick(page, points[0])
    _tick(page, points[2])
    with page.expect_navigation():
        page.get_by_role("button", name="Move to another stage").click()
    assert "/stage/" in page.url and "We saved your checklist first." in page.locator("main").inner_text()
    assert _ticked(project) == {points[0].pk, points[2].pk}


def test_joining_an_open_project_with_both_questions_left_empty(signed_in_page, axe, member, other_project):
    from tests import factories

    factories.PledgeSignatureFactory(member=member, version=factories.PledgeVersionFactory())
    page = signed_in_page(member)
    page.goto(f"/projects/{other_project.slug}/join/")
    why = page.get_by_label("Why would you like to be involved? (optional)")
    hint = page.locator(f"#{why.get_attribute('aria-describedby')}")
    assert hint.inner_text().startswith("For example:")
    _shot(page, "h1-join-open")
    axe(page, "the join page of an open project")
    with page.expect_navigation():
        page.get_by_role("button", name="Join this project").click()
    assert "You are now a member of this project" in page.locator("main").inner_text()

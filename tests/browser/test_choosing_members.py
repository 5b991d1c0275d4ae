"""Choosing an action's owner in the admin, in real Chromium: two people called Sam Taylor are told apart in the
list, and the page has no axe violations with the list open."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from network.models import Role
from tests import factories
from tests.browser.conftest import check_axe, session_cookie_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/h4"))


def test_a_lead_tells_two_people_called_sam_taylor_apart_when_choosing_an_action_owner(
        browser_session, lead, project, other_project):
    carer = factories.MemberFactory(display_name="Sam Taylor", email="samantha.t@example.org", role=Role.CARER,
                                    show_role_in_directory=True)
    volunteer = factories.MemberFactory(display_name="Sam Taylor", email="sam.taylor99@example.net",
                                        role=Role.VOLUNTEER)
    factories.ProjectMembershipFactory(member=carer, project=project)
    factories.ProjectMembershipFactory(member=volunteer, project=other_project)
    page = browser_session.new_page(cookies=[session_cookie_for(lead)])
    page.goto("/admin/projects/action/add/")

    page.locator(".field-owner .select2-selection").click()
    page.locator(".select2-search__field").fill("Sam Taylor")
    results = page.locator(".select2-results__option")
    carer_option = results.filter(has_text="Sam Taylor · Carer · in Calmer waiting rooms · sam…@example.org")
    volunteer_option = results.filter(has_text="Sam Taylor · Volunteer · in Walking group · sam…@example.net")
    expect(results).to_have_count(2)  # the search has answered: only the two Sams are left
    expect(carer_option).to_have_count(1)
    expect(volunteer_option).to_have_count(1)
    expect(page.get_by_role("searchbox", name="Who will do it")).to_be_focused()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "action-owner-autocomplete.png"))
    check_axe(page, "the action page with the owner list open")

    volunteer_option.click()
    assert "Volunteer" in page.locator(".field-owner .select2-selection__rendered").inner_text()

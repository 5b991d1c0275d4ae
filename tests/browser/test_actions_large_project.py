"""A project lead of a large project adds an action in real Chromium, with the keyboard only: they type a name, are
told it fits two people, choose one by their label, and the page has no axe violations at either step."""

import re

import pytest
from playwright.sync_api import expect

from network.models import Role
from projects import forms
from tests import factories
from tests.browser.conftest import check_axe, focused, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_project_lead_gives_an_action_to_one_of_two_sam_taylors_with_the_keyboard(
        monkeypatch, signed_in_page, project_lead, project):
    monkeypatch.setattr(forms, "OWNER_LIST_UP_TO", 2)  # the live server runs in this process
    carer = factories.MemberFactory(display_name="Sam Taylor", role=Role.CARER, show_role_in_directory=True)
    volunteer = factories.MemberFactory(display_name="Sam Taylor", role=Role.VOLUNTEER, show_role_in_directory=False)
    for person in (carer, volunteer):
        factories.ProjectMembershipFactory(member=person, project=project)
    page = signed_in_page(project_lead)
    page.goto(f"/projects/{project.slug}/actions/")
    expect(page.get_by_label("Who will do it? (optional)")).to_be_visible()
    check_axe(page, "a large project's actions page")

    tab_to(page, "What needs doing?")
    page.keyboard.type("Book the room")
    tab_to(page, "Who will do it? (optional)")
    page.keyboard.type("sam taylor")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_title(re.compile(r"^Please check the action"))
    expect(page.get_by_role("alert")).to_contain_text("Please check the action you are adding")
    expect(page.get_by_text("2 people in this project have “sam taylor” in their name.")).to_be_visible()
    check_axe(page, "a large project's actions page, asking which Sam Taylor")

    tab_to(page, "Please check the action you are adding")
    page.keyboard.press("Enter")  # the link takes them to the form
    first = tab_to(page, "Sam Taylor · Carer · in Calmer waiting rooms", exact=True)
    assert first["tag"] == "input"
    page.keyboard.press("ArrowDown")  # the other one of that name: a radio group moves with the arrow keys
    assert focused(page)["name"] == "Sam Taylor · in Calmer waiting rooms"
    tab_to(page, "Add this action")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_text("The action has been added.")).to_be_visible()
    assert project.actions.get(what="Book the room").owner == volunteer

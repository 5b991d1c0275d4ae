"""Every network page in real Chromium: zero axe-core violations (WCAG 2.2 AA) and nothing blocked by the CSP."""

import pytest
from django.urls import reverse

from network import services
from network.models import ConsentKind, Role
from tests import factories
from tests.browser.conftest import check_axe, labelled, session_cookie_for, without_browser_checks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(browser_session, person=None):
    return browser_session.new_page(cookies=[session_cookie_for(person)] if person else [])


def _visit(page, address):
    response = page.goto(address)
    assert response.status < 400, f"{address} answered {response.status}"
    check_axe(page, address)
    assert not page.console_errors, page.console_errors


@pytest.fixture
def world(member, lead, offline_member):
    for n in range(30):
        factories.MemberFactory(display_name=f"Listed {n:02d}", in_directory=True, show_role_in_directory=bool(n % 2),
                                role=Role.CARER, pronouns="she/her")
    services.record_consent(member=offline_member, kind=ConsentKind.CONTACT, given=True, recorded_by=lead, how="Phone")
    blockage = services.raise_blockage(member=member, you_said="Meetings are too early.")
    services.answer_blockage(blockage=blockage, we_did="Meetings now start at 11.", answered_by=lead)
    return {"offline": offline_member}


def test_the_network_pages_have_no_accessibility_violations(browser_session, world, member, lead):
    anonymous = _open(browser_session)
    for address in (reverse("network:about"), reverse("network:contact"), reverse("network:contact_thanks")):
        _visit(anonymous, address)
    signed = _open(browser_session, member)
    for address in (reverse("network:profile"), reverse("network:directory"), reverse("network:blockages")):
        _visit(signed, address)
    leading = _open(browser_session, lead)
    for address in (
        reverse("network:directory") + "?role=carer",
        reverse("network:add_offline_member"),
        reverse("network:invite"),
        reverse("network:manage_member", args=[world["offline"].pk]),
        reverse("network:edit_about"),
    ):
        _visit(leading, address)


def test_a_profile_error_is_announced_and_stays_accessible(browser_session, world, member):
    page = _open(browser_session, member)
    _visit(page, reverse("network:profile"))
    without_browser_checks(page)
    labelled(page, "Phone number").fill("12345")
    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_load_state()
    assert page.locator("main .alert-danger").count() == 1
    check_axe(page, "profile with an error")


def test_searching_the_directory_by_keyboard_keeps_the_name_out_of_the_address(browser_session, world, member):
    page = _open(browser_session, member)
    _visit(page, reverse("network:directory"))
    without_browser_checks(page)
    labelled(page, "Name").fill("Listed 07")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/members/?search=1")
    results = page.locator("#results-heading + p + ul, #results-heading ~ ul").first.inner_text()
    assert "Listed 07" in results and "Listed 08" not in results
    check_axe(page, "directory after a search")

"""Journeys real people make, in real headless Chromium: keyboard only where the issue asks for it.

"Keyboard only" means Tab, Shift+Tab, Enter, Space, arrow keys and typing: never a click.
Going to the link in an email is the one `goto`, as a person follows it from their inbox.
"""

import re

import pytest

from pledges.models import PledgeSignature
from projects.models import ProjectMembership
from tests import factories
from tests.browser.conftest import DESKTOP, NARROW, check_axe, focused, tab_to

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
    type_into(page, "Password (again)", factories.PASSWORD)
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

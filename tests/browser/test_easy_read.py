"""Easy Read mode in real Chromium (issue 20, line 6): switched on from the header with the keyboard alone, then the
key pages with axe finding nothing, every pictogram with words for people who cannot see it, and body text of at
least 20 CSS pixels. Screenshots go to EASY_READ_SCREENSHOTS (a folder), when it is set."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories
from tests.browser.conftest import NARROW, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("EASY_READ_SCREENSHOTS")
BODY_FONT_PX = "() => parseFloat(getComputedStyle(document.body).fontSize)"
PICTOGRAMS_WITHOUT_WORDS = """() => [...document.querySelectorAll('img')]
    .filter(img => img.src.includes('/pictograms/'))
    .filter(img => !(img.getAttribute('alt') || '').trim())
    .map(img => img.outerHTML)"""
PICTOGRAM_COUNT = "() => [...document.querySelectorAll('img')].filter(img => img.src.includes('/pictograms/')).length"


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def check_easy_read_page(page, axe, where):
    assert page.evaluate("() => document.body.classList.contains('easy-read-mode')"), where
    assert page.evaluate(BODY_FONT_PX) >= 20, where
    assert page.get_by_role("heading", name="In Easy Read").is_visible(), where
    assert page.evaluate(PICTOGRAM_COUNT) >= 2, where
    assert page.evaluate(PICTOGRAMS_WITHOUT_WORDS) == [], where
    # Every picture loaded: a missing file would show as a broken image beside the words.
    assert page.evaluate("() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"), where
    axe(page, f"{where} in Easy Read")


def test_a_visitor_switches_to_easy_read_with_the_keyboard_and_reads_the_front_pages(page, axe):
    factories.PledgeVersionFactory(easy_read_text="We work together.\nWe are equal.")
    page.goto("/")
    assert page.evaluate(BODY_FONT_PX) < 20
    tab_to(page, "Easy Read", exact=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Easy Read is on.").is_visible()
    check_easy_read_page(page, axe, "the home page")
    _shot(page, "home-visitor")
    for name, url in [("about and the principles", reverse("network:about")), ("the pledge", reverse("pledges:pledge"))]:
        page.goto(url)
        check_easy_read_page(page, axe, name)
        _shot(page, name.replace(" ", "-"))
    assert page.get_by_text("We are equal.").is_visible()
    # And back to the standard words, from the same place in the header.
    tab_to(page, "Standard words", exact=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not page.evaluate("() => document.body.classList.contains('easy-read-mode')")
    assert page.get_by_role("heading", name="In Easy Read").count() == 0


def test_a_member_in_easy_read_reads_every_key_page_without_an_accessibility_problem(
    signed_in_page, axe, project, other_project, lead
):
    member = factories.MemberFactory(display_name="Eve Easy", easy_read=True)
    factories.ProjectMembershipFactory(member=member, project=project)
    factories.PledgeSignatureFactory(member=member, version=factories.PledgeVersionFactory())
    project.easy_read_summary = "Waiting rooms can be loud.\nWe will make them calm."
    project.save()
    meeting = factories.MeetingFactory(title="Spring meeting", venue="Riverside Centre", venue_access="Step-free door.")
    factories.InvitationFactory(meeting=meeting, member=member)
    factories.ActionFactory(project=project, owner=member, what="Book the quiet room")
    page = signed_in_page(member)
    pages = [
        ("home signed in", "/"),
        ("a project", project.get_absolute_url()),
        ("join a project", reverse("projects:join", kwargs={"slug": other_project.slug})),
        ("a meeting and its reply", meeting.get_absolute_url()),
        ("my actions", reverse("projects:my_actions")),
    ]
    for name, url in pages:
        page.goto(url)
        check_easy_read_page(page, axe, name)
        _shot(page, name.replace(" ", "-"))
    page.goto(meeting.get_absolute_url())
    assert page.get_by_text("The place is: Riverside Centre.").is_visible()
    assert page.get_by_role("button", name="Send my reply").is_visible()  # the standard reply form is still there


def test_a_page_without_easy_read_words_says_so_and_easy_read_fits_a_phone(signed_in_page, axe):
    member = factories.MemberFactory(display_name="Eve Easy", easy_read=True)
    page = signed_in_page(member, viewport=NARROW)
    page.goto(reverse("meetings:list"))
    assert page.get_by_text("This page is not in Easy Read yet.").is_visible()
    assert page.evaluate(PICTOGRAMS_WITHOUT_WORDS) == []
    axe(page, "a page with no Easy Read words, on a phone")
    page.goto("/")
    assert page.get_by_role("button", name="Standard words").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    axe(page, "the home page in Easy Read, on a phone")
    _shot(page, "home-phone")

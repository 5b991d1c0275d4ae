"""A signed-in member's home in real Chromium: the right next step for a member who has not signed the pledge, who
signed an earlier version, and who signed the current one (then a meeting to reply to, or a project to join);
axe and the stock-phrase check find nothing on it; axe finds nothing on "What we hold about you" nor on the thank-you
pages, which offer the next step. Screenshots go to HOME_SCREENSHOTS (a folder), when it is set."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from meetings.models import Invitation
from network.models import Consent, ConsentKind
from projects.models import StageChange
from tests import factories
from tests.account_words import problems_in
from tests.browser.conftest import NARROW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("HOME_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def versions(db):
    earlier = factories.PledgeVersionFactory(title="First pledge", published_at=timezone.now() - dt.timedelta(days=90))
    current = factories.PledgeVersionFactory(title="Our pledge", published_at=timezone.now() - dt.timedelta(days=3))
    return earlier, current


def _next_step(page):
    section = page.get_by_role("region", name="Your next step")
    return section, section.get_by_role("link")


@pytest.mark.parametrize("who, button", [
    ("not signed", "Take the pledge"),
    ("signed the earlier version", "Read and re-affirm the pledge"),
    ("signed the current version, in no project", "Find a project to join"),
    ("signed the current version, invited to a meeting", "Reply to the invitation"),
])
def test_the_home_shows_the_right_next_step_with_one_big_button(signed_in_page, axe, versions, project, who, button):
    earlier, current = versions
    person = factories.MemberFactory(display_name="Ada Newcomer")
    if who == "signed the earlier version":
        factories.PledgeSignatureFactory(member=person, version=earlier)
    elif who.startswith("signed the current"):
        factories.PledgeSignatureFactory(member=person, version=current)
    if who.endswith("invited to a meeting"):
        factories.ProjectMembershipFactory(member=person, project=project)
        factories.MeetingFactory(title="Spring gathering")
    page = signed_in_page(person)
    page.goto("/")
    section, links = _next_step(page)
    assert links.count() == 1 and links.first.inner_text().strip() == button
    assert links.first.bounding_box()["height"] >= 44
    assert page.get_by_role("heading", name="Your meetings").is_visible()
    axe(page, f"the home of a member who has {who}")
    assert problems_in(page.content(), names=[person.display_name]) == []
    _shot(page, "home-" + who.replace(" ", "-").replace(",", ""))
    if button == "Reply to the invitation":
        links.first.click()
        page.wait_for_url("**/meetings/**")
        assert page.get_by_role("heading", name="Are you coming?").is_visible()


def test_a_busy_members_home_and_their_data_page_are_clean_on_a_phone_too(signed_in_page, axe, versions, project, lead):
    _earlier, current = versions
    person = factories.MemberFactory(display_name="Bo Busy", access_needs=["step_free"], phone="01632 960 222")
    factories.PledgeSignatureFactory(member=person, version=current, commitment="I will listen first.")
    factories.ProjectMembershipFactory(member=person, project=project, project_role="Note taker")
    Consent.objects.create(member=person, kind=ConsentKind.CONTACT, given=True, how="On the sign-up form")
    for i in range(7):
        meeting = factories.MeetingFactory(title=f"Meeting {i}", starts_at=timezone.now() + dt.timedelta(days=i + 1))
        factories.InvitationFactory(meeting=meeting, member=person, response=Invitation.Response.ATTENDING)
        factories.ActionFactory(project=project, owner=person, what=f"Action {i}")
    past = factories.MeetingFactory(title="Winter gathering", starts_at=timezone.now() - dt.timedelta(days=3))
    factories.MinutesFactory(meeting=past, published_at=timezone.now())
    StageChange.objects.create(project=project, from_stage="preparing", to_stage="doing", changed_by=lead, reason="Ready")
    person.last_seen_at = timezone.now() - dt.timedelta(days=5)
    person.save()
    for viewport, size in ((None, "desktop"), (NARROW, "phone")):
        page = signed_in_page(person, viewport=viewport)
        page.goto("/")
        news = page.get_by_role("region", name="What changed since", exact=False).inner_text()
        assert "the minutes of Winter gathering are ready to read" in news and "moved from Preparing to Doing" in news
        axe(page, f"a busy member's home ({size})")
        _shot(page, f"home-busy-{size}")
        page.goto("/my-data/read/")
        assert page.get_by_role("heading", name="What we hold about you").is_visible()
        assert settings.NETWORK_CONTACT_EMAIL in page.locator("main").inner_text()  # where to write if it is wrong
        axe(page, f"What we hold about you ({size})")
        _shot(page, f"my-data-{size}")
        wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, "the page scrolls sideways"
    page.emulate_media(media="print")
    _shot(page, "my-data-print")
    page.emulate_media(media="screen")
    for address, name in ((f"/projects/{project.slug}/joined/", "project-joined"), ("/pledge/thank-you/", "pledge-signed")):
        page.goto(address)
        assert page.get_by_role("region", name="Your next step").is_visible()
        axe(page, name)
        _shot(page, name)

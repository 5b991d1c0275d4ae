"""A support person replies to a meeting for the member with the keyboard alone, and the member then sees who
replied for them (issue 20). Keyboard only after the first address: Tab, Space and Enter, never a click."""

import pytest

from meetings.models import Invitation, Meeting
from support.models import SupportAction
from support.services import name_support_person
from tests import factories
from tests.browser.conftest import check_axe, tab_to
from tests.browser.test_journeys import press_tab_to_and as _press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supporter_replies_for_the_member_with_the_keyboard_and_the_member_sees_it(signed_in_page, member):
    carer = factories.MemberFactory(display_name="Cara O'Connor", email="cara@example.org")
    meeting = factories.MeetingFactory(title="Spring network meeting", audience=Meeting.Audience.NETWORK)
    factories.InvitationFactory(meeting=meeting, member=member)
    name_support_person(member=member, email=carer.email, name="Cara", relationship="care_partner",
                        permissions=["reply"], by=member)

    page = signed_in_page(carer)
    page.goto("/support/")
    check_axe(page)
    _press(page, "What you can do for Mo Member")
    _press(page, "Reply for them: Spring network meeting")
    tab_to(page, "Yes, they are coming")
    page.keyboard.press("Space")
    tab_to(page, "I am coming with them")
    page.keyboard.press("Space")
    _press(page, "Send the reply for Mo Member")
    assert "We have your reply for Mo Member" in page.inner_text("main")

    invitation = Invitation.objects.get(meeting=meeting, member=member)
    assert (invitation.response, invitation.replied_by, invitation.coming_with) == (
        Invitation.Response.ATTENDING, carer, "Cara O'Connor")
    assert SupportAction.objects.filter(supporter=carer, member=member, meeting=meeting).count() == 1

    mine = signed_in_page(member)
    mine.goto(meeting.get_absolute_url())
    check_axe(mine)
    said = mine.inner_text("[data-replied-by]")
    assert "Replied by Cara O'Connor for you." in said and "Cara O'Connor is coming with you." in said
    mine.goto("/support/")
    check_axe(mine)
    assert "Cara O'Connor did this for you: Replied to a meeting" in mine.inner_text("main")

"""Signing out with the mouse: the menu's "Sign out" button takes the click itself, at desktop and phone widths."""

import pytest

from tests import factories
from tests.browser.conftest import NARROW


@pytest.mark.parametrize("viewport", [None, NARROW], ids=["desktop", "phone"])
def test_a_member_signs_out_by_clicking_the_menu_button(signed_in_page, viewport):
    member = factories.MemberFactory(display_name="Pat O'Neill & Co")
    page = signed_in_page(member, viewport=viewport)
    page.goto("/")
    if viewport:
        page.get_by_role("button", name="Menu").click()
    sign_out = page.get_by_role("button", name="Sign out")
    with page.expect_navigation():
        sign_out.click(timeout=5000)
    assert page.get_by_role("link", name="Sign in").count() >= 1

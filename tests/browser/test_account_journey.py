"""A new member's account, in real Chromium: join, confirm, sign in with a code, forget the password and choose a
new one; change it when signed in, add an address, sign out; and each thing that can go wrong on the way (a code sent
again, three wrong codes, old links, not confirmed yet, a switched-off account, too many wrong passwords, too many
requests). Every page passes axe and speaks our words (no allauth stock phrase, no Title Case heading).

Screenshots of each page go to ACCOUNT_SCREENSHOTS (a folder), when it is set, for a person to look at."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from network.models import Member, Role
from tests import factories
from tests.account_words import problems_in
from tests.browser.conftest import check_axe, labelled, sign_in_with_the_form
from tests.factories import PASSWORD as PASSWORD_NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "rosa.newcomer@example.org"
PASSWORD = "a-long-password-2026"
NEW_PASSWORD = "another-long-password-2026"
SCREENSHOTS = os.environ.get("ACCOUNT_SCREENSHOTS")


def checked(page, name):
    """axe, and our words, on the page as it is now; a screenshot if asked for."""
    check_axe(page, name)
    assert problems_in(page.content()) == [], f"on {name}"
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def press(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).first.click()


def link(message, path):
    return re.search(rf"https?://\S+({re.escape(path)}\S*)", message.body).group(1)


def code_in(message):
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)


def test_a_new_member_joins_confirms_signs_in_with_a_code_and_chooses_a_new_password(page, mailoutbox):
    # Joining: nothing is chosen for the role until the person chooses.
    page.goto("/accounts/signup/")
    checked(page, "01-join")
    assert labelled(page, "How are you involved?").input_value() == ""
    labelled(page, "Email address").fill(EMAIL)
    labelled(page, "Your name").fill("Rosa")
    labelled(page, "Choose a password").fill("short")
    labelled(page, "Type the password again").fill("different")
    page.evaluate("() => document.querySelectorAll('form').forEach(f => { f.noValidate = true; })")
    press(page, "Join the network")
    checked(page, "02-join-with-problems")
    errors = page.locator("main .invalid-feedback, main .errorlist").all_inner_texts()
    assert any("too short" in e for e in errors) and any("passwords are different" in e for e in errors)
    assert any("Choose how you are involved" in e for e in errors)

    labelled(page, "Email address").fill(EMAIL)
    labelled(page, "How are you involved?").select_option(Role.CARER)
    labelled(page, "Choose a password").fill(PASSWORD)
    labelled(page, "Type the password again").fill(PASSWORD)
    press(page, "Join the network")
    checked(page, "03-check-your-email")
    assert Member.objects.get(email=EMAIL).role == Role.CARER

    # Confirming, from the link in the email.
    (confirmation,) = mailoutbox
    page.goto(link(confirmation, "/accounts/confirm-email/"))
    checked(page, "04-confirm")
    press(page, "Confirm my email address")
    checked(page, "05-signed-in")
    assert page.get_by_role("button", name="Sign out").count() == 1

    page.goto("/accounts/logout/")
    checked(page, "06-sign-out")
    press(page, "Sign me out")

    # Signing in with a code: a wrong one first, then the one from the email.
    page.goto("/accounts/login/")
    checked(page, "07-sign-in")
    with page.expect_navigation():
        page.get_by_role("link", name="Send me a code").click()
    checked(page, "08-ask-for-a-code")
    labelled(page, "Email address").fill(EMAIL)
    press(page, "Send me a code")
    checked(page, "09-type-the-code")
    labelled(page, "The code from the email").fill("WRONG-CODE")
    press(page, "Sign me in")
    checked(page, "10-wrong-code")
    assert "This code is not right" in page.locator("main").inner_text()
    labelled(page, "The code from the email").fill(code_in(mailoutbox[-1]))
    press(page, "Sign me in")
    checked(page, "10b-signed-in-with-a-code")
    sign_out = page.get_by_role("button", name="Sign out")
    assert sign_out.count() == 1
    sign_out.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # A forgotten password: the link in the email, both problems at once, then a new password that works.
    page.goto("/accounts/password/reset/")
    checked(page, "11-forgotten-password")
    labelled(page, "Email address").fill(EMAIL)
    press(page, "Email me a link")
    checked(page, "12-reset-link-sent")
    page.goto(link(mailoutbox[-1], "/accounts/password/reset/key/"))
    checked(page, "13-choose-a-new-password")
    labelled(page, "New password").fill("short")
    labelled(page, "Type the new password again").fill("different")
    press(page, "Save my new password")
    checked(page, "14-new-password-with-problems")
    main = page.locator("main").inner_text()
    assert "too short" in main and "The two passwords are different" in main
    labelled(page, "New password").fill(NEW_PASSWORD)
    labelled(page, "Type the new password again").fill(NEW_PASSWORD)
    press(page, "Save my new password")
    checked(page, "15-password-changed")
    assert page.get_by_role("link", name="Go to the home page").count() == 1

    sign_in_with_the_form(page, email=EMAIL, password=NEW_PASSWORD)
    assert page.get_by_role("button", name="Sign out").count() == 1


def test_a_member_changes_their_password_looks_after_their_addresses_and_signs_out(signed_in_page, mailoutbox):
    member = factories.MemberFactory(email="olu@example.org", display_name="Olu")
    page = signed_in_page(member)
    page.goto("/profile/")
    with page.expect_navigation():
        page.get_by_role("link", name="your sign-in details").click()
    checked(page, "19-sign-in-details")
    assert page.get_by_role("button", name="Remove it").count() == 0  # one address: nothing to choose between
    with page.expect_navigation():
        page.get_by_role("link", name="Change my password").click()
    checked(page, "20-change-password")
    labelled(page, "Your password now").fill("not-my-password")
    labelled(page, "New password").fill("short")
    labelled(page, "Type the new password again").fill("different")
    press(page, "Save my new password")
    checked(page, "21-change-password-with-problems")
    main = page.locator("main").inner_text()
    assert "This is not your password now" in main and "too short" in main
    assert "The two passwords are different" in main
    labelled(page, "Your password now").fill(PASSWORD_NOW)
    labelled(page, "New password").fill(NEW_PASSWORD)
    labelled(page, "Type the new password again").fill(NEW_PASSWORD)
    press(page, "Save my new password")
    checked(page, "22-password-changed")
    assert "Your new password is saved" in page.locator("main").inner_text()
    assert page.get_by_role("heading", name="Your sign-in details").count() == 1  # not the same form, empty
    (told,) = mailoutbox
    assert problems_in(told.body) == [] and "Your password is changed" in told.body

    labelled(page, "Another email address").fill("olu.second@example.org")
    press(page, "Add this address")
    checked(page, "24-email-address-added")
    assert "Not confirmed yet" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Remove it").count() == 1

    page.goto("/accounts/logout/")
    checked(page, "25-sign-out")
    press(page, "Sign me out")
    checked(page, "26-signed-out")
    assert "You are signed out" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Sign in").count() >= 1


def test_when_something_goes_wrong_every_page_says_what_to_do_in_our_words(page, mailoutbox):
    factories.MemberFactory(email="sam@example.org", display_name="Sam")
    factories.MemberFactory(email="off@example.org", is_active=False)

    # A code that does not come: send it again; three wrong codes end it, and the page says what to do next.
    page.goto("/accounts/login/code/")
    labelled(page, "Email address").fill("sam@example.org")
    press(page, "Send me a code")
    press(page, "Send me a new code")
    checked(page, "30-code-sent-again")
    assert len(mailoutbox) == 2
    for _ in range(3):
        labelled(page, "The code from the email").fill("WRONG-CODE")
        press(page, "Sign me in")
    checked(page, "31-three-wrong-codes")
    main = page.locator("main").inner_text()
    assert "wrong three times" in main and "send you a new code" in main
    assert page.get_by_role("heading", name="Sign in with a code").count() == 1

    # A link that is too old or used already.
    page.goto("/accounts/confirm-email/not-a-real-key/")
    checked(page, "32-old-confirmation-link")
    page.goto("/accounts/password/reset/key/1-not-a-real-key/")
    checked(page, "33-old-password-link")
    assert page.get_by_role("link", name="Ask for a new link").count() == 1

    # Joined, but not confirmed yet: signing in says to check the email.
    page.goto("/accounts/signup/")
    labelled(page, "Email address").fill(EMAIL)
    labelled(page, "Your name").fill("Rosa")
    labelled(page, "How are you involved?").select_option(Role.VOLUNTEER)
    labelled(page, "Choose a password").fill(PASSWORD)
    labelled(page, "Type the password again").fill(PASSWORD)
    press(page, "Join the network")
    sign_in_with_the_form(page, email=EMAIL, password=PASSWORD)
    checked(page, "34-not-confirmed-yet")
    assert page.get_by_role("heading", name="Check your email").count() == 1

    # A switched-off account is told who to write to.
    sign_in_with_the_form(page, email="off@example.org", password=PASSWORD_NOW)
    checked(page, "35-account-switched-off")
    assert settings.NETWORK_CONTACT_EMAIL in page.locator("main").inner_text()

    # Wrong passwords, then too many of them.
    for _ in range(6):
        sign_in_with_the_form(page, email="sam@example.org", password="not-my-password")
    checked(page, "36-too-many-wrong-passwords")
    assert "There have been too many tries" in page.locator("main").inner_text()

    # Asking for a new password again and again: the site pauses, in our words, with the address to write to.
    for _ in range(6):
        page.goto("/accounts/password/reset/")
        labelled(page, "Email address").fill("sam@example.org")
        press(page, "Email me a link")
    checked(page, "37-paused-for-a-few-minutes")
    assert page.get_by_role("heading", name="Please wait a few minutes").count() == 1
    assert settings.NETWORK_CONTACT_EMAIL in page.locator("main").inner_text()

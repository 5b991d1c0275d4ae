"""Every account page and email a person can reach speaks our words, not allauth's.

Each test walks one part of the account (joining, signing in, a code, a forgotten password, a signed-in member's
own settings) through the states that show its pages and send its emails, and checks each page and email for
allauth's stock phrases and Title Case headings. Every template allauth renders on the way must be ours, unless it
holds no words at all (allauth's layouts that only extend another)."""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test.signals import template_rendered
from django.urls import reverse

from network.models import Member
from tests import factories
from tests.account_words import problems_in
from tests.factories import PASSWORD

OUR_TEMPLATES = Path(settings.BASE_DIR) / "templates"
TEMPLATE_TAG = re.compile(r"{%.*?%}|{#.*?#}", re.DOTALL)


@pytest.fixture(autouse=True)
def every_account_template_is_ours():
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template)

    template_rendered.connect(record)
    yield rendered
    template_rendered.disconnect(record)
    stock = set()
    for template in rendered:
        name, origin = template.name or "", getattr(template.origin, "name", "") or ""
        if not name.startswith(("account/", "allauth/", "429")) or str(origin).startswith(str(OUR_TEMPLATES)):
            continue
        if TEMPLATE_TAG.sub("", template.source).strip():
            stock.add(name)
    assert not stock, f"allauth's own words still shown by: {sorted(stock)}"


def page(response):
    assert response.status_code in (200, 429), response.status_code
    html = response.content.decode()
    assert problems_in(html) == [], response.request["PATH_INFO"]
    return html


def emails_checked(since=0):
    sent = mail.outbox[since:]
    assert sent, "an email was expected"
    for message in sent:
        parts = [message.subject, message.body] + [content for content, _mimetype in message.alternatives]
        assert message.alternatives, f"{message.subject!r} has no HTML part"
        for part in parts:
            assert problems_in(part) == [], (message.subject, part)
        assert settings.NETWORK_CONTACT_EMAIL in message.body, message.subject
    return sent


def link_in(message, path):
    return re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]*)", message.body).group(1)


def join(client, email="rosa@example.org", **changes):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": "Rosa", "role": "carer"}
    return client.post(reverse("account_signup"), {**data, **changes}, follow=True)


def test_joining_speaks_our_words_from_the_form_to_the_confirmed_address(client, db):
    page(client.get(reverse("account_signup")))
    page(join(client, password1="short", password2="different"))
    html = page(join(client))
    assert "We can send it again" in html
    (confirmation,) = emails_checked()
    assert "has given your email address" not in confirmation.body
    confirm_url = link_in(confirmation, "/accounts/confirm-email/")
    page(client.get(confirm_url))
    page(client.post(confirm_url, follow=True))
    page(client.get(reverse("account_confirm_email", args=["not-a-key"])))


def test_signing_in_before_confirming_sends_the_confirmation_again_in_our_words(client, db):
    join(client)
    client.logout()
    cache.clear()  # as if the few minutes allauth waits before sending again had passed
    before = len(mail.outbox)
    html = page(client.post(reverse("account_login"), {"login": "rosa@example.org", "password": PASSWORD}, follow=True))
    assert "Check your email" in html
    emails_checked(since=before)


def test_both_password_problems_are_shown_together_when_joining(client, db):
    html = page(join(client, password1="short", password2="different"))
    assert "too short" in html and "The two passwords are different" in html
    assert not Member.objects.filter(email="rosa@example.org").exists()


def test_joining_with_no_role_chosen_is_refused_with_a_clear_message(client, db):
    form_html = page(client.get(reverse("account_signup")))
    assert re.search(r'<option value="" selected>Choose one</option>', form_html)
    assert "gives you no powers" in form_html
    html = page(join(client, role=""))
    assert "Choose how you are involved" in html
    assert not Member.objects.filter(email="rosa@example.org").exists()


def test_joining_again_with_a_registered_address_emails_the_owner_in_our_words(client, db):
    factories.MemberFactory(email="rosa@example.org")
    page(join(client))
    emails_checked()


def test_signing_in_speaks_our_words_wrong_password_and_all(client, db):
    factories.MemberFactory(email="sam@example.org", display_name="Sam")
    html = page(client.get(reverse("account_login")))
    assert "Send me a code" in html and "Keep me signed in on this computer" in html
    page(client.post(reverse("account_login"), {"login": "sam@example.org", "password": "not-it"}))
    page(client.post(reverse("account_login"), {"login": "sam@example.org", "password": PASSWORD}, follow=True))
    page(client.get(reverse("account_logout")))
    page(client.post(reverse("account_logout"), follow=True))


def test_a_switched_off_account_is_told_in_our_words(client, db):
    factories.MemberFactory(email="off@example.org", is_active=False)
    html = page(client.post(reverse("account_login"), {"login": "off@example.org", "password": PASSWORD}, follow=True))
    assert settings.NETWORK_CONTACT_EMAIL in html


def test_signing_in_with_a_code_says_how_long_it_lasts_and_what_to_do_after_a_wrong_one(client, db):
    factories.MemberFactory(email="code@example.org")
    html = page(client.get(reverse("account_request_login_code")))
    assert "10 minutes" in html
    html = page(client.post(reverse("account_request_login_code"), {"email": "code@example.org"}, follow=True))
    assert "10 minutes" in html and "junk or spam" in html and "three times" in html
    (code_email,) = emails_checked()
    assert "10 minutes" in code_email.body
    html = page(client.post(reverse("account_confirm_login_code"), {"code": "WRONG-CODE"}))
    assert "This code is not right" in html
    before = len(mail.outbox)
    html = page(client.post(reverse("account_confirm_login_code"), {"action": "resend"}, follow=True))
    assert "Send me a new code" in html and "Use the code in the newest email" in html
    emails_checked(since=before)
    page(client.post(reverse("account_confirm_login_code"), {"code": "WRONG-CODE"}))
    # The third wrong code ends it: back to ask for a new one, told why.
    html = page(client.post(reverse("account_confirm_login_code"), {"code": "WRONG-CODE"}, follow=True))
    assert "typed wrong three times" in html and "we will send you a new code" in html
    assert "Wait five minutes" not in html  # a new code may be asked for straight away


def test_a_code_asked_for_an_unknown_address_gets_an_email_in_our_words(client, db):
    page(client.post(reverse("account_request_login_code"), {"email": "nobody@example.org"}, follow=True))
    emails_checked()


def test_a_forgotten_password_speaks_our_words_from_the_form_to_the_new_password(client, db):
    factories.MemberFactory(email="forgot@example.org")
    page(client.get(reverse("account_reset_password")))
    page(client.post(reverse("account_reset_password"), {"email": "forgot@example.org"}, follow=True))
    (reset_email,) = emails_checked()
    reset_url = link_in(reset_email, "/accounts/password/reset/key/")
    form_url = client.get(reset_url, follow=True).redirect_chain[-1][0]
    html = page(client.get(form_url))
    html = page(client.post(form_url, {"password1": "short", "password2": "different"}))
    assert "too short" in html and "The two passwords are different" in html
    before = len(mail.outbox)
    html = page(client.post(form_url, {"password1": "a-new-pass-2026", "password2": "a-new-pass-2026"}, follow=True))
    assert reverse("account_login") in html and reverse("home") in html
    emails_checked(since=before)
    page(client.get(reset_url, follow=True))  # the used link now says it does not work


def test_a_password_reset_for_an_unknown_address_gets_an_email_in_our_words(client, db):
    page(client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True))
    emails_checked()


def test_a_members_own_password_and_addresses_speak_our_words(client, db):
    member = factories.MemberFactory(email="own@example.org", display_name="Olu")
    client.force_login(member)
    page(client.get(reverse("account_change_password")))
    html = page(client.post(reverse("account_change_password"), {"oldpassword": "x", "password1": "s", "password2": "d"}))
    assert "The two passwords are different" in html
    change = {"oldpassword": PASSWORD, "password1": "a-new-pass-2026", "password2": "a-new-pass-2026"}
    html = page(client.post(reverse("account_change_password"), change, follow=True))
    assert "Your new password is saved" in html and "Your sign-in details" in html  # not the same form, empty
    emails_checked()

    html = page(client.get(reverse("account_email")))
    assert reverse("account_change_password") in html  # the profile's "your sign-in details" lead on to it
    before = len(mail.outbox)
    page(client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"}, follow=True))
    (confirmation,) = emails_checked(since=before)
    page(client.post(reverse("account_email"), {"action_send": "", "email": "second@example.org"}, follow=True))
    before = len(mail.outbox)
    client.post(link_in(confirmation, "/accounts/confirm-email/"))
    EmailAddress.objects.filter(email="second@example.org").update(verified=True)
    page(client.post(reverse("account_email"), {"action_primary": "", "email": "second@example.org"}, follow=True))
    page(client.post(reverse("account_email"), {"action_remove": "", "email": "second@example.org"}, follow=True))
    page(client.post(reverse("account_email"), {"action_remove": "", "email": "own@example.org"}, follow=True))
    emails_checked(since=before)
    page(client.get(reverse("account_reauthenticate")))


def test_a_member_without_a_password_is_asked_to_choose_one_in_our_words(client, db):
    member = factories.MemberFactory(email="nopass@example.org", display_name="Nat")
    member.set_unusable_password()
    member.save()
    client.force_login(member)
    assert reverse("account_set_password") in page(client.get(reverse("account_email")))
    page(client.get(reverse("account_set_password")))
    choose = {"password1": "a-new-pass-2026", "password2": "a-new-pass-2026"}
    page(client.post(reverse("account_set_password"), choose, follow=True))
    (told,) = emails_checked()
    assert "Your account has a password now" in told.body


def test_too_many_tries_gives_a_page_in_our_words(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    client.post(reverse("account_reset_password"), {"email": "a@example.org"})
    response = client.post(reverse("account_reset_password"), {"email": "b@example.org"})
    assert response.status_code == 429
    assert settings.NETWORK_CONTACT_EMAIL in page(response)


def test_the_check_finds_stock_words_and_title_case_headings_but_lets_people_keep_their_names():
    assert problems_in("<h1>Enter Sign-In Code</h1>") == [
        "stock phrase 'Enter Sign-In Code'", "Title Case heading 'Enter Sign-In Code'"
    ]
    assert problems_in("<h2 class='h3'>Your Next Step</h2>") == ["Title Case heading 'Your Next Step'"]
    assert problems_in("<h1>Hello, Ada Newcomer</h1>", names=["Ada Newcomer"]) == []
    assert problems_in("<h1>Hello, Ada Newcomer</h1>") != []

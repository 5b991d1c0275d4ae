import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from network.models import Member, Role
from tests import factories
from tests.factories import PASSWORD


def _link_in(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_newcomer_signs_up_gets_a_verification_email_verifies_and_is_signed_in(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Nia.Newcomer@Example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Nia",
            "role": Role.CARER,
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(email__iexact="nia.newcomer@example.org")
    assert member.display_name == "Nia" and member.role == Role.CARER
    assert not EmailAddress.objects.get(user=member).verified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia.newcomer@example.org"]

    # Not verified yet: signing in sends them back to verify, not into the site.
    client.logout()
    client.post(reverse("account_login"), {"login": "nia.newcomer@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    confirm_url = _link_in(mail.outbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=member).verified

    client.logout()
    response = client.post(reverse("account_login"), {"login": "NIA.newcomer@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_member_signs_in_with_a_code_sent_by_email(client, db):
    member = factories.MemberFactory(email="code.user@example.org")
    response = client.post(reverse("account_request_login_code"), {"email": "code.user@example.org"})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_too_many_wrong_passwords_lock_the_address_for_a_while(client, db):
    factories.MemberFactory(email="locked@example.org")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "locked@example.org", "password": "wrong-password"})
        assert response.status_code == 200
    # Even the right password is refused now, with a message saying why.
    response = client.post(reverse("account_login"), {"login": "locked@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "There have been too many tries" in response.content.decode()


def test_a_second_sign_up_with_the_same_email_in_other_letters_makes_no_account(client, db):
    factories.MemberFactory(email="sam@example.org")
    client.post(
        reverse("account_signup"),
        {"email": "SAM@Example.ORG", "password1": PASSWORD, "password2": PASSWORD, "display_name": "Sam", "role": "carer"},
    )
    # Refused without telling a stranger the address is registered: the owner is emailed instead.
    assert Member.objects.filter(email__iexact="sam@example.org").count() == 1
    assert mail.outbox[-1].to == ["sam@example.org"]
    assert "already" in mail.outbox[-1].body.lower()


def test_the_database_refuses_a_second_member_with_the_same_email_in_other_letters(db):
    factories.MemberFactory(email="alex@example.org")
    other = Member(email="ALEX@example.org", display_name="Alex again")
    with pytest.raises(ValidationError):
        other.full_clean()


def test_offline_members_need_no_email_and_cannot_sign_in(db):
    first = factories.OfflineMemberFactory(display_name="Olive")
    second = factories.OfflineMemberFactory(display_name="Owen")
    assert first.email is None and second.email is None
    assert not first.has_usable_password()


def test_the_admin_sign_in_goes_through_the_rate_limited_member_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_plain_member_signed_in_is_refused_the_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/login/").status_code == 403


def test_a_lead_reaches_the_admin(client, lead):
    client.force_login(lead)
    assert client.get("/admin/").status_code == 200


def test_password_reset_sends_an_email_with_a_link(client, db):
    factories.MemberFactory(email="forgot@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_sign_out_ends_the_session(client, member):
    client.force_login(member)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session

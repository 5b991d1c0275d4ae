"""A lead changing someone's email address: the old address is told, the new one must be confirmed before it signs
in, and the change is recorded with who made it. No account changes hands silently."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from network.models import EmailChange, Member
from tests import factories
from tests.factories import PASSWORD
from tests.test_network_profile import profile_data


@pytest.fixture
def rosa(db):
    return factories.MemberFactory(display_name="Rosa Rivers", email="rosa@example.org")


@pytest.fixture
def emails_go_out(tasks_run_at_once):
    """What the change sends once it is saved is sent at once, in this process."""


def _admin_change(client, lead, person, email):
    client.force_login(lead)
    data = {**profile_data(person, email=email), "is_active": "on",
            "consents-TOTAL_FORMS": "0", "consents-INITIAL_FORMS": "0"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("admin:network_member_change", args=[person.pk]), data)


def _signs_in(client, email):
    client.logout()
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    return "_auth_user_id" in client.session


def test_a_lead_changes_an_address_the_old_one_is_told_and_the_new_one_must_be_confirmed(
        client, lead, rosa, emails_go_out):
    answer = _admin_change(client, lead, rosa, "rosa.new@example.org")
    assert answer.status_code == 302, answer.content.decode()[:2000]
    rosa.refresh_from_db()
    assert rosa.email == "rosa.new@example.org"

    told = [m for m in mail.outbox if m.to == ["rosa@example.org"]]
    assert len(told) == 1 and "changed the email address" in told[0].body
    assert settings.NETWORK_CONTACT_EMAIL in told[0].body and told[0].reply_to == [settings.NETWORK_CONTACT_EMAIL]
    link_mail = [m for m in mail.outbox if m.to == ["rosa.new@example.org"]]
    assert len(link_mail) == 1

    change = EmailChange.objects.get(member=rosa)
    assert change.changed_by == lead and change.old_address_told_at is not None
    assert change.old_address == ""  # told, then forgotten

    # The new address signs in only after its link is used.
    assert not _signs_in(client, "rosa.new@example.org")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", link_mail[0].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=rosa).verified
    assert _signs_in(client, "rosa.new@example.org")
    assert not _signs_in(client, "rosa@example.org")


def test_an_address_another_member_uses_is_refused_on_the_form_and_nothing_changes(client, lead, rosa, member):
    answer = _admin_change(client, lead, rosa, member.email.upper())
    assert answer.status_code == 200
    assert "already a member" in answer.content.decode()
    rosa.refresh_from_db()
    assert rosa.email == "rosa@example.org" and not EmailChange.objects.exists() and not mail.outbox


def test_a_lead_cannot_change_an_administrators_address(client, lead):
    admin_person = factories.MemberFactory(email="boss@example.org", is_superuser=True, is_staff=True)
    answer = _admin_change(client, lead, admin_person, "lead@example.org")
    assert answer.status_code == 403
    admin_person.refresh_from_db()
    assert admin_person.email == "boss@example.org"


def test_adding_an_address_for_an_offline_member_needs_it_confirmed_and_tells_no_old_address(
        client, lead, offline_member, emails_go_out):
    _admin_change(client, lead, offline_member, "olive@example.org")
    offline_member.refresh_from_db()
    assert offline_member.email == "olive@example.org"
    assert [m.to for m in mail.outbox] == [["olive@example.org"]]
    assert not EmailAddress.objects.get(user=offline_member).verified
    assert EmailChange.objects.get(member=offline_member).changed_by == lead


def test_the_same_address_in_other_letters_is_no_change(client, lead, rosa):
    _admin_change(client, lead, rosa, "ROSA@example.org")
    assert not EmailChange.objects.exists() and not mail.outbox
    assert Member.objects.get(pk=rosa.pk).email == "rosa@example.org"

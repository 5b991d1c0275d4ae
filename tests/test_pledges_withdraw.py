"""Withdrawing: the signature is kept with the date, no longer counted or shown."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges.models import PledgeSignature
from pledges.selectors import pledge_figures
from tests import factories

WITHDRAW_URL = reverse("pledges:withdraw")


@pytest.fixture
def version(db):
    return factories.PledgeVersionFactory()


@pytest.fixture
def signature(member, version):
    return factories.PledgeSignatureFactory(member=member, version=version, show_on_wall=True, commitment="I will help.")


def test_withdrawing_asks_first_and_changes_nothing_until_the_button_is_pressed(client, member, signature):
    client.force_login(member)
    page = client.get(WITHDRAW_URL).content.decode()
    assert "Yes, withdraw my signature" in page
    signature.refresh_from_db()
    assert signature.withdrawn_at is None


def test_a_withdrawn_signature_is_kept_with_the_date_and_no_longer_counted_or_shown(client, member, signature):
    client.force_login(member)
    response = client.post(WITHDRAW_URL)
    assert response.status_code == 302 and response["Location"] == reverse("pledges:pledge")
    signature.refresh_from_db()
    assert signature.withdrawn_at is not None
    assert timezone.now() - signature.withdrawn_at < dt.timedelta(minutes=1)
    assert PledgeSignature.objects.filter(pk=signature.pk).exists()
    assert pledge_figures().current == 0
    page = client.get(reverse("pledges:pledge")).content.decode()
    assert "0 members have taken this pledge." in page
    assert "I will help." not in page
    assert "Your signature has been withdrawn" in page


def test_withdrawing_takes_back_earlier_versions_too_so_no_reaffirm_banner_follows(client, member, version):
    earlier = factories.PledgeVersionFactory(published_at=version.published_at - dt.timedelta(days=60))
    factories.PledgeSignatureFactory(member=member, version=earlier)
    client.force_login(member)
    client.post(WITHDRAW_URL)
    assert not PledgeSignature.objects.filter(member=member).standing().exists()
    assert pledge_figures().earlier_only == 0


def test_a_member_who_withdrew_can_take_the_pledge_again(client, member, signature, version):
    client.force_login(member)
    client.post(WITHDRAW_URL)
    response = client.post(reverse("pledges:sign"), {"version": version.pk, "commitment": "I will try again."})
    assert response["Location"] == reverse("pledges:signed")
    signature.refresh_from_db()
    assert signature.withdrawn_at is None and signature.commitment == "I will try again."
    assert PledgeSignature.objects.filter(member=member).count() == 1


def test_withdrawing_without_a_signature_says_there_is_nothing_to_withdraw(client, member, version):
    client.force_login(member)
    response = client.post(WITHDRAW_URL, follow=True)
    assert "nothing to withdraw" in response.content.decode()


def test_withdrawing_touches_only_your_own_signature(client, member, signature, other_member, version):
    theirs = factories.PledgeSignatureFactory(member=other_member, version=version)
    client.force_login(member)
    client.post(WITHDRAW_URL)
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None

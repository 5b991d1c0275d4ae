"""A printable certificate for a member who signed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories


@pytest.fixture
def signature(member):
    version = factories.PledgeVersionFactory(title="Our pledge", text="We will share power.")
    return factories.PledgeSignatureFactory(member=member, version=version, commitment="I will listen first.")


def test_a_member_who_signed_gets_a_printable_certificate_with_their_name_and_commitment(client, member, signature):
    client.force_login(member)
    response = client.get(reverse("pledges:certificate", args=[signature.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mo Member" in page and "I will listen first." in page and "We will share power." in page
    assert "data-print-page" in page and "js/page-tools.js" in page
    assert page.count("<h1") == 1
    assert "onclick" not in page


def test_my_certificate_takes_a_member_to_their_own(client, member, signature):
    client.force_login(member)
    response = client.get(reverse("pledges:my_certificate"))
    assert response["Location"] == reverse("pledges:certificate", args=[signature.pk])


def test_a_member_who_has_not_signed_is_sent_to_the_pledge_page(client, other_member, signature):
    client.force_login(other_member)
    response = client.get(reverse("pledges:my_certificate"))
    assert response["Location"] == reverse("pledges:pledge")


def test_a_withdrawn_signature_has_no_certificate(client, member, signature):
    signature.withdrawn_at = timezone.now()
    signature.save()
    client.force_login(member)
    assert client.get(reverse("pledges:certificate", args=[signature.pk])).status_code == 404


def test_a_lead_can_print_a_certificate_for_an_offline_member(client, lead, offline_member):
    signature = factories.PledgeSignatureFactory(member=offline_member)
    client.force_login(lead)
    page = client.get(reverse("pledges:certificate", args=[signature.pk])).content.decode()
    assert "Olive Offline" in page

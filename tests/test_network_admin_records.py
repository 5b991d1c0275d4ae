"""What a lead records in the admin follows the same rules as the site: consents are added only when the answer
changes, and an enquiry keeps the time and person of its first reply."""

import pytest
from django.urls import reverse

from network.models import Consent, ConsentKind, Enquiry
from tests import factories


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def _member_page_with_one_consent(member, kind, given, how):
    return {
        "display_name": member.display_name, "email": member.email, "role": member.role, "pronouns": "",
        "preferred_contact": "email", "phone": "", "postal_address": "", "access_needs_notes": "", "is_active": "on",
        "consents-TOTAL_FORMS": "1", "consents-INITIAL_FORMS": "0",
        "consents-0-kind": kind, "consents-0-given": "on" if given else "", "consents-0-how": how,
    }


def test_a_consent_added_in_the_admin_is_recorded_with_the_lead_who_recorded_it(lead_client, lead, member):
    response = lead_client.post(reverse("admin:network_consent_add"), {
        "member": member.pk, "kind": ConsentKind.PHOTOGRAPHS, "given": "on", "how": "Asked at the meeting",
    })
    assert response.status_code == 302
    consent = Consent.objects.get(member=member, kind=ConsentKind.PHOTOGRAPHS)
    assert consent.given and consent.recorded_by == lead and consent.how == "Asked at the meeting"


def test_the_same_answer_again_in_the_admin_adds_nothing_and_the_lead_is_told(lead_client, member):
    url = reverse("admin:network_consent_add")
    data = {"member": member.pk, "kind": ConsentKind.PHOTOGRAPHS, "given": "on", "how": "By phone"}
    lead_client.post(url, data)
    response = lead_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Nothing changed: that was already their answer." in response.content.decode()
    assert Consent.objects.filter(member=member, kind=ConsentKind.PHOTOGRAPHS).count() == 1


def test_a_consent_added_on_the_members_admin_page_is_recorded_once_with_the_lead(lead_client, lead, member):
    url = reverse("admin:network_member_change", args=[member.pk])
    before = Consent.objects.filter(member=member, kind=ConsentKind.CONTACT).count()
    data = _member_page_with_one_consent(member, ConsentKind.CONTACT, given=False, how="Told us by letter")
    assert lead_client.post(url, data).status_code == 302
    latest = Consent.objects.filter(member=member, kind=ConsentKind.CONTACT).order_by("-recorded_at", "-pk").first()
    assert latest.given is False and latest.recorded_by == lead and latest.how == "Told us by letter"

    assert lead_client.post(url, data).status_code == 302  # the same answer again
    assert Consent.objects.filter(member=member, kind=ConsentKind.CONTACT).count() == before + 1


def test_ticking_replied_on_an_enquiry_keeps_who_replied_first_and_unticking_clears_it(client, lead, db):
    other_lead = factories.LeadFactory()
    enquiry = Enquiry.objects.create(name="Sam", email="sam@example.org", phone="", message="How do I join?")
    url = reverse("admin:network_enquiry_change", args=[enquiry.pk])

    client.force_login(lead)
    assert client.post(url, {"answered": "on", "notes": "Rang Sam back"}).status_code == 302
    enquiry.refresh_from_db()
    first_reply = enquiry.answered_at
    assert enquiry.answered_by == lead and first_reply is not None and enquiry.notes == "Rang Sam back"

    client.force_login(other_lead)
    assert client.post(url, {"answered": "on", "notes": "Sent the Easy Read leaflet too"}).status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.answered_by, enquiry.answered_at) == (lead, first_reply)
    assert enquiry.notes == "Sent the Easy Read leaflet too"

    assert client.post(url, {"notes": "Sam has not had the leaflet after all"}).status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.answered_at is None and enquiry.answered_by is None

"""The profile each member edits: details, access needs, consents with history, notification and directory choices."""

import re

import pytest
from django.urls import reverse

from network.models import AccessNeed, Consent, ConsentKind, ContactMethod, Member, Role

URL = reverse("network:profile")


def profile_data(member, **changes):
    data = {
        "display_name": member.display_name,
        "pronouns": member.pronouns,
        "role": member.role,
        "phone": member.phone,
        "preferred_contact": member.preferred_contact,
        "postal_address": member.postal_address,
        "access_needs": member.access_needs,
        "access_needs_notes": member.access_needs_notes,
    }
    for flag in ["wants_meeting_reminders", "wants_meeting_digests", "wants_weekly_digest", "in_directory",
                 "show_role_in_directory"]:
        if getattr(member, flag):
            data[flag] = "on"
    for kind in ConsentKind.values:
        if member.has_consented(kind):
            data[f"consent_{kind}"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None and value is not False}


def test_anonymous_visitor_is_sent_to_sign_in_for_the_profile(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["member", "lead"])
def test_each_signed_in_person_sees_their_own_profile(client, request, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert person.display_name in page
    assert page.count("<h1") == 1


def test_offline_member_cannot_sign_in_to_reach_a_profile(client, offline_member):
    assert not offline_member.has_usable_password()
    assert client.login(email=None, password="anything") is False


def test_member_saves_pronouns_phone_contact_preference_and_notification_choices(client, member):
    client.force_login(member)
    data = profile_data(
        member, pronouns="they/them", phone="+44 7700 900123", preferred_contact=ContactMethod.TEXT,
        wants_weekly_digest=None,
    )
    data.pop("wants_weekly_digest", None)
    response = client.post(URL, data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.pronouns == "they/them"
    assert member.phone == "07700 900123"
    assert member.preferred_contact == ContactMethod.TEXT
    assert member.wants_weekly_digest is False
    assert member.wants_meeting_reminders is True


def test_access_needs_are_shown_as_tick_boxes_and_saved_with_free_text(client, member):
    client.force_login(member)
    page = client.get(URL).content.decode()
    boxes = re.findall(r'<input type="checkbox"[^>]*name="access_needs"', page)
    assert len(boxes) == len(AccessNeed.choices)
    assert "Easy Read papers" in page and "British Sign Language interpreter" in page
    client.post(URL, profile_data(member, access_needs=[AccessNeed.HEARING_LOOP, AccessNeed.EASY_READ],
                                  access_needs_notes="I bring my assistance dog."))
    member.refresh_from_db()
    assert member.access_needs == [AccessNeed.EASY_READ, AccessNeed.HEARING_LOOP]
    assert member.access_needs_notes == "I bring my assistance dog."


def test_giving_a_consent_records_the_date_and_that_the_member_gave_it(client, member):
    client.force_login(member)
    client.post(URL, profile_data(member, consent_photographs="on"))
    row = Consent.objects.get(member=member, kind=ConsentKind.PHOTOGRAPHS)
    assert row.given is True
    assert row.recorded_by == member
    assert row.recorded_at is not None
    assert "You agreed on" in client.get(URL).content.decode()


def test_withdrawing_a_consent_keeps_the_earlier_agreement_in_the_history(client, member):
    client.force_login(member)
    client.post(URL, profile_data(member, consent_contact="on"))
    data = profile_data(member)
    data.pop("consent_contact")
    client.post(URL, data)
    rows = list(Consent.objects.filter(member=member, kind=ConsentKind.CONTACT).order_by("recorded_at", "pk"))
    assert [row.given for row in rows] == [True, False]
    assert member.has_consented(ConsentKind.CONTACT) is False
    page = client.get(URL).content.decode()
    assert "Agreed" in page and "Did not agree, or withdrew" in page


def test_saving_without_changing_a_consent_adds_no_history(client, member):
    client.force_login(member)
    client.post(URL, profile_data(member, consent_contact="on"))
    client.post(URL, profile_data(member, pronouns="she/her"))
    assert Consent.objects.filter(member=member).count() == 1


@pytest.mark.parametrize("bad_phone", ["12345", "07700 90012", "+1 202 555 0143", "call me maybe"])
def test_a_malformed_phone_number_gets_a_clear_message_and_saves_nothing(client, member, bad_phone):
    client.force_login(member)
    response = client.post(URL, profile_data(member, phone=bad_phone, pronouns="he/him", consent_contact="on"))
    assert response.status_code == 200
    assert "Please enter a UK phone number" in response.content.decode()
    member.refresh_from_db()
    assert member.phone == "" and member.pronouns == ""
    assert not Consent.objects.filter(member=member).exists()


def test_an_over_long_name_gets_a_message_and_saves_nothing(client, member):
    client.force_login(member)
    original = member.display_name
    response = client.post(URL, profile_data(member, display_name="x" * 121, pronouns="she/her"))
    assert "Ensure this value has at most 120 characters" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == original and member.pronouns == ""


def test_an_over_long_note_about_access_gets_a_message_and_saves_nothing(client, member):
    client.force_login(member)
    response = client.post(URL, profile_data(member, access_needs_notes="y" * 1001))
    assert "at most 1000 characters" in response.content.decode()
    member.refresh_from_db()
    assert member.access_needs_notes == ""


def test_choosing_text_messages_needs_a_mobile_number(client, member):
    client.force_login(member)
    response = client.post(URL, profile_data(member, phone="0161 496 0000", preferred_contact=ContactMethod.TEXT))
    assert "Text messages need a mobile number" in response.content.decode()
    member.refresh_from_db()
    assert member.preferred_contact == ContactMethod.EMAIL


def test_choosing_post_needs_a_postal_address(client, member):
    client.force_login(member)
    response = client.post(URL, profile_data(member, preferred_contact=ContactMethod.POST))
    assert "Please give a postal address" in response.content.decode()
    assert Member.objects.get(pk=member.pk).preferred_contact == ContactMethod.EMAIL


def test_member_changes_their_own_role_and_directory_choices(client, member):
    client.force_login(member)
    client.post(URL, profile_data(member, role=Role.PEER_SUPPORT, in_directory="on", show_role_in_directory="on"))
    member.refresh_from_db()
    assert member.role == Role.PEER_SUPPORT
    assert member.in_directory and member.show_role_in_directory


def test_the_menu_links_to_the_profile(client, member):
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in page

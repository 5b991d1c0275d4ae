"""The network page (about text and principles), the contact form, and blockages to getting involved."""

import pytest
from django.core import mail
from django.urls import reverse

from coproduction.celery import app as celery_app
from network import services, tasks
from network.models import Blockage, Enquiry, NetworkPage

ABOUT = reverse("network:about")
EDIT_ABOUT = reverse("network:edit_about")
CONTACT = reverse("network:contact")
BLOCKAGES = reverse("network:blockages")


@pytest.fixture
def tasks_run_inline():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def enquiry_data(**changes):
    data = {"name": "Pat Public", "email": "pat@example.org", "phone": "", "message": "Can I bring my carer?"}
    data.update(changes)
    return data


# --- the network page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "member", "lead"])
def test_everyone_sees_the_about_text_and_the_seven_principles(client, request, who, db):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(ABOUT)
    page = response.content.decode()
    assert response.status_code == 200
    assert "We work as equals" in page
    assert len(response.context["principles"]) == 7
    assert "Sharing power fairly" in page
    assert page.count("<h1") == 1


def test_principles_shown_are_the_ones_leads_edit_in_projects_not_a_copy(client, db):
    from django.apps import apps

    principle = apps.get_model("projects", "Principle").objects.order_by("order").first()
    principle.name = "Power shared, really"
    principle.save()
    assert "Power shared, really" in client.get(ABOUT).content.decode()


def test_only_leads_see_the_link_to_change_the_page(client, member, lead):
    client.force_login(member)
    assert EDIT_ABOUT not in client.get(ABOUT).content.decode()
    client.force_login(lead)
    assert EDIT_ABOUT in client.get(ABOUT).content.decode()


def test_anonymous_visitor_is_sent_to_sign_in_to_edit_the_page(client, db):
    response = client.get(EDIT_ABOUT)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["member", "other_member", "staff_member", "project_lead"])
def test_members_who_are_not_leads_cannot_edit_the_page(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(EDIT_ABOUT).status_code == 403
    assert client.post(EDIT_ABOUT, {"about": "Taken over"}).status_code == 403
    assert "Taken over" not in NetworkPage.load().about


def test_a_lead_edits_the_about_text(client, lead):
    client.force_login(lead)
    assert client.get(EDIT_ABOUT).status_code == 200
    client.post(EDIT_ABOUT, {"about": "We meet every second Tuesday."})
    page = NetworkPage.load()
    assert page.about == "We meet every second Tuesday." and page.updated_by == lead
    assert "We meet every second Tuesday." in client.get(ABOUT).content.decode()


def test_empty_about_text_gets_a_message_and_changes_nothing(client, lead):
    client.force_login(lead)
    before = NetworkPage.load().about
    response = client.post(EDIT_ABOUT, {"about": ""})
    assert "This field is required" in response.content.decode()
    assert NetworkPage.load().about == before


# --- the contact form -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "member", "lead"])
def test_everyone_can_open_the_contact_form(client, request, who, db):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(CONTACT)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_someone_not_signed_in_sends_a_message_that_is_stored_and_emailed_to_the_leads(
    client, lead, tasks_run_inline, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(CONTACT, enquiry_data())
    assert response.status_code == 302 and response["Location"] == reverse("network:contact_thanks")
    assert len(callbacks) == 1  # the email goes only once the enquiry is committed
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Pat Public" and enquiry.sent_by is None
    assert enquiry.leads_notified_at is not None
    message = mail.outbox[-1]
    assert message.to == [lead.email]
    assert message.reply_to == ["pat@example.org"]
    assert "Can I bring my carer?" in message.body
    assert message.alternatives[0][1] == "text/html" and "Can I bring my carer?" in message.alternatives[0][0]


def test_no_email_is_queued_until_the_enquiry_is_committed(client, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(CONTACT, enquiry_data())
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_telling_the_leads_twice_sends_one_email(lead):
    enquiry = Enquiry.objects.create(name="Pat", email="pat@example.org", message="Hello")
    assert tasks.tell_leads_about_enquiry(enquiry.pk) == 1
    assert tasks.tell_leads_about_enquiry(enquiry.pk) == 0
    assert len(mail.outbox) == 1


def test_with_no_leads_yet_the_network_address_gets_the_message(db, settings):
    enquiry = Enquiry.objects.create(name="Pat", phone="07700 900123", message="Hello")
    tasks.tell_leads_about_enquiry(enquiry.pk)
    assert mail.outbox[-1].to == [settings.NETWORK_CONTACT_EMAIL]


def test_a_message_without_any_way_to_reply_gets_a_message_and_saves_nothing(client, db):
    response = client.post(CONTACT, enquiry_data(email=""))
    assert response.status_code == 400
    assert "Please give an email address or a phone number" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_a_malformed_phone_or_over_long_message_gets_a_message_and_saves_nothing(client, db):
    response = client.post(CONTACT, enquiry_data(phone="555-CALL-ME", message="z" * 3001))
    page = response.content.decode()
    assert "Please enter a UK phone number" in page and "at most 3000 characters" in page
    assert not Enquiry.objects.exists()


def test_the_contact_form_is_throttled_per_address_with_a_plain_message(client, db):
    for _ in range(services.ENQUIRIES_PER_HOUR):
        assert client.post(CONTACT, enquiry_data()).status_code == 302
    response = client.post(CONTACT, enquiry_data(), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()
    assert Enquiry.objects.count() == services.ENQUIRIES_PER_HOUR
    # Someone else, on another address, is not held up.
    assert client.post(CONTACT, enquiry_data(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_a_signed_in_member_finds_their_details_filled_in(client, member):
    client.force_login(member)
    response = client.get(CONTACT)
    assert response.context["form"].initial["email"] == member.email


# --- blockages to getting involved -----------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_to_raise_a_blockage(client, db):
    response = client.get(BLOCKAGES)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["member", "other_member", "lead"])
def test_every_signed_in_member_can_raise_a_blockage(client, request, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    assert client.get(BLOCKAGES).status_code == 200
    response = client.post(BLOCKAGES, {"you_said": "Meetings are always in the daytime.", "may_share": "on"})
    assert response.status_code == 302
    assert Blockage.objects.get().raised_by == person


def test_an_empty_or_over_long_blockage_gets_a_message_and_saves_nothing(client, member):
    client.force_login(member)
    assert "This field is required" in client.post(BLOCKAGES, {"you_said": ""}).content.decode()
    assert "at most 2000 characters" in client.post(BLOCKAGES, {"you_said": "w" * 2001}).content.decode()
    assert not Blockage.objects.exists()


def test_a_lead_answers_in_the_admin_and_the_member_sees_you_said_we_did(client, member, lead):
    blockage = services.raise_blockage(member=member, you_said="The venue has no lift.")
    client.force_login(lead)
    change_url = reverse("admin:network_blockage_change", args=[blockage.pk])
    assert client.get(change_url).status_code == 200
    response = client.post(change_url, {"we_did": "We moved the meetings to the ground floor."})
    assert response.status_code == 302
    blockage.refresh_from_db()
    assert blockage.answered_by == lead and blockage.answered_at is not None
    client.force_login(member)
    page = client.get(BLOCKAGES).content.decode()
    assert "The venue has no lift." in page and "We moved the meetings to the ground floor." in page


def test_a_lead_cannot_answer_with_nothing(client, member, lead):
    blockage = services.raise_blockage(member=member, you_said="Too many emails.")
    client.force_login(lead)
    response = client.post(reverse("admin:network_blockage_change", args=[blockage.pk]), {"we_did": "  "})
    assert "Please write what was done" in response.content.decode()
    blockage.refresh_from_db()
    assert blockage.answered_at is None


def test_members_see_only_their_own_blockages_and_shared_answers_without_names(client, member, other_member, lead):
    services.raise_blockage(member=other_member, you_said="Private worry", may_share=False)
    shared = services.raise_blockage(member=other_member, you_said="Papers come too late", may_share=True)
    services.answer_blockage(blockage=shared, we_did="Papers now go out ten days ahead.", answered_by=lead)
    client.force_login(member)
    page = client.get(BLOCKAGES).content.decode()
    assert "Private worry" not in page
    assert "Papers now go out ten days ahead." in page
    assert other_member.display_name not in page
    assert "Papers now go out ten days ahead." in client.get(ABOUT).content.decode()


def test_members_who_are_not_leads_cannot_answer_blockages_in_the_admin(client, member):
    blockage = services.raise_blockage(member=member, you_said="Hard to hear.")
    client.force_login(member)
    response = client.get(reverse("admin:network_blockage_change", args=[blockage.pk]))
    assert response.status_code == 302  # to the admin sign-in: members are not staff


def test_leads_see_every_blockage_in_the_admin_list(client, lead, member, other_member):
    services.raise_blockage(member=member, you_said="Bus fares are too high.")
    services.raise_blockage(member=other_member, you_said="I cannot read small print.", may_share=False)
    client.force_login(lead)
    page = client.get(reverse("admin:network_blockage_changelist")).content.decode()
    assert "Bus fares are too high." in page and "I cannot read small print." in page


def test_raising_a_blockage_emails_the_leads_once_after_it_is_saved(
    client, member, lead, tasks_run_inline, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BLOCKAGES, {"you_said": "The lift is often broken."})
    blockage = Blockage.objects.get()
    assert blockage.leads_notified_at is not None
    assert mail.outbox[-1].to == [lead.email] and "The lift is often broken." in mail.outbox[-1].body
    assert tasks.tell_leads_about_blockage(blockage.pk) == 0
    assert len(mail.outbox) == 1


def test_the_member_is_emailed_the_answer_once_with_both_parts(
    member, lead, tasks_run_inline, django_capture_on_commit_callbacks
):
    blockage = Blockage.objects.create(raised_by=member, you_said="Too many emails.")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_blockage(blockage=blockage, we_did="We send one weekly email now.", answered_by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_blockage(blockage=blockage, we_did="We send one weekly email, on Mondays.", answered_by=lead)
    to_member = [m for m in mail.outbox if m.to == [member.email]]
    assert len(to_member) == 1
    assert "We send one weekly email now." in to_member[0].body
    assert to_member[0].alternatives[0][1] == "text/html"


def test_a_lead_can_edit_the_principles_in_the_admin(client, lead):
    from django.apps import apps

    principle = apps.get_model("projects", "Principle").objects.first()
    client.force_login(lead)
    assert client.get(reverse("admin:projects_principle_change", args=[principle.pk])).status_code == 200

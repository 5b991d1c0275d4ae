"""The network's own emails (an invitation, a contact-form message and a blockage to the leads, the answer to a
blockage, the word to an address an email change replaced) go through the delivery ledger: each person gets each one
once, whether the task runs twice or the mail server hangs up halfway, with a text and an HTML part in the network's
email layout."""


import pytest
from django.conf import settings
from django.core import mail

from network import tasks
from network.models import Blockage, EmailChange, Enquiry, JoinInvitation
from notifications import services as notifications
from notifications.models import Delivery
from tests import factories
from tests.mail_servers import MailServerThatDropsTheSecondMessage


@pytest.fixture
def mail_server_drops_the_second_message(settings):
    MailServerThatDropsTheSecondMessage.accepted = 0
    MailServerThatDropsTheSecondMessage.dropped = False
    settings.EMAIL_BACKEND = "tests.mail_servers.MailServerThatDropsTheSecondMessage"


@pytest.fixture
def three_leads(db):
    return [factories.LeadFactory() for _ in range(3)]


def _answered_blockage(member, lead):
    from django.utils import timezone

    return Blockage.objects.create(raised_by=member, you_said="The lift is broken.", we_did="We fixed it.",
                                   answered_by=lead, answered_at=timezone.now())


def _in_the_network_layout(message):
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert message.body.strip() and "<html" not in message.body
    assert f'aria-label="{settings.NETWORK_NAME}"' in html and "<p><strong>" in html
    return True


def test_an_invitation_is_sent_once_in_the_network_layout_even_if_the_task_runs_twice(lead):
    invitation = JoinInvitation.objects.create(email="twice@example.org", invited_by=lead)
    tasks.send_invitation(invitation.pk)
    tasks.send_invitation(invitation.pk)
    notifications.send_pending()
    assert [m.to for m in mail.outbox] == [["twice@example.org"]]
    assert _in_the_network_layout(mail.outbox[0])
    delivery = Delivery.objects.get()
    assert delivery.member is None and delivery.to_address == "twice@example.org"
    assert delivery.status == Delivery.Status.SENT


def test_an_invitation_accepted_before_its_email_goes_is_not_sent(lead):
    invitation = JoinInvitation.objects.create(email="quick@example.org", invited_by=lead)
    notifications.queue_for_recipients(kind="network_invitation", object_id=invitation.pk, occasion="invited")
    JoinInvitation.objects.filter(pk=invitation.pk).update(accepted_at="2026-01-01T00:00:00Z")
    notifications.send_pending()
    assert mail.outbox == []
    assert Delivery.objects.get().skip_reason == Delivery.SkipReason.STALE


def test_each_lead_gets_a_contact_form_message_once_when_the_mail_server_hangs_up_midway(
        three_leads, mail_server_drops_the_second_message):
    enquiry = Enquiry.objects.create(name="Pat", email="pat@example.org", message="Can I bring my carer?")
    assert tasks.tell_leads_about_enquiry(enquiry.pk) == 3  # queued for each lead; one went before the hang-up
    assert len(mail.outbox) == 1
    notifications.send_pending()  # what the retry (or the next scan) does
    assert tasks.tell_leads_about_enquiry(enquiry.pk) == 0
    notifications.send_pending()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(lead.email for lead in three_leads)
    assert all(m.reply_to == ["pat@example.org"] and _in_the_network_layout(m) for m in mail.outbox)


def test_each_lead_gets_a_blockage_once_when_the_mail_server_hangs_up_midway(
        three_leads, member, mail_server_drops_the_second_message):
    blockage = Blockage.objects.create(raised_by=member, you_said="Meetings are too early.")
    tasks.tell_leads_about_blockage(blockage.pk)
    notifications.send_pending()
    tasks.tell_leads_about_blockage(blockage.pk)
    notifications.send_pending()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(lead.email for lead in three_leads)
    assert all("Meetings are too early." in m.body and _in_the_network_layout(m) for m in mail.outbox)


def test_with_no_leads_a_blockage_goes_once_to_the_network_address(member):
    blockage = Blockage.objects.create(raised_by=member, you_said="Too far to travel.")
    assert tasks.tell_leads_about_blockage(blockage.pk) == 1
    assert tasks.tell_leads_about_blockage(blockage.pk) == 0
    assert [m.to for m in mail.outbox] == [[settings.NETWORK_CONTACT_EMAIL]]


def test_the_answer_to_a_blockage_reaches_the_member_once_after_a_failed_send(member, lead, settings):
    blockage = _answered_blockage(member, lead)
    settings.EMAIL_BACKEND = "tests.mail_servers.MailServerThatDropsTheSecondMessage"
    MailServerThatDropsTheSecondMessage.accepted, MailServerThatDropsTheSecondMessage.dropped = 1, False
    assert tasks.tell_member_about_answer(blockage.pk) == 1  # queued; the server hung up before taking it
    assert mail.outbox == []
    assert tasks.tell_member_about_answer(blockage.pk) == 0
    notifications.send_pending()
    notifications.send_pending()
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "We fixed it." in mail.outbox[0].body and _in_the_network_layout(mail.outbox[0])


def test_the_old_address_of_an_email_change_is_told_once_and_then_forgotten_by_the_ledger_too(
        lead, settings, mail_server_drops_the_second_message):
    rosa = factories.MemberFactory(email="rosa.new@example.org")
    change = EmailChange.objects.create(member=rosa, changed_by=lead, old_address="rosa@example.org")
    MailServerThatDropsTheSecondMessage.accepted = 1  # the server hangs up on this very message
    tasks.tell_old_address_of_email_change(change.pk)
    assert mail.outbox == []
    assert Delivery.objects.get().to_address == "rosa@example.org"  # kept only until it has gone
    tasks.tell_old_address_of_email_change(change.pk)
    notifications.send_pending()
    notifications.send_pending()
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    assert _in_the_network_layout(mail.outbox[0])
    change.refresh_from_db()
    delivery = Delivery.objects.get()
    assert change.old_address == "" and delivery.to_address == "" and delivery.status == Delivery.Status.SENT
    assert "rosa@example.org" not in str(delivery)

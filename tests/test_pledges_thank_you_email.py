"""The thank-you for taking the pledge goes through the delivery ledger: sent once, even when asked for twice or
when the mail server is not taking messages at the moment of signing, in the network's email layout."""

import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem

from notifications import services as notifications
from notifications.models import Delivery
from pledges import services
from tests import factories


class _MailServerDown(locmem.EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def version(db):
    return factories.PledgeVersionFactory(title="Our pledge", text="We will work as equals.")


def test_the_thank_you_is_sent_once_in_the_network_layout_when_asked_for_twice(member, version):
    signature = services.sign_pledge(member=member, version=version, commitment="I will listen first.")
    services.send_signature_confirmation(signature_id=signature.pk)
    services.send_signature_confirmation(signature_id=signature.pk)
    notifications.send_pending()
    assert [m.to for m in mail.outbox] == [[member.email]]
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html" and "I will listen first." in mail.outbox[0].body
    assert f"<p><strong>{settings.NETWORK_NAME}</strong></p>" in html and "I will listen first." in html


def test_a_thank_you_the_mail_server_refused_goes_once_with_the_next_scan(member, version, settings):
    signature = services.sign_pledge(member=member, version=version)
    settings.EMAIL_BACKEND = f"{__name__}._MailServerDown"
    services.send_signature_confirmation(signature_id=signature.pk)  # the server is down: it waits
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notifications.send_pending()
    notifications.send_pending()
    services.send_signature_confirmation(signature_id=signature.pk)
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_a_signature_withdrawn_before_the_thank_you_goes_gets_none(member, version):
    signature = services.sign_pledge(member=member, version=version)
    notifications.queue_for_recipients(kind="pledge_signed", object_id=signature.pk, occasion="signed")
    services.withdraw_signature(member=member)
    notifications.send_pending()
    assert mail.outbox == []

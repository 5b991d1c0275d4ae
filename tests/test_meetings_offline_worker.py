"""Members who do not use email, through the real parts: PostgreSQL, a Redis broker, a Celery worker process and an
SMTP server. An offline member added after a meeting was published is invited at once and is on their lead's list
of people to phone or write to by the end of one scan, and on it once.

The data is committed (transactional_db) so the worker, which connects to the same test database, sees it.
"""

import pytest

from meetings import services
from meetings.models import Invitation, Meeting
from network import services as network_services
from notifications.models import Delivery, Kind
from notifications.tasks import scan_due_notifications
from tests import factories
from tests.services import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _text(message):
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode().replace("\r\n", "\n")


def _lists_naming(handler, lead, name):
    return [m for m in list(handler.messages) if m["To"] == lead.email and name in _text(m)]


def test_an_offline_member_added_after_publishing_is_on_the_leads_list_within_one_scan(worker_and_mail, lead):
    meeting = factories.MeetingFactory(title="Planning the new year", status=Meeting.Status.DRAFT,
                                       audience=Meeting.Audience.NETWORK)
    services.publish_and_invite(meeting=meeting, by=lead)
    wait_for(lambda: len(worker_and_mail.messages) == 1, message="the lead's own invitation")

    agnes = factories.MemberFactory.build(display_name="Agnes Added", email=None, phone="01632 960555",
                                          postal_address="3 Mill Lane\nAnytown")
    network_services.create_offline_member(lead=lead, member=agnes, consents={})
    assert Invitation.objects.filter(meeting=meeting, member=agnes).exists()  # invited at once

    scan_due_notifications.delay().get(timeout=30)  # one scan of the reminders task
    wait_for(lambda: _lists_naming(worker_and_mail, lead, "Agnes Added"), message="the lead's list naming Agnes")
    listed = _lists_naming(worker_and_mail, lead, "Agnes Added")[0]
    body = _text(listed)
    assert "Please invite them to Planning the new year" in body
    assert "    3 Mill Lane\n    Anytown\n" in body
    assert f"/meetings/{meeting.pk}/phone-and-post/" in body

    scan_due_notifications.delay().get(timeout=30)  # another scan lists her again for nothing
    wait_for(lambda: not Delivery.objects.claimable().exists(), message="the ledger to settle")
    assert len(_lists_naming(worker_and_mail, lead, "Agnes Added")) == 1
    assert Delivery.objects.filter(kind=Kind.OFFLINE_CONTACT_LIST, member=lead).count() == 1

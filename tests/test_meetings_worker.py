"""Meeting emails through the real parts: PostgreSQL, a Redis broker, a Celery worker process and an SMTP server.

The data is committed (transactional_db) so the worker, which connects to the same test database, sees it.
"""

import pytest
from icalendar import Calendar

from meetings import services
from meetings.models import Invitation, Meeting
from tests import factories
from tests.services import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_publishing_and_cancelling_send_invitations_then_cancellations_through_the_worker(worker_and_mail, lead):
    member = factories.MemberFactory(display_name="Mo Member")
    factories.OfflineMemberFactory(display_name="Olive Offline")
    meeting = factories.MeetingFactory(title="Planning the new year", status=Meeting.Status.DRAFT,
                                       audience=Meeting.Audience.NETWORK)
    services.publish_and_invite(meeting=meeting, by=lead)
    wait_for(lambda: len(worker_and_mail.messages) == 3,
             message="two invitations and the lead's list (the offline member gets no email)")
    assert sorted(worker_and_mail.recipients()) == sorted([lead.email, lead.email, member.email])
    # Sent by email, or put on the lead's list for the person who does not use email.
    assert Invitation.objects.filter(meeting=meeting, invitation_sent_at__isnull=False).count() == 3

    services.cancel_meeting(meeting=meeting, by=lead, reason="The venue flooded.")
    wait_for(lambda: len(worker_and_mail.messages) == 6, message="two cancellations and the lead's list")
    cancellation = next(m for m in reversed(worker_and_mail.messages) if m["Subject"].startswith("Cancelled"))
    assert "Cancelled" in cancellation["Subject"]
    parts = {part.get_content_type(): part for part in cancellation.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
    calendar = Calendar.from_ical(parts["text/calendar"].get_payload(decode=True))
    assert str(calendar["method"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"

"""Celery tasks for meeting emails: thin wrappers that take ids, re-read the state and send.

Offline members get no email: they are on their lead's phone and post list instead.
The exactly-once delivery ledger (network.notifications) will take over the sending; until then invitation
emails are marked as sent on the invitation row so a retry does not send them twice.
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.core.mail import get_connection
from django.utils import timezone

log = logging.getLogger(__name__)

RETRY = {"bind": True, "acks_late": True, "autoretry_for": (SMTPException, OSError), "retry_backoff": True,
         "max_retries": 5}


def _with_email(invitations):
    return [i for i in invitations if i.member.email and i.member.is_active]


def _send_all(messages):
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


@shared_task(**RETRY)
def send_invitations(self, meeting_id):
    from . import emails
    from .models import Invitation, Meeting

    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.PUBLISHED).first()
    if meeting is None or meeting.is_past:
        return 0
    invitations = _with_email(
        Invitation.objects.filter(meeting=meeting, invitation_sent_at__isnull=True).select_related("member", "meeting")
    )
    sent = 0
    with get_connection() as connection:
        for invitation in invitations:
            message = emails.invitation_email(invitation)
            message.connection = connection
            message.send()
            Invitation.objects.filter(pk=invitation.pk).update(invitation_sent_at=timezone.now())
            sent += 1
    log.info("meetings: sent %s invitations for meeting %s", sent, meeting_id)
    return sent


@shared_task(**RETRY)
def send_meeting_changed(self, meeting_id, sequence):
    from . import emails
    from .models import Invitation, Meeting

    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.PUBLISHED, sequence=sequence).first()
    if meeting is None or meeting.is_past:
        return 0  # changed again since, or cancelled: a later email says so
    invitations = _with_email(
        Invitation.objects.filter(meeting=meeting, invitation_sent_at__isnull=False)
        .exclude(response=Invitation.Response.APOLOGIES)
        .select_related("member", "meeting")
    )
    return _send_all([emails.changed_email(i) for i in invitations])


@shared_task(**RETRY)
def send_cancellation(self, meeting_id):
    from . import emails
    from .models import Invitation, Meeting

    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.CANCELLED).first()
    if meeting is None:
        return 0
    invitations = _with_email(Invitation.objects.filter(meeting=meeting).select_related("member", "meeting"))
    return _send_all([emails.cancellation_email(i) for i in invitations])


@shared_task(**RETRY)
def send_place_offered(self, invitation_id):
    from . import emails
    from .models import Invitation

    invitation = Invitation.objects.filter(
        pk=invitation_id, response=Invitation.Response.ATTENDING
    ).select_related("member", "meeting").first()
    if invitation is None or not _with_email([invitation]) or invitation.meeting.is_past:
        return 0
    return _send_all([emails.place_offered_email(invitation)])


@shared_task(**RETRY)
def send_minutes_digest(self, meeting_id):
    from . import emails
    from .models import Invitation, Meeting, Minutes

    minutes = Minutes.objects.filter(meeting_id=meeting_id, published_at__isnull=False).first()
    if minutes is None:
        return 0
    meeting = Meeting.objects.get(pk=meeting_id)
    actions = list(meeting.actions())
    invitations = [
        i for i in _with_email(Invitation.objects.filter(meeting=meeting).select_related("member", "meeting"))
        if i.member.wants_meeting_digests
    ]
    return _send_all([emails.minutes_digest_email(i, minutes=minutes, actions=actions) for i in invitations])


@shared_task(**RETRY)
def send_suggestion_answer(self, suggestion_id):
    from . import emails
    from .models import AgendaSuggestion

    suggestion = AgendaSuggestion.objects.filter(pk=suggestion_id).select_related("suggested_by", "meeting").first()
    if suggestion is None or suggestion.status == AgendaSuggestion.Status.WAITING:
        return 0
    if not suggestion.suggested_by.email:
        return 0
    return _send_all([emails.suggestion_answer_email(suggestion)])


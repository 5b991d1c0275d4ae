"""Celery tasks for meeting emails: thin wrappers that take ids, re-read the state and queue the emails in the
delivery ledger (notifications), which sends each one exactly once and retries when the mail server is
busy. Offline members get a ledger row marked "no email" and appear on their lead's phone and post list.

Each task's name is pinned to where it lived before the apps moved to the top level (network.meetings), so messages
already queued keep reaching it."""

from celery import shared_task
from django.utils import timezone

from notifications.models import Kind
from notifications.services import notify

from .models import AgendaSuggestion, Invitation, Meeting


def _members(invitations):
    return [i.member for i in invitations]


@shared_task(name="network.meetings.tasks.send_invitations", acks_late=True)
def send_invitations(meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.PUBLISHED).first()
    if meeting is None or meeting.is_past:
        return 0
    invitations = list(Invitation.objects.filter(meeting=meeting).not_erased().select_related("member"))
    queued = notify(kind=Kind.MEETING_INVITATION, object_id=meeting.pk, occasion="invitation",
                    members=_members(invitations), meeting_id=meeting.pk)
    Invitation.objects.filter(meeting=meeting, invitation_sent_at__isnull=True, member__email__isnull=False).update(
        invitation_sent_at=timezone.now()
    )
    return queued


@shared_task(name="network.meetings.tasks.send_meeting_changed", acks_late=True)
def send_meeting_changed(meeting_id, sequence):
    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.PUBLISHED, sequence=sequence).first()
    if meeting is None or meeting.is_past:
        return 0  # changed again since, or cancelled: a later email says so
    invitations = Invitation.objects.filter(meeting=meeting).not_erased().exclude(
        response=Invitation.Response.APOLOGIES
    )
    return notify(kind=Kind.MEETING_CHANGED, object_id=meeting.pk, occasion=f"seq{sequence}",
                  members=_members(invitations.select_related("member")), meeting_id=meeting.pk)


@shared_task(name="network.meetings.tasks.send_cancellation", acks_late=True)
def send_cancellation(meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.CANCELLED).first()
    if meeting is None:
        return 0
    invitations = Invitation.objects.filter(meeting=meeting).not_erased().select_related("member")
    return notify(kind=Kind.MEETING_CANCELLED, object_id=meeting.pk, occasion="cancelled",
                  members=_members(invitations), meeting_id=meeting.pk)


@shared_task(name="network.meetings.tasks.send_place_offered", acks_late=True)
def send_place_offered(invitation_id):
    invitation = Invitation.objects.filter(
        pk=invitation_id, response=Invitation.Response.ATTENDING
    ).not_erased().select_related("member", "meeting").first()
    if invitation is None or invitation.meeting.is_past:
        return 0
    # One offer per time a place came free for this person (they may give it up and be offered one again).
    occasion = f"place-{int((invitation.responded_at or timezone.now()).timestamp())}"
    return notify(kind=Kind.PLACE_OFFERED, object_id=invitation.meeting_id, occasion=occasion,
                  members=[invitation.member], meeting_id=invitation.meeting_id)


@shared_task(name="network.meetings.tasks.send_minutes_digest", acks_late=True)
def send_minutes_digest(meeting_id):
    meeting = Meeting.objects.filter(pk=meeting_id, minutes__published_at__isnull=False).first()
    if meeting is None:
        return 0
    invitations = Invitation.objects.filter(meeting=meeting).not_erased().select_related("member")
    return notify(kind=Kind.MINUTES_DIGEST, object_id=meeting.pk, occasion="minutes",
                  members=_members(invitations), meeting_id=meeting.pk)


@shared_task(name="network.meetings.tasks.send_suggestion_answer", acks_late=True)
def send_suggestion_answer(suggestion_id):
    suggestion = AgendaSuggestion.objects.filter(pk=suggestion_id).select_related("suggested_by").first()
    if suggestion is None or suggestion.status == AgendaSuggestion.Status.WAITING:
        return 0
    return notify(kind=Kind.SUGGESTION_ANSWER, object_id=suggestion.pk, occasion="answer",
                  members=[suggestion.suggested_by], meeting_id=suggestion.meeting_id)

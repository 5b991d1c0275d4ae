"""Meeting emails through the ledger: invitations, changes, cancellations, places offered, minutes, answers.

Each builder loads the invitations of a whole batch in one query and uses meetings/emails.py for the words.
"""

from django.db.models import Q

from network.models import Member

from . import emails
from .models import AgendaSuggestion, Invitation, Meeting, Minutes


def _invitations(deliveries):
    """{(meeting_id, member_id): invitation} for a batch, with the meeting and its agenda loaded."""
    pairs = Q()
    for d in deliveries:
        pairs |= Q(meeting_id=d.object_id, member_id=d.member_id)
    invitations = Invitation.objects.filter(pairs).select_related("meeting", "member").prefetch_related(
        "meeting__agenda_items__presenter"
    )
    return {(i.meeting_id, i.member_id): i for i in invitations}


def _per_invitation(build):
    def build_messages(deliveries):
        found = _invitations(deliveries)
        return {d.pk: (build(found[(d.object_id, d.member_id)], d) if (d.object_id, d.member_id) in found else None)
                for d in deliveries}
    return build_messages


def invitees(meeting_id, occasion):
    return Member.objects.not_erased().filter(meeting_invitations__meeting_id=meeting_id)


def invitees_still_coming(meeting_id, occasion):
    return invitees(meeting_id, occasion).exclude(
        meeting_invitations__meeting_id=meeting_id, meeting_invitations__response=Invitation.Response.APOLOGIES
    )


def meeting_over_or_not_published(meeting_id, occasion, now):
    return not Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.PUBLISHED, ends_at__gt=now).exists()


def changed_since(meeting_id, occasion, now):
    # A newer change (or a cancellation) makes this notice out of date: the newer email says it all.
    return not Meeting.objects.filter(
        pk=meeting_id, status=Meeting.Status.PUBLISHED, ends_at__gt=now, sequence=int(occasion.removeprefix("seq"))
    ).exists()


build_invitations = _per_invitation(lambda invitation, d: emails.invitation_email(invitation))
build_changes = _per_invitation(lambda invitation, d: emails.changed_email(invitation))
build_cancellations = _per_invitation(lambda invitation, d: emails.cancellation_email(invitation))
build_place_offers = _per_invitation(
    lambda invitation, d: emails.place_offered_email(invitation)
    if invitation.response == Invitation.Response.ATTENDING else None
)


def build_minutes_digests(deliveries):
    found = _invitations(deliveries)
    meeting_ids = {d.object_id for d in deliveries}
    minutes = {m.meeting_id: m for m in Minutes.objects.filter(meeting_id__in=meeting_ids, published_at__isnull=False)}
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=meeting_ids)}
    actions = {pk: list(m.action_items()) for pk, m in meetings.items()}
    next_meeting = {
        pk: Meeting.objects.published().filter(project_id=m.project_id, starts_at__gt=m.starts_at)
        .order_by("starts_at").first()
        for pk, m in meetings.items()
    }
    messages = {}
    for d in deliveries:
        invitation = found.get((d.object_id, d.member_id))
        if invitation is None or d.object_id not in minutes:
            messages[d.pk] = None
            continue
        messages[d.pk] = emails.minutes_digest_email(
            invitation, minutes=minutes[d.object_id], actions=actions[d.object_id],
            next_meeting=next_meeting[d.object_id],
        )
    return messages


def suggester(suggestion_id, occasion):
    return Member.objects.not_erased().filter(agenda_suggestions__pk=suggestion_id)


def build_suggestion_answers(deliveries):
    suggestions = AgendaSuggestion.objects.filter(pk__in={d.object_id for d in deliveries}).select_related(
        "suggested_by", "meeting"
    ).in_bulk()
    return {
        d.pk: emails.suggestion_answer_email(suggestions[d.object_id])
        if d.object_id in suggestions and suggestions[d.object_id].status != AgendaSuggestion.Status.WAITING
        else None
        for d in deliveries
    }

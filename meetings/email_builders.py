"""Meeting emails through the ledger: invitations, changes, cancellations, places offered, minutes, answers.

Each builder loads the invitations of a whole batch in one query and uses meetings/emails.py for the words.
"""

from collections import defaultdict

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from network.models import Member
from notifications.models import Delivery, Kind

from . import emails
from .models import AgendaSuggestion, Invitation, Meeting, MeetingChange, Minutes


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
def _when(starts_at, ends_at):
    starts, ends = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": formats.date_format(starts, "l j F Y"), "start": formats.time_format(starts, "g:i a"),
        "end": formats.time_format(ends, "g:i a"),
    }


def _differences(before, now):
    """[(what, was, is now)] between two states of a meeting (a MeetingChange and the Meeting as it is)."""
    rows = [
        (_("When"), _when(before.starts_at, before.ends_at), _when(now.starts_at, now.ends_at)),
        (_("Where"), before.venue, now.venue),
        (_("Online joining link"), before.online_link, now.online_link),
    ]
    none = _("(none)")
    return [(what, was or none, is_now or none) for what, was, is_now in rows if was != is_now]


def changes_told(deliveries, *, kind):
    """{delivery id: [(what, was, is now)]} for "changed" emails (or lists): from what the person was last told —
    the values before the first change since the last such email that reached them — to the meeting as it is."""
    meeting_ids = {d.object_id for d in deliveries}
    if not meeting_ids:
        return {}
    meetings = Meeting.objects.in_bulk(meeting_ids)
    changes = defaultdict(list)
    for change in MeetingChange.objects.filter(meeting_id__in=meeting_ids).order_by("sequence"):
        changes[change.meeting_id].append(change)
    told = defaultdict(int)
    for meeting_id, member_id, occasion in Delivery.objects.filter(
        kind=kind, object_id__in=meeting_ids, member_id__in={d.member_id for d in deliveries},
        status=Delivery.Status.SENT, occasion__regex=r"^seq[0-9]+$",
    ).values_list("object_id", "member_id", "occasion"):
        told[(meeting_id, member_id)] = max(told[(meeting_id, member_id)], int(occasion[3:]))
    found = {}
    for d in deliveries:
        sequence = int(d.occasion[3:]) if d.occasion[3:].isdigit() else 0
        since = [c for c in changes[d.object_id] if told[(d.object_id, d.member_id)] < c.sequence <= sequence]
        found[d.pk] = _differences(since[0], meetings[d.object_id]) if since and d.object_id in meetings else []
    return found


def build_changes(deliveries):
    found = _invitations(deliveries)
    changes = changes_told(deliveries, kind=Kind.MEETING_CHANGED)
    return {d.pk: emails.changed_email(found[(d.object_id, d.member_id)], changes=changes[d.pk])
            if (d.object_id, d.member_id) in found else None for d in deliveries}


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

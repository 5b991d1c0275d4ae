"""Things that change meetings: publish and invite, reply, cancel, duplicate, minutes, suggestions, calendar feeds.

Each service is one transaction; emails are queued as Celery tasks only after it commits.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.refusals import Refusal

from . import tasks
from .models import (
    AgendaItem,
    AgendaSuggestion,
    Attendance,
    CalendarFeed,
    Decision,
    Guest,
    Invitation,
    Meeting,
    MeetingChange,
    Minutes,
    new_feed_token,
)
from .register_hooks import register_changed

# The fields whose change makes calendars replace their copy of the meeting.
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue", "online_link", "status")
NEXT_MEETING_GAP = dt.timedelta(weeks=4)


class MeetingError(Refusal):
    """A refusal from the meetings' services."""


class MeetingCancelled(MeetingError):
    message = _("This meeting has been cancelled.")


class MeetingOver(MeetingError):
    message = _("This meeting has already happened.")


class NotPublished(MeetingError):
    message = _("This meeting has not been published yet.")


class NotInvited(MeetingError):
    message = _("You are not invited to this meeting.")


class NoMinutes(MeetingError):
    message = _("Write the minutes before publishing them.")


class AlreadyAnswered(MeetingError):
    message = _("This suggestion has already been answered.")


class AnswerNeeded(MeetingError):
    message = _("Say why the suggestion is not on the agenda this time.")


class NotStartedYet(MeetingError):
    message = _("This meeting has not started yet. You can take the register, write the minutes and send them "
                "once it has started.")


class MinutesWritten(MeetingError):
    message = _("This meeting has its minutes now, so we no longer ask who is coming.")


def _check_started(meeting):
    """The register, the minutes and their digest are records of a meeting that has happened, or is happening."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingCancelled()
    if meeting.starts_at > timezone.now():
        raise NotStartedYet()


def _locked(meeting):
    # One row lock per meeting serialises replies, so two people can never both take the last place.
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# --- audience and invitations ----------------------------------------------------------------------------------

def audience_members(meeting):
    """Everyone the meeting's audience covers today, offline members included; never an erased account."""
    Member = get_user_model()
    members = Member.objects.active().not_erased()
    if meeting.audience == Meeting.Audience.NETWORK:
        return members
    if meeting.audience == Meeting.Audience.PROJECT:
        from projects.models import ProjectMembership

        return members.filter(
            project_memberships__project_id=meeting.project_id,
            project_memberships__status=ProjectMembership.Status.ACTIVE,
        ).distinct()
    return members.filter(pk__in=meeting.chosen_members.values("pk"))


def _invite_audience(meeting):
    already = set(meeting.invitations.values_list("member_id", flat=True))
    # With each person's role loaded, the invitations keep it (who is invited, as they were) without another query.
    people = audience_members(meeting).only("pk", "role")
    rows = [Invitation(meeting=meeting, member=m) for m in people if m.pk not in already]
    Invitation.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def publish_and_invite(*, meeting, by):
    """Publish the meeting and invite its audience (one row each); emails go to everyone not yet sent one."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingCancelled()
    if meeting.is_past:
        raise MeetingOver()
    if meeting.status != Meeting.Status.PUBLISHED:
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = timezone.now()
        meeting.sequence += 1
        meeting.save(update_fields=["status", "published_at", "sequence"])
    invited = _invite_audience(meeting)
    tasks.send_invitations.delay_on_commit(meeting.pk)
    return invited


def ensure_invitation(*, meeting, member):
    """The member's invitation, made now if they joined the audience after the meeting was published."""
    from .rules import in_audience

    invitation = Invitation.objects.filter(meeting=meeting, member=member).first()
    if invitation is not None:
        return invitation
    if meeting.status != Meeting.Status.PUBLISHED or not in_audience(member, meeting):
        raise NotInvited()
    invitation, _created = Invitation.objects.get_or_create(meeting=meeting, member=member)
    return invitation


@transaction.atomic
def invite_late_joiners(member_ids):
    """Offline members who joined the network or a project after its meetings were published: invited at once to
    every upcoming published meeting whose audience now includes them; their lead's list follows (the invitation's
    ledger step). Returns how many invitations were made."""
    made = 0
    for meeting in Meeting.objects.published().filter(starts_at__gt=timezone.now()):
        new = list(audience_members(meeting).offline().filter(pk__in=member_ids).exclude(
            meeting_invitations__meeting=meeting).values_list("pk", flat=True))
        if new:
            Invitation.objects.bulk_create([Invitation(meeting=meeting, member_id=pk) for pk in new],
                                           ignore_conflicts=True)
            tasks.send_invitations.delay_on_commit(meeting.pk)
            made += len(new)
    return made


# --- replies, capacity and the waiting list ----------------------------------------------------------------------

def places_left(meeting):
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - meeting.invitations.attending().count(), 0)


@transaction.atomic
def reply(*, meeting, member, response, access_needs=(), access_needs_notes="", by=None, coming_with=None):
    """Record a reply. 'Coming' takes a place if one is left, otherwise a place on the waiting list.

    `by` is the support person replying for the member (support/ checks they may), None when it is the member;
    `coming_with` names who comes with them (None leaves it as it was).
    Returns the invitation. Giving up a place moves the first person on the waiting list up, and tells them.
    """
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingCancelled()
    if meeting.status != Meeting.Status.PUBLISHED:
        raise NotPublished()
    if meeting.is_past:
        raise MeetingOver()
    if Minutes.objects.filter(meeting=meeting).exists():
        raise MinutesWritten()
    invitation = ensure_invitation(meeting=meeting, member=member)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    was = invitation.response
    holds_place = was == Invitation.Response.ATTENDING

    if response == Invitation.Response.ATTENDING:
        if holds_place or was == Invitation.Response.WAITING:
            new = was
        elif places_left(meeting) == 0:
            new = Invitation.Response.WAITING
            invitation.waiting_since = now
        else:
            new = Invitation.Response.ATTENDING
    else:
        new = response
    if new != Invitation.Response.WAITING:
        invitation.waiting_since = None
    invitation.response = new
    invitation.access_needs = list(access_needs)
    invitation.access_needs_notes = access_needs_notes
    invitation.responded_at = now
    invitation.replied_by = by if by is not None and by.pk != member.pk else None
    if coming_with is not None:
        invitation.coming_with = coming_with
    invitation.save()
    if holds_place and new != Invitation.Response.ATTENDING:
        _move_up_waiting_list(meeting)
    return invitation


@transaction.atomic
def withdraw_invitations(*, member):
    """The person's account is being erased: their invitations to meetings still to come are withdrawn, whatever
    they replied, and a place they held goes to the first person on the waiting list. Returns how many."""
    upcoming = Invitation.objects.filter(member=member, meeting__starts_at__gt=timezone.now())
    withdrawn = 0
    for meeting_id in sorted(set(upcoming.values_list("meeting_id", flat=True))):
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        invitation = Invitation.objects.select_for_update().get(meeting=meeting, member=member)
        held_place = invitation.response == Invitation.Response.ATTENDING
        invitation.delete()
        withdrawn += 1
        if held_place and meeting.status == Meeting.Status.PUBLISHED:
            _move_up_waiting_list(meeting)
    return withdrawn


def _move_up_waiting_list(meeting):
    """Fill free places from the waiting list, first come first served. Caller holds the meeting lock."""
    moved = []
    free = places_left(meeting)
    waiting = list(meeting.invitations.waiting().select_for_update())
    for invitation in waiting:
        if free is not None and free <= 0:
            break
        invitation.response = Invitation.Response.ATTENDING
        invitation.waiting_since = None
        invitation.save(update_fields=["response", "waiting_since"])
        moved.append(invitation)
        if free is not None:
            free -= 1
    for invitation in moved:
        tasks.send_place_offered.delay_on_commit(invitation.pk)
    return moved


# --- changes, cancelling and the next meeting -------------------------------------------------------------------

@transaction.atomic
def save_meeting(*, meeting, by=None):
    """Save a meeting from the admin; raise its calendar SEQUENCE when its time, place or status changed.

    Returns the names of the changed calendar fields. Invitees are told after commit.
    """
    if meeting.pk is None:
        meeting.created_by = meeting.created_by or by
        meeting.save()
        return []
    before = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changed = [field for field in CALENDAR_FIELDS if getattr(before, field) != getattr(meeting, field)]
    meeting.sequence = before.sequence + (1 if changed else 0)
    meeting.save()
    if "starts_at" in changed or "ends_at" in changed:
        register_changed(meeting, by=by)  # what the register recorded follows the meeting's times
    if changed and meeting.status == Meeting.Status.PUBLISHED and not meeting.is_past:
        MeetingChange.record(before=before, sequence=meeting.sequence, by=by)  # the email says what it was
        tasks.send_meeting_changed.delay_on_commit(meeting.pk, meeting.sequence)
    return changed


@transaction.atomic
def record_meeting_actions(*, meeting, by, actions, deleted=()):
    """Save the actions agreed at a meeting and remove those taken off. At a project meeting, new actions are
    that project's actions too."""
    for action in actions:
        if action.pk is None:
            action.meeting, action.project_id, action.created_by = meeting, meeting.project_id, by
        action.save()
    for action in deleted:
        action.delete()


@transaction.atomic
def refresh_audience(*, meeting):
    """After a published meeting changed: invite people new to its audience, fill any new places."""
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.PUBLISHED or meeting.is_past:
        return 0
    invited = _invite_audience(meeting)
    if invited:
        tasks.send_invitations.delay_on_commit(meeting.pk)
    _move_up_waiting_list(meeting)
    return invited


@transaction.atomic
def cancel_meeting(*, meeting, by, reason=""):
    """Cancel the meeting and tell every invitee, with a calendar cancellation attached."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingCancelled()
    was_published = meeting.status == Meeting.Status.PUBLISHED
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.cancellation_reason = reason
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancelled_at", "cancellation_reason", "sequence"])
    if was_published:
        tasks.send_cancellation.delay_on_commit(meeting.pk)
    return meeting


@transaction.atomic
def duplicate_as_next(*, meeting, by):
    """A draft copy four weeks on, with the same agenda (without papers) and audience."""
    copy = Meeting.objects.create(
        title=meeting.title, kind=meeting.kind, project=meeting.project, description=meeting.description,
        starts_at=meeting.starts_at + NEXT_MEETING_GAP, ends_at=meeting.ends_at + NEXT_MEETING_GAP,
        venue=meeting.venue, venue_access=meeting.venue_access, online_link=meeting.online_link,
        capacity=meeting.capacity, audience=meeting.audience, status=Meeting.Status.DRAFT, created_by=by,
    )
    copy.chosen_members.set(meeting.chosen_members.all())
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=copy, order=item.order, title=item.title, presenter_id=item.presenter_id,
                   presenter_name=item.presenter_name, minutes_allowed=item.minutes_allowed, notes=item.notes)
        for item in meeting.agenda_items.all()
    )
    return copy


@transaction.atomic
def publish_minutes(*, meeting, by):
    """Publish the minutes and send the digest to everyone invited who wants it."""
    _check_started(meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or not minutes.text.strip():
        raise NoMinutes()
    if minutes.published_at is None:
        minutes.published_at = timezone.now()
        minutes.published_by = by
        minutes.save(update_fields=["published_at", "published_by"])
        tasks.send_minutes_digest.delay_on_commit(meeting.pk)
    return minutes


@transaction.atomic
def start_attendance_register(*, meeting):
    """One attendance row per invitee who replied, from their reply; the lead then corrects it. Keeps existing rows."""
    _check_started(meeting)
    status_for = {
        Invitation.Response.ATTENDING: Attendance.Status.PRESENT,
        Invitation.Response.APOLOGIES: Attendance.Status.APOLOGIES,
    }
    rows = [
        Attendance(meeting=meeting, member_id=invitation.member_id,
                   status=status_for.get(invitation.response, Attendance.Status.ABSENT))
        for invitation in meeting.invitations.exclude(response=Invitation.Response.NO_REPLY)
    ]
    before = meeting.attendance.count()
    Attendance.objects.bulk_create(rows, ignore_conflicts=True)
    register_changed(meeting)
    return meeting.attendance.count() - before


# --- the run-sheet: the register, guests, minutes, decisions and actions ----------------------------------------

def _set_register(meeting, statuses, by=None):
    rows = [Attendance(meeting=meeting, member_id=member_id, status=status) for member_id, status in statuses.items()]
    Attendance.objects.bulk_create(rows, update_conflicts=True, unique_fields=["meeting", "member"],
                                   update_fields=["status"])
    register_changed(meeting, by=by)
    return len(rows)


@transaction.atomic
def mark_coming_as_present(*, meeting, by):
    """Everyone who said they are coming is marked present (the lead then corrects the few who did not come)."""
    meeting = _locked(meeting)
    _check_started(meeting)
    coming = meeting.invitations.not_erased().attending().values_list("member_id", flat=True)
    return _set_register(meeting, dict.fromkeys(coming, Attendance.Status.PRESENT), by)


@transaction.atomic
def record_register(*, meeting, by, statuses):
    """Present, apologies or absent for each member given ({member id: status}); an empty status takes them off."""
    meeting = _locked(meeting)
    _check_started(meeting)
    cleared = [member_id for member_id, status in statuses.items() if not status]
    meeting.attendance.filter(member_id__in=cleared).delete()
    return _set_register(meeting, {member_id: status for member_id, status in statuses.items() if status}, by)


@transaction.atomic
def add_guest(*, meeting, by, name, about=""):
    """Someone at the meeting who is not a member, by name only."""
    meeting = _locked(meeting)
    _check_started(meeting)
    return Guest.objects.create(meeting=meeting, name=name.strip(), about=about.strip())


@transaction.atomic
def record_chairs(meeting, members, by):
    """Who chaired or co-chaired the meeting: the set given replaces the set kept. People who stay keep the role
    they had when first recorded; people added take their role now (network/role_snapshots.py)."""
    from .models_chairs import MeetingChair

    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.DRAFT:
        raise NotPublished()
    _check_started(meeting)
    wanted = {member.pk for member in members}
    meeting.chairs.exclude(member_id__in=wanted).delete()
    kept = set(meeting.chairs.values_list("member_id", flat=True))
    MeetingChair.objects.bulk_create(MeetingChair(meeting=meeting, member_id=member_id)
                                     for member_id in sorted(wanted - kept))
    return len(wanted)


@transaction.atomic
def record_minutes(*, meeting, by, text, decisions=(), new_actions=()):
    """The minutes, the decisions (one row each, in order) and new actions, saved together or not at all.

    new_actions: dicts of what, owner and due. At a project meeting they are that project's actions too.
    """
    from projects.models import Action

    meeting = _locked(meeting)
    _check_started(meeting)
    minutes, _created = Minutes.objects.update_or_create(meeting=meeting, defaults={"text": text.strip()})
    texts = [line.strip() for line in decisions if line.strip()]
    kept = list(meeting.decisions.order_by("order", "pk"))
    for decision, (order, text_) in zip(kept, enumerate(texts, start=1), strict=False):
        if (decision.text, decision.order) != (text_, order):
            decision.text, decision.order = text_, order
            decision.save(update_fields=["text", "order"])
    Decision.objects.filter(pk__in=[d.pk for d in kept[len(texts):]]).delete()
    Decision.objects.bulk_create(Decision(meeting=meeting, text=text_, order=order)
                                 for order, text_ in enumerate(texts, start=1) if order > len(kept))
    record_meeting_actions(meeting=meeting, by=by, actions=[Action(**action) for action in new_actions])
    return minutes


# --- agenda suggestions ------------------------------------------------------------------------------------------

@transaction.atomic
def suggest_agenda_item(*, meeting, member, title, details=""):
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingCancelled()
    if meeting.is_past:
        raise MeetingOver()
    ensure_invitation(meeting=meeting, member=member)
    return AgendaSuggestion.objects.create(meeting=meeting, suggested_by=member, title=title, details=details)


@transaction.atomic
def accept_suggestion(*, suggestion, by, minutes_allowed=None, answer=""):
    suggestion = AgendaSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != AgendaSuggestion.Status.WAITING:
        raise AlreadyAnswered()
    last = suggestion.meeting.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0
    item = AgendaItem.objects.create(
        meeting=suggestion.meeting, order=last + 1, title=suggestion.title, presenter=suggestion.suggested_by,
        minutes_allowed=minutes_allowed, notes=suggestion.details,
    )
    suggestion.status = AgendaSuggestion.Status.ACCEPTED
    suggestion.agenda_item = item
    suggestion.answer = answer
    suggestion.answered_by = by
    suggestion.answered_at = timezone.now()
    suggestion.save()
    tasks.send_suggestion_answer.delay_on_commit(suggestion.pk)
    return suggestion


@transaction.atomic
def decline_suggestion(*, suggestion, by, answer):
    if not answer.strip():
        raise AnswerNeeded()
    suggestion = AgendaSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != AgendaSuggestion.Status.WAITING:
        raise AlreadyAnswered()
    suggestion.status = AgendaSuggestion.Status.DECLINED
    suggestion.answer = answer.strip()
    suggestion.answered_by = by
    suggestion.answered_at = timezone.now()
    suggestion.save()
    tasks.send_suggestion_answer.delay_on_commit(suggestion.pk)
    return suggestion


# --- the personal calendar feed --------------------------------------------------------------------------------

def calendar_feed_for(*, member):
    feed, _created = CalendarFeed.objects.get_or_create(member=member)
    return feed


@transaction.atomic
def reset_calendar_feed(*, member):
    """A new secret address; the old one stops working at once."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
    for _attempt in range(3):
        feed.token = new_feed_token()
        try:
            with transaction.atomic():
                feed.save(update_fields=["token"])
            return feed
        except IntegrityError:  # pragma: no cover - 256 random bits colliding
            continue
    raise MeetingError()

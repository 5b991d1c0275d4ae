"""Writes for involvement time and reward choices. Each record copies what applied at the time (level, rate, unit,
reward, role), so a later change never rewrites what someone was owed; nothing is deleted: a correction is a new
record that replaces the old one, with a Step saying so."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Attendance, Invitation
from network.refusals import Refusal

from .models import Activity, InvolvementRecord, RewardChoice, Status, Step, Unit, amount_owed
from .selectors import time as selectors

# The register follows these; an item that was paid or declined is a decision that stands.
FOLLOWS_THE_REGISTER = (Status.WAITING, Status.APPROVED)
MOST_HOURS = Decimal(24)
PAID_REWARDS = ("payment", "vouchers")


class TimeRefused(Refusal):
    message = _("That time could not be recorded.")


class NotInvited(TimeRefused):
    message = _("You can add time only for a meeting you were invited to.")


class AlreadyRecorded(TimeRefused):
    message = _("This person's time at this activity is already recorded. To change it, a lead corrects it.")


class UseTheRegister(TimeRefused):
    message = _("Who took part in a meeting comes from its register. Mark them present on the meeting's run-sheet.")


class InTheFuture(TimeRefused):
    message = _("The date is in the future. Add the time once it has been spent.")


def hours_of(meeting):
    """The meeting's length in hours, to the minute, at most a day."""
    hours = Decimal((meeting.ends_at - meeting.starts_at).total_seconds()) / Decimal(3600)
    return min(hours.quantize(Decimal("0.01")), MOST_HOURS)


def _rate_pence(activity, on, unit):
    """The involvement payment's rate on that date, in pence: 0 at a level with expenses only (or with no rate)."""
    rate = activity.level.rate_on(on, unit) if activity.level.pays_involvement_payment else None
    return rate.amount_pence if rate else 0


def _terms(activity, *, rate_pence, hours, unit, reward):
    """What a record copies from its time: the level, the rate then, and what is owed for that choice of reward."""
    owed = amount_owed(hours, rate_pence, unit) if reward in PAID_REWARDS else 0
    return {"level": activity.level, "unit": unit, "rate_pence": rate_pence, "amount_pence": owed, "reward": reward}


def _replace(record, *, by, reason):
    """Mark `record` replaced, with the Step that says why. The caller adds the new record, if there is one."""
    record.status = Status.REPLACED
    record.save(update_fields=["status"])
    Step.objects.create(record=record, outcome=Step.Outcome.REPLACED, reason=str(reason)[:300], by=by)


def _same(record, terms, hours, on):
    return (record.hours == hours and record.on == on and record.level_id == terms["level"].pk
            and record.unit == terms["unit"] and record.rate_pence == terms["rate_pence"]
            and record.amount_pence == terms["amount_pence"])


def follow_register(meeting, *, by=None):
    """Keep the "took part" records of a meeting with an involvement level in step with its register: one for each
    person present; a record whose person is no longer present, or whose hours or level changed, is replaced."""
    activity = selectors.activity_of_meeting(meeting.pk)
    if activity is None:
        return
    meeting = activity.meeting
    # Each person's role as the register kept it (the role they had at the meeting).
    present = dict(Attendance.objects.filter(meeting_id=meeting.pk, status=Attendance.Status.PRESENT)
                   .values_list("member_id", "role_then"))
    live = {record.member_id: record for record in InvolvementRecord.objects.select_for_update()
            .filter(activity=activity, kind=InvolvementRecord.Kind.ATTENDED).exclude(status=Status.REPLACED)}
    on, hours = timezone.localdate(meeting.starts_at), hours_of(meeting)
    if activity.happens_on != on:  # the meeting moved
        activity.happens_on = on
        activity.save(update_fields=["happens_on"])
    for member_id, record in live.items():
        if member_id not in present and record.status in FOLLOWS_THE_REGISTER:
            _replace(record, by=by, reason=_("Not marked present on the register any more."))
    # A record that stands keeps the reward it was made with; a new one takes the person's choice now.
    rewards = selectors.rewards_for([pk for pk in present if pk not in live], activity)
    rate_pence = _rate_pence(activity, on, activity.unit)
    new = []
    for member_id, role in present.items():
        record = live.get(member_id)
        if record is not None and record.status not in FOLLOWS_THE_REGISTER:
            continue
        terms = _terms(activity, rate_pence=rate_pence, hours=hours, unit=activity.unit,
                       reward=record.reward if record else rewards[member_id])
        if record is not None:
            if _same(record, terms, hours, on):
                continue
            _replace(record, by=by, reason=_("The meeting's times or involvement level changed."))
        new.append(InvolvementRecord(member_id=member_id, activity=activity, kind=InvolvementRecord.Kind.ATTENDED,
                                     on=on, hours=hours, role_then=role or "", replaces=record, **terms))
    InvolvementRecord.objects.bulk_create(new)


@transaction.atomic
def save_activity(*, activity, by):
    """A lead sets up an activity; for a meeting, its title and date come from the meeting and its register is
    followed at once (a level set after the meeting still records who came)."""
    if activity.meeting_id:
        meeting = activity.meeting
        activity.title = activity.title or meeting.title
        activity.happens_on = timezone.localdate(meeting.starts_at)
        activity.kind = Activity.Kind.MEETING
        if activity.project_id is None:
            activity.project_id = meeting.project_id
    if activity._state.adding:
        activity.created_by = by
    activity.save()
    if activity.meeting_id:
        follow_register(activity.meeting, by=by)
    return activity


def _check_date(on):
    if on > timezone.localdate():
        raise InTheFuture()


def _add_record(*, member, activity, kind, on, hours, by, note=""):
    _check_date(on)
    hours = Decimal(hours)
    # Preparation is paid by the hour: an hour's reading is not a half day's work.
    unit = activity.unit if kind == InvolvementRecord.Kind.ATTENDED else Unit.HOUR
    terms = _terms(activity, rate_pence=_rate_pence(activity, on, unit), hours=hours, unit=unit,
                   reward=selectors.reward_of(member, activity))
    try:
        with transaction.atomic():
            return InvolvementRecord.objects.create(
                member=member, activity=activity, kind=kind, on=on, hours=hours, role_then=member.role,
                note=note, recorded_by=by, **terms,
            )
    except IntegrityError as error:
        raise AlreadyRecorded() from error


@transaction.atomic
def add_preparation_time(*, member, activity, hours, on, note=""):
    """A member adds the hours they spent reading the papers of a meeting they were invited to."""
    if activity.meeting_id is None or not Invitation.objects.filter(meeting_id=activity.meeting_id,
                                                                    member=member).exists():
        raise NotInvited()
    return _add_record(member=member, activity=activity, kind=InvolvementRecord.Kind.PREPARATION, on=on,
                       hours=hours, by=member, note=note)


@transaction.atomic
def record_time_for(*, member, activity, kind, hours, on, by, note=""):
    """A lead records time for someone who does not use the site: taking part, or preparing."""
    if activity.meeting_id and kind == InvolvementRecord.Kind.ATTENDED:
        raise UseTheRegister()
    return _add_record(member=member, activity=activity, kind=kind, on=on, hours=hours, by=by, note=note)


@transaction.atomic
def choose_reward(*, member, reward, activity=None, by=None):
    """A person's choice of reward, dated; the latest wins. For one activity, its records still waiting for
    approval follow the new choice (each replaced by a corrected record)."""
    choice = RewardChoice.objects.create(member=member, activity=activity, reward=reward,
                                         recorded_by=by if by is not None and by != member else None)
    if activity is None:
        return choice
    waiting = InvolvementRecord.objects.select_for_update().select_related("activity__level").filter(
        member=member, activity=activity, status=Status.WAITING).exclude(reward=reward)
    for record in waiting:
        _replace(record, by=by or member, reason=_("The person chose another reward."))
        terms = _terms(record.activity, rate_pence=record.rate_pence, hours=record.hours, unit=record.unit,
                       reward=reward)
        InvolvementRecord.objects.create(
            member=member, activity=record.activity, kind=record.kind, on=record.on, hours=record.hours,
            role_then=record.role_then, note=record.note, recorded_by=record.recorded_by, replaces=record, **terms,
        )
    return choice

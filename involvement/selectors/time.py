"""Reads for involvement time and reward choices: what a person chose, what they can add time for."""

import datetime

from django.db.models import Q
from django.utils import timezone

from ..models import Activity, InvolvementRecord, Reward, RewardChoice

# Until a person says otherwise, nothing that could count as earnings is owed to them: expenses are paid back.
REWARD_IF_NOT_CHOSEN = Reward.EXPENSES_ONLY
PREPARATION_LOOKS_BACK = datetime.timedelta(days=120)  # papers for meetings in the last four months, and to come
CHOICES_LOOK_BACK = datetime.timedelta(days=366)


def rewards_for(member_ids, activity):
    """{member id: reward} for `activity` now: the latest choice for it, else the latest for everything. One query."""
    member_ids = list(member_ids)
    if not member_ids:
        return {}
    chosen, general = {}, {}
    rows = (RewardChoice.objects.filter(member_id__in=member_ids)
            .filter(Q(activity__isnull=True) | Q(activity_id=getattr(activity, "pk", None)))
            .order_by("-chosen_at", "-pk").values_list("member_id", "activity_id", "reward"))
    for member_id, activity_id, reward in rows:
        (chosen if activity_id else general).setdefault(member_id, reward)
    return {pk: chosen.get(pk) or general.get(pk) or REWARD_IF_NOT_CHOSEN for pk in member_ids}


def reward_of(member, activity=None):
    return rewards_for([member.pk], activity)[member.pk]


def general_choice(member):
    """The latest choice for everything, or None if the person has not chosen yet."""
    return member.reward_choices.filter(activity__isnull=True).order_by("-chosen_at", "-pk").first()


def reward_history(member):
    """Every choice the person made (or a lead recorded for them), latest first, with what it was for."""
    return list(member.reward_choices.select_related("activity", "recorded_by").order_by("-chosen_at", "-pk"))


def activities_to_choose_for(member, today=None):
    """Activities a person can choose a different reward for: meetings they are invited to and anything they took
    part in, this last year and to come, latest first (a queryset, for a form's list)."""
    today = today or timezone.localdate()
    return (Activity.objects.filter(Q(meeting__invitations__member=member) | Q(records__member=member))
            .filter(happens_on__gte=today - CHOICES_LOOK_BACK).distinct().order_by("-happens_on", "-pk"))


def meetings_to_add_preparation_for(member, today=None):
    """Meetings with an involvement level that the person was invited to, recent or to come (a queryset)."""
    today = today or timezone.localdate()
    return (Activity.objects.filter(meeting__invitations__member=member, happens_on__gte=today - PREPARATION_LOOKS_BACK)
            .order_by("-happens_on", "-pk"))


def activities_a_lead_records_for(today=None):
    """Activities of this last year and to come, latest first, for a lead recording time for someone offline."""
    today = today or timezone.localdate()
    return Activity.objects.filter(happens_on__gte=today - CHOICES_LOOK_BACK).order_by("-happens_on", "-pk")


def time_added_lately(member, limit=5):
    """The last few records of the person's time that were typed in (not from a register), latest first."""
    return list(
        InvolvementRecord.objects.filter(member=member).exclude(recorded_by=None)
        .select_related("activity").order_by("-recorded_at", "-pk")[:limit]
    )


def activity_of_meeting(meeting_id):
    return Activity.objects.select_related("level", "meeting").filter(meeting_id=meeting_id).first()

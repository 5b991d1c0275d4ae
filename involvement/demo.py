"""Demo involvement time: people's reward choices (one expenses only because of benefits, one vouchers, one
nothing), the past network meetings at level 3 with records made from their registers, reading time a member
added, and an interview panel an offline member sat on, recorded by the lead.

Idempotent: choices are made only for people with none, activities are keyed by meeting or title, records added
by hand only when there are none yet. No emails are sent.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from . import services_time
from .models import Activity, InvolvementLevel, InvolvementRecord, Reward, RewardChoice, Unit

# (index in the demo's members, reward, days ago it was chosen): the rest have not chosen (expenses only)
CHOICES = [(1, Reward.PAYMENT, 90), (2, Reward.EXPENSES_ONLY, 80), (3, Reward.VOUCHERS, 75), (4, Reward.NOTHING, 70),
           (5, Reward.PAYMENT, 60), (6, Reward.PAYMENT, 60)]


def seed(members, meetings):
    lead = members[0]
    for index, reward, days in CHOICES:
        person = members[index % len(members)]
        if not person.reward_choices.exists():
            RewardChoice.objects.create(member=person, reward=reward,
                                        chosen_at=timezone.now() - dt.timedelta(days=days))
    working_together = InvolvementLevel.objects.filter(pays_involvement_payment=True).order_by("order").first()
    if working_together is None:
        return
    past = [m for m in meetings if m.is_past and m.project_id is None]
    for meeting in past:
        activity = Activity.objects.filter(meeting=meeting).first() or Activity(meeting=meeting,
                                                                                 level=working_together,
                                                                                 unit=Unit.HALF_DAY)
        services_time.save_activity(activity=activity, by=lead)
    _reading_time(members[1], past)
    _interview_panel(lead, members, working_together)


def _reading_time(person, past):
    invited = [m for m in past if m.invitations.filter(member=person).exists()]
    if not invited or InvolvementRecord.objects.filter(member=person, kind=InvolvementRecord.Kind.PREPARATION).exists():
        return
    meeting = invited[-1]
    services_time.add_preparation_time(member=person, activity=meeting.involvement, hours=Decimal("1.5"),
                                       on=timezone.localdate(meeting.starts_at) - dt.timedelta(days=2),
                                       note="Read the papers and the Easy Read summary")


def _interview_panel(lead, members, working_together):
    offline = next((m for m in members if m.is_offline), None)
    partner = InvolvementLevel.objects.filter(pays_involvement_payment=True).order_by("-order").first()
    if offline is None or Activity.objects.filter(title="Interview panel: peer support worker").exists():
        return
    panel = services_time.save_activity(activity=Activity(
        title="Interview panel: peer support worker", kind=Activity.Kind.INTERVIEW, level=partner or working_together,
        unit=Unit.HALF_DAY, happens_on=timezone.localdate() - dt.timedelta(days=21)), by=lead)
    services_time.record_time_for(member=offline, activity=panel, kind=InvolvementRecord.Kind.ATTENDED,
                                  hours=Decimal(3), on=panel.happens_on, by=lead,
                                  note="Sat on the panel and asked the lived-experience questions")

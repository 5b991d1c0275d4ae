"""Meeting reminders: planned from each published meeting and the reminder times leads set; sent to invitees
who have not sent apologies; offline invitees go on a phone/post list for their lead."""

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from network.models import LEADS_GROUP_NAME, Member
from notifications import services
from notifications.models import DueNotification, Kind, ReminderRule

from .ical import ics_filename, meeting_ics
from .models import AgendaItem, Invitation, Meeting

# A reminder whose time had already passed by this much when the meeting was published is not sent late.
LATE_PUBLISH_GRACE = dt.timedelta(minutes=30)


def _active_rules():
    return list(ReminderRule.objects.filter(is_active=True).order_by("-hours_before"))


def plan_meeting_reminders(now=None):
    """Keep one DueNotification per published upcoming meeting and reminder time. Runs with every scan, so a
    change of time, a new reminder rule or a cancellation is picked up within a minute."""
    now = now or timezone.now()
    rules = _active_rules()
    meetings = list(Meeting.objects.published().filter(starts_at__gt=now).values_list("pk", "starts_at"))
    existing = {
        (d.object_id, d.occasion): d
        for d in DueNotification.objects.filter(kind=Kind.MEETING_REMINDER, object_id__in=[m for m, _ in meetings])
    }
    to_create, to_move = [], []
    for meeting_id, starts_at in meetings:
        for rule in rules:
            due_at = starts_at - dt.timedelta(hours=rule.hours_before)
            due = existing.get((meeting_id, rule.occasion))
            if due is None:
                late = due_at < now - LATE_PUBLISH_GRACE
                to_create.append(
                    DueNotification(
                        kind=Kind.MEETING_REMINDER, object_id=meeting_id, occasion=rule.occasion, due_at=due_at,
                        processed_at=now if late else None,
                        outcome="not sent: the meeting was published after this reminder time" if late else "",
                    )
                )
            elif due.processed_at is None and due.due_at != due_at:
                due.due_at = due_at
                to_move.append(due)
    DueNotification.objects.bulk_create(to_create, ignore_conflicts=True)
    DueNotification.objects.bulk_update(to_move, ["due_at"])
    # Cancelled or unpublished meetings get no reminders.
    DueNotification.objects.filter(kind=Kind.MEETING_REMINDER, processed_at__isnull=True).exclude(
        object_id__in=Meeting.objects.published().values("pk")
    ).update(processed_at=now, outcome="withdrawn: the meeting is not published")


def is_stale(meeting_id, occasion, now):
    meeting = Meeting.objects.filter(pk=meeting_id).values("status", "starts_at").first()
    if meeting is None or meeting["status"] != Meeting.Status.PUBLISHED or meeting["starts_at"] <= now:
        return True
    # A closer reminder is also due (the worker was down): send that one, not both.
    hours = int(occasion.rstrip("h")) if occasion.rstrip("h").isdigit() else None
    if hours is None:
        return False
    return any(
        rule.hours_before < hours and meeting["starts_at"] - dt.timedelta(hours=rule.hours_before) <= now
        for rule in _active_rules()
    )


def reminder_recipients(meeting_id, occasion):
    return Member.objects.not_erased().filter(
        meeting_invitations__meeting_id=meeting_id
    ).exclude(
        meeting_invitations__meeting_id=meeting_id,
        meeting_invitations__response__in=[Invitation.Response.APOLOGIES, Invitation.Response.WAITING],
    ).distinct()


def _meetings_with_agenda(meeting_ids):
    return {
        m.pk: m
        for m in Meeting.objects.filter(pk__in=meeting_ids).prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("presenter").order_by("order", "pk")),
            "papers",
        )
    }


def build_reminders(deliveries):
    meetings = _meetings_with_agenda({d.object_id for d in deliveries})
    ics = {pk: meeting_ics(m, with_online_link=True) for pk, m in meetings.items()}
    messages = {}
    for delivery in deliveries:
        meeting = meetings[delivery.object_id]
        messages[delivery.pk] = services.render_email(
            template="meetings/email/meeting_reminder",
            context={"member": delivery.member, "meeting": meeting, "agenda": meeting.agenda_items.all(),
                     "papers": meeting.papers.all()},
            to=[delivery.member.email],
            preference="wants_meeting_reminders",
            member_id=delivery.member_id,
            attachments=[(ics_filename(meeting), ics[meeting.pk], "text/calendar")],
        )
    return messages


# --- offline invitees: their lead gets the list of people to phone or write to ----------------------------------

def tell_leads_about_offline_invitees(meeting_id, occasion, offline_member_ids):
    offline = list(Member.objects.offline().filter(pk__in=offline_member_ids))
    if not offline:
        return
    lead_ids = {m.added_by_id for m in offline if m.added_by_id}
    if not lead_ids or len(lead_ids) < len(offline) and any(m.added_by_id is None for m in offline):
        lead_ids |= set(
            Member.objects.not_erased().filter(groups__name=LEADS_GROUP_NAME, is_active=True).values_list("pk", flat=True)
        )
    services.queue(
        kind=Kind.OFFLINE_CONTACT_LIST, object_id=meeting_id, occasion=occasion,
        members=Member.objects.filter(pk__in=lead_ids), meeting_id=meeting_id,
    )


def offline_list_recipients(meeting_id, occasion):
    return Member.objects.none()  # queued directly by tell_leads_about_offline_invitees


def build_offline_lists(deliveries):
    meeting_ids = {d.object_id for d in deliveries}
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=meeting_ids)}
    people = defaultdict(list)
    for invitation in (
        Invitation.objects.filter(meeting_id__in=meeting_ids).of_offline_members()
        .exclude(response=Invitation.Response.APOLOGIES)
        .select_related("member")
        .order_by("member__display_name")
    ):
        people[invitation.meeting_id].append(invitation)
    is_lead = set(
        Member.objects.filter(pk__in=[d.member_id for d in deliveries], groups__name=LEADS_GROUP_NAME).values_list(
            "pk", flat=True
        )
    )
    messages = {}
    for delivery in deliveries:
        mine = [i for i in people[delivery.object_id]
                if i.member.added_by_id == delivery.member_id or delivery.member_id in is_lead]
        if not mine:
            messages[delivery.pk] = None
            continue
        messages[delivery.pk] = services.render_email(
            template="meetings/email/offline_contact_list",
            context={"member": delivery.member, "meeting": meetings[delivery.object_id], "invitations": mine},
            to=[delivery.member.email],
        )
    return messages



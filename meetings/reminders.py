"""Meeting reminders: planned from each published meeting and the reminder times leads set; sent to invitees
who have not sent apologies; offline invitees go on a phone/post list for their lead."""

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from network.models import Member
from notifications import services
from notifications.models import DueNotification, Kind, ReminderRule

from .emails import template_for
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
            template=template_for(delivery.member, "meeting_reminder"),
            context={"member": delivery.member, "meeting": meeting, "agenda": meeting.agenda_items.all(),
                     "papers": meeting.papers.all()},
            to=[delivery.member.email],
            preference="wants_meeting_reminders",
            member_id=delivery.member_id,
            attachments=[(ics_filename(meeting), ics[meeting.pk], "text/calendar")],
        )
    return messages


# --- offline invitees: their lead gets the list of people to phone or write to ----------------------------------
#
# A list goes to each lead at every step an email goes to everyone else: the invitation, a change, a reminder,
# the minutes and a cancellation. One list per lead per step (the ledger's occasion), named after the step:
# "invited-<when>" (the people put on a list at that moment), "seq<n>" (a change), "<n>h" (a reminder),
# "minutes", "cancelled".

def active_leads():
    """The ids of the co-production leads who can get a list: active, not erased, with an email address."""
    return set(
        Member.objects.co_production_leads().active().not_erased().filter(email__isnull=False).values_list(
            "pk", flat=True
        )
    )


def leads_of(offline_members, leads=None):
    """{lead id: [offline members]}. An offline member's lead is the co-production lead who added them, while that
    person is still an active lead with an email address; otherwise every such lead, so nobody is dropped."""
    leads = active_leads() if leads is None else leads
    found = defaultdict(list)
    for member in offline_members:
        for lead_id in _leads_for(member, leads):
            found[lead_id].append(member)
    return found


def _leads_for(member, leads):
    return ({member.added_by_id} & leads) or leads


def _event(occasion):
    if occasion.startswith("invited-"):
        return "invitation"
    if occasion.startswith("seq"):
        return "changed"
    if occasion in ("minutes", "cancelled"):
        return occasion
    return "reminder"


def _queue_lists(meeting_id, occasion, offline_members):
    lead_ids = leads_of(offline_members)
    if not lead_ids:
        return 0
    queued = services.queue(kind=Kind.OFFLINE_CONTACT_LIST, object_id=meeting_id, occasion=occasion,
                            members=Member.objects.filter(pk__in=lead_ids), meeting_id=meeting_id)
    if queued:
        from notifications.tasks import send_pending_deliveries

        send_pending_deliveries.delay_on_commit()  # at once, not at the next scan
    return queued


def tell_leads_about_offline_invitees(meeting_id, occasion, offline_member_ids):
    """on_offline for reminders, changes, minutes and cancellations: the step's list for each of their leads."""
    return _queue_lists(meeting_id, occasion, list(Member.objects.offline().filter(pk__in=offline_member_ids)))


def tell_leads_about_new_invitees(meeting_id, occasion, offline_member_ids):
    """on_offline for invitations: the people not yet on any list are put on one now (whenever they were invited,
    at publishing or later), each once: claiming them is one UPDATE, so two runs never list a person twice."""
    if not active_leads():
        return 0  # nobody to phone them yet: they go on the first list once there is a lead
    now = timezone.now()
    claimed = Invitation.objects.filter(
        meeting_id=meeting_id, member_id__in=offline_member_ids, invitation_sent_at__isnull=True
    ).update(invitation_sent_at=now)
    if not claimed:
        return 0
    listed = Member.objects.offline().filter(
        meeting_invitations__meeting_id=meeting_id, meeting_invitations__invitation_sent_at=now
    )
    return _queue_lists(meeting_id, f"invited-{now:%Y%m%d%H%M%S%f}", list(listed))


def offline_list_recipients(meeting_id, occasion):
    return Member.objects.none()  # queued directly by the steps above


def offline_list_is_stale(meeting_id, occasion, now):
    event = _event(occasion)
    if event in ("minutes", "cancelled"):
        return False
    if event == "changed":
        from .email_builders import changed_since

        return changed_since(meeting_id, occasion, now)
    return not Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.PUBLISHED, ends_at__gt=now).exists()


def _listed(meeting_ids, occasions):
    """{(meeting id, occasion): [invitations]} of offline members for each list in a batch, by name."""
    invitations = (
        Invitation.objects.filter(meeting_id__in=meeting_ids).of_offline_members()
        .select_related("member").order_by("member__display_name")
    )
    found = defaultdict(list)
    for invitation in invitations:
        for occasion in occasions[invitation.meeting_id]:
            kind = _event(occasion)
            if kind == "invitation":
                stamp = f"invited-{invitation.invitation_sent_at:%Y%m%d%H%M%S%f}" if invitation.invitation_sent_at else ""
                if stamp != occasion:
                    continue
            elif kind in ("reminder", "changed") and invitation.response == Invitation.Response.APOLOGIES:
                continue
            found[(invitation.meeting_id, occasion)].append(invitation)
    return found


def needs_for_meeting(invitation):
    """What would help this person at the meeting: their reply's, or their profile's until they have replied (a
    reply starts from the profile)."""
    from network.models import AccessNeed

    codes = invitation.access_needs if invitation.responded_at else (invitation.member.access_needs or [])
    notes = invitation.access_needs_notes if invitation.responded_at else invitation.member.access_needs_notes
    labels = dict(AccessNeed.choices)
    return [str(labels.get(code, code)) for code in codes], notes


def build_offline_lists(deliveries):
    from .email_builders import changes_told
    from .models import Minutes

    meeting_ids = {d.object_id for d in deliveries}
    occasions = defaultdict(set)
    for d in deliveries:
        occasions[d.object_id].add(d.occasion)
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=meeting_ids)}
    people = _listed(meeting_ids, occasions)
    leads = active_leads()
    minutes = {m.meeting_id: m for m in Minutes.objects.filter(meeting_id__in=meeting_ids, published_at__isnull=False)}
    changes = changes_told([d for d in deliveries if _event(d.occasion) == "changed"], kind=Kind.OFFLINE_CONTACT_LIST)
    messages = {}
    for delivery in deliveries:
        mine = [i for i in people[(delivery.object_id, delivery.occasion)]
                if delivery.member_id in _leads_for(i.member, leads)]
        if not mine:
            messages[delivery.pk] = None
            continue
        for invitation in mine:
            invitation.needs, invitation.needs_notes = needs_for_meeting(invitation)
        meeting = meetings[delivery.object_id]
        messages[delivery.pk] = services.render_email(
            template="meetings/email/offline_contact_list",
            context={
                "member": delivery.member, "meeting": meeting, "invitations": mine, "event": _event(delivery.occasion),
                "changes": changes.get(delivery.pk, []), "minutes": minutes.get(meeting.pk),
                "list_url": services.absolute_url("meetings:offline_list", pk=meeting.pk),
                "minutes_url": services.absolute_url("meetings:minutes_print", pk=meeting.pk),
                "meeting_admin_url": services.absolute_url("admin:meetings_meeting_change", meeting.pk),
            },
            to=[delivery.member.email],
        )
    return messages

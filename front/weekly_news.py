"""The weekly network news: one email per member, built in batches with a fixed number of queries per batch."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from meetings.models import Invitation, Meeting
from notifications import services
from notifications.models import Kind
from pledges.selectors import pledge_figures
from projects.models import Action, Project, StageChange

LOOK_BACK = dt.timedelta(days=7)
LOOK_AHEAD = dt.timedelta(days=21)


def week_key(when):
    year, week, _ = timezone.localtime(when).isocalendar()
    return year * 100 + week, f"{year}-W{week:02d}"


def _network_news(now):
    since = now - LOOK_BACK
    figures = pledge_figures(since=since)
    return {
        "new_projects": list(Project.objects.filter(created_at__gte=since).order_by("title")),
        "stage_changes": list(
            StageChange.objects.filter(changed_at__gte=since).select_related("project").order_by("-changed_at")
        ),
        "pledge": {"current": figures.current, "earlier_only": figures.earlier_only, "this_week": figures.new_since},
    }


def build_weekly_digests(deliveries):
    """{delivery_id: message or None}; None means nothing new for that member, so nothing is sent."""
    now = timezone.now()
    news = _network_news(now)
    member_ids = [d.member_id for d in deliveries]

    # The meetings each member is invited to and has not sent apologies for.
    meetings_of = defaultdict(list)
    for invitation in (
        Invitation.objects.filter(
            member_id__in=member_ids, meeting__status=Meeting.Status.PUBLISHED,
            meeting__starts_at__gte=now, meeting__starts_at__lte=now + LOOK_AHEAD,
        )
        .exclude(response=Invitation.Response.APOLOGIES)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    ):
        meetings_of[invitation.member_id].append(invitation.meeting)

    actions_of = defaultdict(list)
    for action in Action.objects.open().filter(owner_id__in=member_ids).filter(
        Q(due__isnull=True) | Q(due__lte=timezone.localdate() + LOOK_AHEAD)
    ).select_related("project", "meeting"):
        actions_of[action.owner_id].append(action)

    messages = {}
    for delivery in deliveries:
        member = delivery.member
        meetings = meetings_of.get(member.pk, [])
        actions = actions_of.get(member.pk, [])
        if not (meetings or actions or news["new_projects"] or news["stage_changes"]):
            messages[delivery.pk] = None
            continue
        messages[delivery.pk] = services.render_email(
            template="front/email/weekly_digest",
            context={"member": member, "meetings": meetings, "actions": actions, "today": timezone.localdate(),
                     **news},
            to=[member.email],
            preference="wants_weekly_digest",
            member_id=member.pk,
        )
    return messages

def plan_weekly_digest(now=None):
    now = now or timezone.now()
    object_id, occasion = week_key(now)
    return services.schedule(kind=Kind.WEEKLY_DIGEST, object_id=object_id, occasion=occasion, due_at=now)

def weekly_recipients(object_id, occasion):
    from network.models import Member

    return Member.objects.active().not_erased().only(
        "pk", "email", "is_active", "wants_weekly_digest", "display_name"
    )


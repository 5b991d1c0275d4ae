"""The weekly network news: one email per member, built in batches with a fixed number of queries per batch."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from network.meetings.models import Meeting
from pledges.services import pledge_figures
from projects.models import Action, Project, ProjectMembership, StageChange

from . import services
from .models import Kind

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
        "network_meetings": list(
            Meeting.objects.published().filter(
                project__isnull=True, starts_at__gte=now, starts_at__lte=now + LOOK_AHEAD
            ).order_by("starts_at")
        ),
    }

def build_weekly_digests(deliveries):
    """{delivery_id: message or None}; None means nothing new for that member, so nothing is sent."""
    now = timezone.now()
    news = _network_news(now)
    member_ids = [d.member_id for d in deliveries]

    projects_of = defaultdict(set)
    for member_id, project_id in ProjectMembership.objects.filter(
        member_id__in=member_ids, status=ProjectMembership.Status.ACTIVE
    ).values_list("member_id", "project_id"):
        projects_of[member_id].add(project_id)
    all_project_ids = set().union(*projects_of.values()) if projects_of else set()

    meetings_by_project = defaultdict(list)
    for meeting in Meeting.objects.published().filter(
        project_id__in=all_project_ids, starts_at__gte=now, starts_at__lte=now + LOOK_AHEAD
    ).select_related("project").order_by("starts_at"):
        meetings_by_project[meeting.project_id].append(meeting)

    actions_of = defaultdict(list)
    for action in Action.objects.open().filter(owner_id__in=member_ids).filter(
        Q(due__isnull=True) | Q(due__lte=timezone.localdate() + LOOK_AHEAD)
    ).select_related("project", "meeting"):
        actions_of[action.owner_id].append(action)

    messages = {}
    for delivery in deliveries:
        member = delivery.member
        meetings = news["network_meetings"] + [
            m for pid in projects_of.get(member.pk, ()) for m in meetings_by_project.get(pid, ())
        ]
        meetings.sort(key=lambda m: m.starts_at)
        actions = actions_of.get(member.pk, [])
        if not (meetings or actions or news["new_projects"] or news["stage_changes"]):
            messages[delivery.pk] = None
            continue
        messages[delivery.pk] = services.render_email(
            template="notifications/email/weekly_digest",
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

    return Member.objects.filter(is_active=True).only(
        "pk", "email", "is_active", "wants_weekly_digest", "display_name"
    )


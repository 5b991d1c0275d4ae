"""Demo meetings: past and upcoming network meetings, and a meeting for each project."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .models import Meeting

VENUE = "Community Room, Riverside Centre, 12 Mill Lane"
VENUE_ACCESS = (
    "Step-free entrance from the car park. Accessible toilet on the ground floor. Hearing loop in the room. "
    "A quiet room is available next door."
)


def _at(days_from_today, hour):
    local = timezone.localdate() + dt.timedelta(days=days_from_today)
    return dt.datetime(local.year, local.month, local.day, hour, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))


def seed(members, projects):
    plan = [
        ("Network meeting: autumn review", -56, None),
        ("Network meeting: what stops people getting involved", -28, None),
        ("Network meeting: planning the new year", 14, None),
        ("Network meeting: spring gathering", 42, None),
    ]
    plan += [(f"{project.title}: working meeting", 7 + 3 * i, project) for i, project in enumerate(projects)]
    lead = members[0]
    for title, days, project in plan:
        starts = _at(days, 14 if project is None else 10)
        Meeting.objects.get_or_create(
            title=title,
            defaults={
                "kind": Meeting.Kind.PROJECT if project else Meeting.Kind.NETWORK,
                "project": project,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=2),
                "venue": VENUE,
                "venue_access": VENUE_ACCESS,
                "capacity": 30 if project is None else 12,
                "status": Meeting.Status.PUBLISHED,
                "created_by": lead,
                "description": "Everyone is welcome. Tea, coffee and lunch provided. Travel costs paid back.",
            },
        )

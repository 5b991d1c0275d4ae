"""Reads for support people's pages: each a fixed number of queries, however many rows."""

from django.utils import timezone

from meetings.models import Invitation, Meeting
from meetings.selectors import open_meeting_actions

from .models import Permission, SupportAction, SupportLink


def support_people_of(member):
    """The member's support people, each with may_<permission> True/False/None, and their consent history."""
    return list(
        SupportLink.objects.filter(member=member).with_permissions().prefetch_related("consents__recorded_by")
        .order_by("name", "pk")
    )


def people_supported_by(user):
    """The people who named `user`, with what each lets them do now (links with no live permission left out)."""
    links = SupportLink.objects.filter(supporter=user, member__erased_at__isnull=True, member__is_active=True)
    links = links.with_permissions().select_related("member").order_by("member__display_name", "pk")
    return [link for link in links if any(getattr(link, f"may_{p}") for p in Permission.values)]


def done_for(member, limit=50):
    """What support people did for the member, newest first."""
    return list(SupportAction.objects.filter(member=member).select_related("supporter", "meeting")[:limit])


def meetings_to_reply_for(member):
    """The member's invitations to published meetings still to come, soonest first."""
    return list(
        Invitation.objects.filter(member=member, meeting__status=Meeting.Status.PUBLISHED,
                                  meeting__starts_at__gt=timezone.now())
        .select_related("meeting").order_by("meeting__starts_at", "pk")
    )


def actions_of(member):
    return open_meeting_actions(member)

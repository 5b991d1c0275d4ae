"""Who may do what with meetings. Views, templates ({% has_perm %}) and the admin all ask these."""

import rules

from network.access import is_co_production_lead, is_signed_in, register_admin_rules
from projects.models import ProjectMembership
from projects.selectors import live_membership

from .models import Invitation, Meeting


def in_audience(user, meeting):
    """Whether the meeting's audience includes this member today (a new member of the network or project counts)."""
    if not user.is_authenticated or not user.is_active or meeting is None:
        return False
    if user.supporter_only:  # someone who only acts with a member is not in any meeting's audience
        return False
    if meeting.audience == Meeting.Audience.NETWORK:
        return True
    if meeting.audience == Meeting.Audience.PROJECT and meeting.project_id:
        membership = live_membership(member=user, project_id=meeting.project_id)
        return membership is not None and membership.status == ProjectMembership.Status.ACTIVE
    return False


def invitation_of(user, meeting):
    """The member's invitation row, looked up once per request and meeting."""
    if not user.is_authenticated or meeting is None:
        return None
    cache = getattr(user, "_meeting_invitation_cache", None)
    if cache is None:
        cache = user._meeting_invitation_cache = {}
    if meeting.pk not in cache:
        cache[meeting.pk] = Invitation.objects.filter(member=user, meeting=meeting).first()
    return cache[meeting.pk]


def forget_invitation(user, meeting):
    getattr(user, "_meeting_invitation_cache", {}).pop(meeting.pk, None)


@rules.predicate
def is_invitee(user, meeting):
    if meeting is None or meeting.status == Meeting.Status.DRAFT:
        return False
    return invitation_of(user, meeting) is not None or in_audience(user, meeting)


@rules.predicate
def is_open_for_replies(user, meeting):
    return meeting is not None and meeting.is_open_for_replies


@rules.predicate
def is_upcoming_network_meeting(user, meeting):
    return meeting is not None and meeting.kind == Meeting.Kind.NETWORK and meeting.is_open_for_replies


@rules.predicate
def is_draft_meeting(user, meeting):
    # Without a meeting (the list page) the answer is yes; a published meeting has replies and history.
    return meeting is None or meeting.status == Meeting.Status.DRAFT

rules.add_perm("meetings.see_meetings", is_signed_in)
rules.add_perm("meetings.see_every_meeting", is_co_production_lead)
rules.add_perm("meetings.see_meeting", is_co_production_lead | is_invitee)
# Papers and the online joining link: invitees and leads only.
rules.add_perm("meetings.see_papers", is_co_production_lead | is_invitee)
rules.add_perm("meetings.see_online_link", is_co_production_lead | is_invitee)
rules.add_perm("meetings.reply", is_invitee & is_open_for_replies)
rules.add_perm("meetings.suggest_agenda_item", is_invitee & is_upcoming_network_meeting)
# What the organiser prints: access needs of people coming, and the phone/post list of offline invitees.
rules.add_perm("meetings.see_access_needs", is_co_production_lead)
rules.add_perm("meetings.see_offline_list", is_co_production_lead)
rules.add_perm("meetings.use_calendar_feed", is_signed_in)

# The admin, from the table in network/permissions.py. Actions agreed at meetings are projects.Action rows.
register_admin_rules("meetings", narrow={"delete_meeting": is_draft_meeting})

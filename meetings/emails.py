"""Build the meeting emails (a text and an HTML part each). Sending goes through the delivery ledger
(notifications), which sends each one exactly once."""


from notifications.services import absolute_url, render_email

from . import ical

ICS_TYPE = "text/calendar"
# The emails written in Easy Read too (templates/meetings/email/easy_read/): date and place first, one thing a line.
EASY_READ_EMAILS = {"invitation", "meeting_reminder", "minutes_digest", "changed", "cancelled", "place_offered"}


def template_for(member, template):
    """The email's template as the member chose: Easy Read where there is one, else the standard words."""
    if getattr(member, "easy_read", False) and template in EASY_READ_EMAILS:
        return f"meetings/email/easy_read/{template}"
    return f"meetings/email/{template}"


def render(*, template, context, to, attachments=(), preference=None, member_id=None):
    return render_email(template=template_for(context.get("member"), template), context=context, to=to,
                        attachments=attachments, preference=preference, member_id=member_id)


def _meeting_context(meeting):
    return {
        "meeting": meeting,
        "meeting_url": absolute_url(meeting.get_absolute_url()),
        "calendar_url": absolute_url("meetings:ics", pk=meeting.pk),
    }


def invitation_email(invitation):
    meeting = invitation.meeting
    ics = ical.meeting_ics(meeting, with_online_link=True)
    return render(
        template="invitation",
        context={"member": invitation.member, **_meeting_context(meeting),
                 "agenda": list(meeting.agenda_items.select_related("presenter"))},
        to=[invitation.member.email],
        attachments=[(ical.ics_filename(meeting), ics, f"{ICS_TYPE}; method=PUBLISH")],
    )


def changed_email(invitation, *, changes=()):
    """changes: [(what, was, is now)], what the person was last told and what it is now."""
    meeting = invitation.meeting
    ics = ical.meeting_ics(meeting, with_online_link=True)
    return render(
        template="changed",
        context={"member": invitation.member, "changes": changes, **_meeting_context(meeting)},
        to=[invitation.member.email],
        attachments=[(ical.ics_filename(meeting), ics, f"{ICS_TYPE}; method=PUBLISH")],
    )


def cancellation_email(invitation):
    meeting = invitation.meeting
    ics = ical.meeting_ics(meeting, with_online_link=False, method="CANCEL")
    return render(
        template="cancelled",
        context={"member": invitation.member, **_meeting_context(meeting)},
        to=[invitation.member.email],
        attachments=[(ical.ics_filename(meeting), ics, f"{ICS_TYPE}; method=CANCEL")],
    )


def place_offered_email(invitation):
    return render(
        template="place_offered",
        context={"member": invitation.member, **_meeting_context(invitation.meeting)},
        to=[invitation.member.email],
    )


def minutes_digest_email(invitation, *, minutes, actions, next_meeting=None):
    next_context = _meeting_context(next_meeting) if next_meeting else {}
    return render(
        template="minutes_digest",
        context={"member": invitation.member, "minutes": minutes, "actions": actions,
                 "next_meeting": next_meeting, "next_meeting_url": next_context.get("meeting_url"),
                 **_meeting_context(invitation.meeting)},
        to=[invitation.member.email],
        preference="wants_meeting_digests",
        member_id=invitation.member_id,
    )


def suggestion_answer_email(suggestion):
    return render(
        template="suggestion_answer",
        context={"member": suggestion.suggested_by, "suggestion": suggestion,
                 **_meeting_context(suggestion.meeting)},
        to=[suggestion.suggested_by.email],
    )

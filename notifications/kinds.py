"""The kinds of email the engine sends, registered once when the app is ready."""

from . import digest, meeting_emails, reminders
from .models import Kind
from .registry import KindHandler, register

register(
    KindHandler(
        kind=Kind.WEEKLY_DIGEST,
        preference="wants_weekly_digest",
        recipients=digest.weekly_recipients,
        build_messages=digest.build_weekly_digests,
    )
)

register(
    KindHandler(
        kind=Kind.MEETING_REMINDER,
        preference="wants_meeting_reminders",
        recipients=reminders.reminder_recipients,
        build_messages=reminders.build_reminders,
        is_stale=reminders.is_stale,
        on_offline=reminders.tell_leads_about_offline_invitees,
    )
)

register(
    KindHandler(
        kind=Kind.OFFLINE_CONTACT_LIST,
        preference=None,
        recipients=reminders.offline_list_recipients,
        build_messages=reminders.build_offline_lists,
    )
)

for handler in (
    KindHandler(Kind.MEETING_INVITATION, None, meeting_emails.invitees, meeting_emails.build_invitations,
                is_stale=meeting_emails.meeting_over_or_not_published),
    KindHandler(Kind.MEETING_CHANGED, None, meeting_emails.invitees_still_coming, meeting_emails.build_changes,
                is_stale=meeting_emails.changed_since),
    KindHandler(Kind.MEETING_CANCELLED, None, meeting_emails.invitees, meeting_emails.build_cancellations),
    KindHandler(Kind.PLACE_OFFERED, None, meeting_emails.invitees, meeting_emails.build_place_offers,
                is_stale=meeting_emails.meeting_over_or_not_published),
    KindHandler(Kind.MINUTES_DIGEST, "wants_meeting_digests", meeting_emails.invitees,
                meeting_emails.build_minutes_digests),
    KindHandler(Kind.SUGGESTION_ANSWER, None, meeting_emails.suggester, meeting_emails.build_suggestion_answers),
):
    register(handler)

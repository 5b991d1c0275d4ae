"""The kinds of email the engine sends, registered once when the app is ready."""

from . import digest, reminders
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

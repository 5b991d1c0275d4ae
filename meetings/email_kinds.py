"""The emails meetings send through the ledger (notifications): who gets each kind, what it says, when it is too
late. Registered once when the app is ready; the reminder plan runs at every scan."""

from notifications.models import Kind
from notifications.registry import KindHandler, register, register_planner

from . import email_builders as built
from . import reminders


def _the_meeting(object_id):
    return object_id  # these kinds are about a meeting, by its id

register(
    KindHandler(
        kind=Kind.MEETING_REMINDER,
        preference="wants_meeting_reminders",
        recipients=reminders.reminder_recipients,
        build_messages=reminders.build_reminders,
        is_stale=reminders.is_stale,
        on_offline=reminders.tell_leads_about_offline_invitees,
        meeting_of=_the_meeting,
    )
)
register(
    KindHandler(
        kind=Kind.OFFLINE_CONTACT_LIST,
        preference=None,
        recipients=reminders.offline_list_recipients,
        build_messages=reminders.build_offline_lists,
        is_stale=reminders.offline_list_is_stale,
        meeting_of=_the_meeting,
    )
)
for handler in (
    KindHandler(Kind.MEETING_INVITATION, None, built.invitees, built.build_invitations,
                is_stale=built.meeting_over_or_not_published, on_offline=reminders.tell_leads_about_new_invitees),
    KindHandler(Kind.MEETING_CHANGED, None, built.invitees_still_coming, built.build_changes,
                is_stale=built.changed_since, on_offline=reminders.tell_leads_about_offline_invitees),
    KindHandler(Kind.MEETING_CANCELLED, None, built.invitees, built.build_cancellations,
                on_offline=reminders.tell_leads_about_offline_invitees),
    KindHandler(Kind.PLACE_OFFERED, None, built.invitees, built.build_place_offers,
                is_stale=built.meeting_over_or_not_published),
    KindHandler(Kind.MINUTES_DIGEST, "wants_meeting_digests", built.invitees, built.build_minutes_digests,
                meeting_of=_the_meeting, on_offline=reminders.tell_leads_about_offline_invitees),
    KindHandler(Kind.SUGGESTION_ANSWER, None, built.suggester, built.build_suggestion_answers),
):
    register(handler)

register_planner(reminders.plan_meeting_reminders)

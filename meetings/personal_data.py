"""What erasing an account does to meetings' rows (the words are network/personal_data.py's)."""

from network.personal_data import DELETE, KEEP, Blank, Call, Delete, Rule, register


def _meeting_invitations(rows, member):
    from .services import withdraw_invitations

    # Meetings still to come: the invitation goes and any place they held goes to the waiting list.
    withdraw_invitations(member=member)
    # Meetings that happened: the reply stays for the figures, without what they told us they need.
    rows.update(access_needs=[], access_needs_notes="")



register({
    "meetings.meeting": Rule(created_by=KEEP, chosen_members=KEEP),
    "meetings.meetingseries": Rule(created_by=KEEP, chosen_members=KEEP),  # as for each of its meetings
    "meetings.agendaitem": Rule(presenter=Blank(presenter_name="")),  # the link shows "a former member"
    # A support person who replied for the member and went: their name no longer says they come with them.
    "meetings.invitation": Rule(member=Call(_meeting_invitations), replied_by=Blank(coming_with="")),
    "meetings.attendance": Rule(member=KEEP),
    "meetings.meetingchair": Rule(member=KEEP),  # who chaired, as for who came
    "meetings.minutes": Rule(published_by=KEEP),
    "meetings.meetingchange": Rule(changed_by=KEEP),  # which lead changed a meeting, as for who created it
    "meetings.agendasuggestion": Rule(
        suggested_by=(Delete(status="waiting"), Blank(details="")), answered_by=KEEP
    ),
    "meetings.calendarfeed": Rule(member=DELETE),
})

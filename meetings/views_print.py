"""The printable minutes: what a lead posts to, or reads out to, members who do not use email."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from network.access import require

from . import selectors
from .models import Meeting


@login_required
def minutes_print(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("project"), pk=pk)
    require(request, "meetings.see_meeting", meeting)
    minutes = selectors.minutes_seen(meeting, sees_drafts=request.user.has_perm("meetings.see_access_needs", meeting))
    if minutes is None:
        raise Http404
    return render(request, "meetings/minutes_print.html", {
        "meeting": meeting, "minutes": minutes, "actions": list(meeting.action_items()),
        "chairs": selectors.chairs(meeting),
        "large_print": request.GET.get("large") == "1",
    })

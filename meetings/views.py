"""Members' meeting pages: list, meeting page, reply, papers, calendars, agenda suggestions; organiser's print-outs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.access import require
from network.downloads import private_download
from network.roles import sees_every_role
from notifications.services import absolute_url

from . import ical, rules, selectors, services
from .forms import ReplyForm, SuggestionForm
from .models import Invitation, Meeting, Paper


def _meeting_or_403(request, pk, perm="meetings.see_meeting", queryset=None):
    meeting = get_object_or_404(queryset if queryset is not None else Meeting.objects.select_related("project"), pk=pk)
    require(request, perm, meeting)
    return meeting


@login_required
def meeting_list(request):
    upcoming, past = selectors.meetings_seen_by(
        request.user, page_number=request.GET.get("page"), past_page_number=request.GET.get("past_page"),
        per_page=MEETINGS_PER_PAGE,
    )
    my_actions = selectors.open_meeting_actions(request.user)
    return render(request, "meetings/list.html", {"upcoming": upcoming, "past": past, "my_actions": my_actions})


MEETINGS_PER_PAGE = 20


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_or_403(request, pk)
    user = request.user
    invitation = rules.invitation_of(user, meeting)
    # Once the meeting has minutes, nobody is asked whether they are coming (the service refuses a reply too).
    can_reply = user.has_perm("meetings.reply", meeting) and not selectors.has_minutes(meeting)
    can_suggest = user.has_perm("meetings.suggest_agenda_item", meeting)
    is_lead = user.has_perm("meetings.see_access_needs", meeting)
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "agenda": selectors.agenda(meeting),
        "chairs": selectors.chairs_shown_to(meeting, user),
        "other_papers": selectors.papers_without_item(meeting),
        "can_see_papers": user.has_perm("meetings.see_papers", meeting),
        "can_see_online_link": user.has_perm("meetings.see_online_link", meeting),
        "can_reply": can_reply,
        "reply_form": ReplyForm.for_member(member=user, invitation=invitation) if can_reply else None,
        **selectors.replies(meeting, user),
        "can_suggest": can_suggest,
        "suggestion_form": SuggestionForm() if can_suggest else None,
        "my_suggestions": selectors.suggestions_by(meeting=meeting, member=user),
        "minutes": selectors.minutes_seen(meeting, sees_drafts=is_lead),
        "actions": list(meeting.action_items()),
        "is_lead": is_lead,
        "sees_every_role": sees_every_role(user),
        "time_zone_name": settings.TIME_ZONE.replace("_", " "),
    }
    return render(request, "meetings/detail.html", context)


@login_required
@require_POST
def reply(request, pk):
    meeting = _meeting_or_403(request, pk, "meetings.reply")
    invitation = rules.invitation_of(request.user, meeting)
    form = ReplyForm.for_member(member=request.user, invitation=invitation, data=request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose whether you are coming."))
        return redirect(meeting)
    try:
        invitation = services.reply(meeting=meeting, member=request.user, **form.cleaned_data)
    except services.MeetingError as error:
        messages.error(request, str(error))
        return redirect(meeting)
    if invitation.response == Invitation.Response.WAITING:
        messages.warning(
            request,
            _("The meeting is full, so you are on the waiting list. We will email you if a place comes up."),
        )
    elif invitation.response == Invitation.Response.ATTENDING:
        messages.success(request, _("Thank you. You are coming to this meeting."))
    else:
        messages.success(request, _("Thank you. We have your reply."))
    return redirect(meeting)


@login_required
def paper_download(request, pk, paper_id):
    meeting = _meeting_or_403(request, pk, "meetings.see_papers")
    paper = get_object_or_404(Paper, pk=paper_id, meeting=meeting)
    name = paper.original_name or f"paper-{paper.pk}.{paper.extension.lower()}"
    return private_download(paper.file, filename=name, content_type=paper.content_type)


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def meeting_ics(request, pk):
    meeting = _meeting_or_403(request, pk)
    body = ical.meeting_ics(meeting, with_online_link=request.user.has_perm("meetings.see_online_link", meeting))
    return _ics_response(body, ical.ics_filename(meeting))


@login_required
@require_POST
def suggest(request, pk):
    meeting = _meeting_or_403(request, pk, "meetings.suggest_agenda_item")
    form = SuggestionForm(request.POST)
    if form.is_valid():
        try:
            services.suggest_agenda_item(meeting=meeting, member=request.user, **form.cleaned_data)
        except services.MeetingError as error:
            messages.error(request, str(error))
            return redirect(meeting)
        messages.success(request, _("Thank you. The leads will add it to the agenda or tell you why not."))
        return redirect(meeting)
    return render(request, "meetings/suggest.html", {"meeting": meeting, "form": form}, status=400)


# --- the organiser's print-outs ---------------------------------------------------------------------------------

@login_required
def access_needs(request, pk):
    meeting = _meeting_or_403(request, pk, "meetings.see_access_needs")
    return render(request, "meetings/access_needs.html", {"meeting": meeting, **selectors.access_needs_sheet(meeting)})


@login_required
def offline_list(request, pk):
    meeting = _meeting_or_403(request, pk, "meetings.see_offline_list")
    only_mine = request.GET.get("mine") == "1"
    invitations = selectors.offline_invitations(meeting, added_by=request.user if only_mine else None)
    return render(request, "meetings/offline_list.html", {
        "meeting": meeting, "invitations": invitations, "only_mine": only_mine,
    })


# --- the personal calendar feed ---------------------------------------------------------------------------------

@login_required
def calendar_help(request):
    feed = services.calendar_feed_for(member=request.user)
    feed_path = absolute_url("meetings:feed", token=feed.token)
    return render(request, "meetings/calendar_help.html", {
        "feed_url": feed_path,
        "webcal_url": "webcal://" + feed_path.split("://", 1)[-1],
    })


@login_required
@require_POST
def calendar_reset(request):
    services.reset_calendar_feed(member=request.user)
    messages.success(
        request,
        _("Your calendar address has been changed. The old address no longer works: add the new one to your calendar."),
    )
    return redirect("meetings:calendar")


def calendar_feed(request, token):
    """The secret-address feed: no sign-in (calendar apps cannot), so the address itself is the key."""
    member = selectors.feed_owner(token)
    if member is None:
        raise Http404
    body = ical.feed_ics(member, selectors.feed_meetings(member), online_link_for=lambda meeting: True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


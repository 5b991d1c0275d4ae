"""Members' meeting pages: list, meeting page, reply, papers, calendars, agenda suggestions; organiser's print-outs."""

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.models import AccessNeed
from network.paging import lookahead_page
from network.roles import counts_seen, sees_every_role
from projects.models import Action

from . import ical, rules, services
from .forms import ReplyForm, SuggestionForm
from .models import AgendaSuggestion, CalendarFeed, Invitation, Meeting, Minutes, Paper


def _meeting_or_403(request, pk, perm="meetings.see_meeting", queryset=None):
    meeting = get_object_or_404(queryset if queryset is not None else Meeting.objects.select_related("project"), pk=pk)
    if not request.user.has_perm(perm, meeting):
        raise PermissionDenied
    return meeting


@login_required
def meeting_list(request):
    visible = Meeting.objects.visible_to(request.user).select_related("project").with_attending_count()
    # Both lists are read a page at a time without counting every meeting there has ever been.
    upcoming = lookahead_page(visible.upcoming(), request.GET.get("page"), MEETINGS_PER_PAGE)
    past = lookahead_page(visible.past(), request.GET.get("past_page"), MEETINGS_PER_PAGE)
    shown = [*upcoming, *past]
    mine = {
        i.meeting_id: i
        for i in Invitation.objects.filter(member=request.user, meeting_id__in=[m.pk for m in shown]).only(
            "meeting_id", "response"
        )
    }
    for meeting in shown:
        meeting.my_invitation = mine.get(meeting.pk)
    my_actions = list(
        Action.objects.for_member(request.user).open().filter(meeting__isnull=False).select_related("meeting")
    )
    return render(request, "meetings/list.html", {"upcoming": upcoming, "past": past, "my_actions": my_actions})


MEETINGS_PER_PAGE = 20


def _replies(meeting, viewer):
    """Who is coming by role, how many are coming and how many are waiting: one grouped query. People who keep
    their role private are counted as "Member" (except for a lead), so a reply never gives their role away."""
    coming, shown, kept, waiting = Counter(), Counter(), 0, 0
    grouped = (
        meeting.invitations.filter(response__in=[Invitation.Response.ATTENDING, Invitation.Response.WAITING])
        .order_by()
        .values_list("response", "member__role", "member__show_role_in_directory")
        .annotate(n=Count("pk"))
    )
    for response, role, shows_role, n in grouped:
        if response == Invitation.Response.ATTENDING:
            coming[role] += n
            if shows_role:
                shown[role] += n
            else:
                kept += n
        else:
            waiting += n
    attending = sum(coming.values())
    return {
        "role_counts": counts_seen(every_role=sees_every_role(viewer), by_role=coming, shown_by_role=shown, kept=kept),
        "attending_count": attending,
        "waiting_count": waiting,
        "places_left": None if meeting.capacity is None else max(meeting.capacity - attending, 0),
    }


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_or_403(request, pk)
    user = request.user
    invitation = rules.invitation_of(user, meeting)
    can_reply = user.has_perm("meetings.reply", meeting)
    can_suggest = user.has_perm("meetings.suggest_agenda_item", meeting)
    agenda = meeting.agenda_items.select_related("presenter").prefetch_related(
        Prefetch("papers", queryset=Paper.objects.order_by("pk"))
    )
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "agenda": agenda,
        "other_papers": meeting.papers.filter(agenda_item__isnull=True),
        "can_see_papers": user.has_perm("meetings.see_papers", meeting),
        "can_see_online_link": user.has_perm("meetings.see_online_link", meeting),
        "can_reply": can_reply,
        "reply_form": ReplyForm.for_member(member=user, invitation=invitation) if can_reply else None,
        **_replies(meeting, user),
        "can_suggest": can_suggest,
        "suggestion_form": SuggestionForm() if can_suggest else None,
        "my_suggestions": AgendaSuggestion.objects.filter(meeting=meeting, suggested_by=user),
        "minutes": Minutes.objects.filter(meeting=meeting).first(),
        "actions": list(meeting.action_items()),
        "is_lead": user.has_perm("meetings.see_access_needs", meeting),
        "sees_every_role": sees_every_role(user),
        "time_zone_name": settings.TIME_ZONE.replace("_", " "),
    }
    minutes = context["minutes"]
    if minutes is not None and minutes.published_at is None and not context["is_lead"]:
        context["minutes"] = None
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
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = paper.original_name or f"paper-{paper.pk}.{paper.extension.lower()}"
    response = FileResponse(handle, as_attachment=True, filename=name,
                            content_type=paper.content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response


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
    coming = list(
        meeting.invitations.filter(response__in=[Invitation.Response.ATTENDING, Invitation.Response.MAYBE])
        .select_related("member").order_by("response", "member__display_name")
    )
    counts = Counter(code for invitation in coming if invitation.response == Invitation.Response.ATTENDING
                     for code in invitation.access_needs)
    summary = [(label, counts[value]) for value, label in AccessNeed.choices if counts[value]]
    return render(request, "meetings/access_needs.html", {
        "meeting": meeting,
        "coming": coming,
        "summary": summary,
        "attending_count": sum(1 for i in coming if i.response == Invitation.Response.ATTENDING),
        "with_needs": [i for i in coming if i.access_needs or i.access_needs_notes.strip()],
    })


@login_required
def offline_list(request, pk):
    meeting = _meeting_or_403(request, pk, "meetings.see_offline_list")
    invitations = meeting.invitations.of_offline_members().select_related("member", "member__added_by")
    only_mine = request.GET.get("mine") == "1"
    if only_mine:
        invitations = invitations.filter(member__added_by=request.user)
    return render(request, "meetings/offline_list.html", {
        "meeting": meeting, "invitations": list(invitations.order_by("member__display_name")), "only_mine": only_mine,
    })


# --- the personal calendar feed ---------------------------------------------------------------------------------

@login_required
def calendar_help(request):
    feed = services.calendar_feed_for(member=request.user)
    feed_path = f"{settings.SITE_URL}{reverse('meetings:feed', kwargs={'token': feed.token})}"
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
    feed = CalendarFeed.objects.filter(token=token).select_related("member").first()
    if feed is None or not feed.member.is_active:
        raise Http404
    member = feed.member
    # visible_to() holds only meetings the member is invited to (or, for a lead, runs): the link is theirs.
    meetings = list(Meeting.objects.visible_to(member).select_related("project").order_by("starts_at"))
    body = ical.feed_ics(member, meetings, online_link_for=lambda meeting: True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


"""The lead's run-sheet for one meeting, in the admin: before (replies, access needs), during (the register,
guests) and after (minutes, decisions, actions). MeetingAdmin.get_urls routes here; the admin asks the rules."""

from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.models import Action

from . import selectors, services
from .forms import ChairsForm, ChosenPeopleWidget, GuestForm, MinutesForm, NewActionFormSet, RegisterForm
from .models_chairs import MeetingChair

REGISTER_PER_PAGE = 50
NEEDS_PER_PAGE = 25


def _back(meeting, anchor, request):
    url = reverse("admin:meetings_meeting_run_sheet", args=[meeting.pk])
    page = request.GET.get("page")
    return redirect(f"{url}?page={page}#{anchor}" if page else f"{url}#{anchor}")


def _register_page(meeting, request):
    return selectors.register_page(meeting, page_number=request.GET.get("page"), per_page=REGISTER_PER_PAGE)


def _minutes_forms(admin_site, data=None, *, minutes=None, decisions=()):
    initial = {"text": minutes.text if minutes else "", "decisions": "\n".join(decisions)}
    owner_widget = AutocompleteSelect(Action._meta.get_field("owner"), admin_site)
    return (MinutesForm(data, initial=initial, prefix="minutes"),
            NewActionFormSet(data, prefix="actions", form_kwargs={"owner_widget": owner_widget}))


def _chairs_form(admin_site, data=None, *, chairs=()):
    widget = ChosenPeopleWidget(MeetingChair._meta.get_field("member"), admin_site)
    return ChairsForm(data, initial={"members": [member.pk for member in chairs]}, prefix="chairs",
                      members_widget=widget)


def _handle_post(request, meeting, model_admin):
    """Do what the button asked; returns a redirect, or the forms to show again with their errors."""
    part = request.POST.get("part")
    if part == "mark_present":
        marked = services.mark_coming_as_present(meeting=meeting, by=request.user)
        messages.success(request, ngettext("%(count)d person who said yes is marked present.",
                                           "%(count)d people who said yes are marked present.", marked)
                         % {"count": marked})
        return _back(meeting, "register", request)
    if part == "register":
        form = RegisterForm(request.POST, invitations=_register_page(meeting, request))
        if form.is_valid():
            services.record_register(meeting=meeting, by=request.user, statuses=form.statuses())
            messages.success(request, _("The register is saved."))
            return _back(meeting, "register", request)
        return {"register_form": form}
    if part == "guest":
        form = GuestForm(request.POST, prefix="guest")
        if form.is_valid():
            guest = services.add_guest(meeting=meeting, by=request.user, **form.cleaned_data)
            messages.success(request, _("%(name)s is added as a guest.") % {"name": guest.name})
            return _back(meeting, "guests", request)
        return {"guest_form": form}
    if part == "chairs":
        form = _chairs_form(model_admin.admin_site, request.POST)
        if form.is_valid():
            count = services.record_chairs(meeting, form.cleaned_data["members"], by=request.user)
            messages.success(request, _("Who chaired the meeting is saved.") if count
                             else _("Nobody is recorded as chairing the meeting now."))
            return _back(meeting, "chairs", request)
        return {"chairs_form": form}
    if part == "minutes":
        form, actions = _minutes_forms(model_admin.admin_site, request.POST)
        if form.is_valid() and actions.is_valid():
            new_actions = [a for a in (f.action() for f in actions.forms) if a]
            services.record_minutes(meeting=meeting, by=request.user, text=form.cleaned_data["text"],
                                    decisions=form.decision_lines(), new_actions=new_actions)
            messages.success(request, _("The minutes, decisions and actions are saved. Publish the minutes when "
                                        "they are ready to send."))
            return _back(meeting, "minutes", request)
        return {"minutes_form": form, "action_forms": actions}
    if part == "publish":
        services.publish_minutes(meeting=meeting, by=request.user)
        messages.success(request, _("The minutes are published and on their way to everyone invited."))
        return _back(meeting, "minutes", request)
    return _back(meeting, "top", request)


def run_sheet(request, meeting, model_admin):
    forms = {}
    status = 200
    if request.method == "POST":
        try:
            outcome = _handle_post(request, meeting, model_admin)
        except services.MeetingError as refusal:
            messages.error(request, str(refusal))
            return _back(meeting, "top", request)
        if not isinstance(outcome, dict):
            return outcome
        forms, status = outcome, 400
    register = _register_page(meeting, request)
    minutes, decisions, actions = selectors.run_sheet_minutes(meeting)
    minutes_form, action_forms = _minutes_forms(model_admin.admin_site, minutes=minutes, decisions=decisions)
    chairs = selectors.chairs(meeting)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Run-sheet: %(meeting)s") % {"meeting": meeting},
        "meeting": meeting,
        "started": meeting.starts_at <= timezone.now() and not meeting.is_cancelled,
        "replies": selectors.reply_counts(meeting),
        "needs": selectors.access_needs_page(meeting, page_number=request.GET.get("needs_page"),
                                             per_page=NEEDS_PER_PAGE),
        "register": register,
        "register_counts": selectors.register_counts(meeting),
        "register_form": RegisterForm(invitations=register),
        "guests": list(meeting.guests.all()),
        "guest_form": GuestForm(prefix="guest"),
        "chairs": chairs,
        "chairs_form": _chairs_form(model_admin.admin_site, chairs=chairs),
        "minutes": minutes,
        "decisions": decisions,
        "actions": actions,
        "minutes_form": minutes_form,
        "action_forms": action_forms,
        **forms,
    }
    context["media"] = model_admin.media + context["action_forms"].media + context["chairs_form"].media
    return TemplateResponse(request, "admin/meetings/run_sheet.html", context, status=status)

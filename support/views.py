"""Support people's pages: a member's own (name them, choose what each may do, see what they did), a lead's for
an offline member, and a support person's (what they may do for each person who named them)."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.models import Invitation
from network.access import require

from . import rules, selectors, services
from .forms import AccessNeedsForForm, HowForm, NameSupportPersonForm, PermissionsForm, ReplyForForm, WelcomeForm
from .models import How, SupportLink, supporter_from_token


def _member_or_none(member_id):
    return get_user_model().objects.filter(pk=member_id, erased_at__isnull=True).first()


def _manage(request, member, *, by_lead):
    """The page where support people are named and their permissions chosen, for `member`."""
    form = NameSupportPersonForm(request.POST or None)
    how_form = HowForm(request.POST or None) if by_lead else None
    status = 200
    if request.method == "POST":
        if form.is_valid() and (how_form is None or how_form.is_valid()):
            try:
                link = services.name_support_person(
                    member=member, by=request.user, how=how_form.cleaned_data["how"] if how_form else How.SITE,
                    **form.cleaned_data)
            except services.SupportRefused as error:
                form.add_error("email", str(error))
            else:
                messages.success(request, _("Thank you. We have added %(name)s and emailed them.") % {
                    "name": link.name})
                return redirect(request.path)
        status = 400
    links = selectors.support_people_of(member)
    return render(request, "support/mine.html", {
        "person": member, "by_lead": by_lead, "form": form, "how_form": how_form,
        "links": [(link, PermissionsForm(initial={"permissions": _given(link)}, prefix=f"link{link.pk}"))
                  for link in links],
        "done": selectors.done_for(member),
        "supported": [] if by_lead else selectors.people_supported_by(request.user),
    }, status=status)


def _given(link):
    return [name.removeprefix("may_") for name, value in vars(link).items() if name.startswith("may_") and value]


@login_required
def my_support(request):
    if request.user.supporter_only:
        if request.method == "POST":
            raise Http404
        return render(request, "support/mine.html", {
            "person": request.user, "supporter_only": True,
            "supported": selectors.people_supported_by(request.user),
        })
    require(request, "support.choose_support_people", request.user)
    return _manage(request, request.user, by_lead=False)


@login_required
def member_support(request, member_id):
    member = _member_or_none(member_id)
    require(request, "support.choose_support_people", member)
    if member.pk == request.user.pk:
        return redirect("support:mine")
    return _manage(request, member, by_lead=True)


@login_required
@require_POST
def change_permissions(request, link_id):
    link = SupportLink.objects.select_related("member").filter(pk=link_id).first()
    require(request, "support.choose_support_people", link.member if link else None)
    by_lead = link.member.pk != request.user.pk
    back = redirect("support:for_offline", member_id=link.member.pk) if by_lead else redirect("support:mine")
    how = How.SITE
    if by_lead:
        how_form = HowForm(request.POST, prefix=f"link{link.pk}")
        if not how_form.is_valid():
            messages.error(request, _("Please say how they told you."))
            return back
        how = how_form.cleaned_data["how"]
    if "withdraw" in request.POST:
        services.withdraw(link=link, how=how, by=request.user)
        messages.success(request, _("%(name)s can no longer do anything for you.") % {"name": link.name})
        return back
    form = PermissionsForm(request.POST, prefix=f"link{link.pk}")
    if not form.is_valid():
        messages.error(request, _("Please choose from the list."))
        return back
    services.choose_permissions(link=link, permissions=form.cleaned_data["permissions"], how=how, by=request.user)
    messages.success(request, _("We have saved what %(name)s may do.") % {"name": link.name})
    return back


@login_required
def supporting(request, member_id):
    member = _member_or_none(member_id)
    require(request, "support.act_for", member)
    may_reply = rules.reply_for(request.user, member)
    may_see_actions = rules.see_actions_of(request.user, member)
    return render(request, "support/supporting.html", {
        "person": member,
        "may_reply": may_reply,
        "may_see_actions": may_see_actions,
        "may_update_access_needs": rules.update_access_needs_of(request.user, member),
        "invitations": selectors.meetings_to_reply_for(member) if may_reply else [],
        "actions": selectors.actions_of(member) if may_see_actions else [],
    })


@login_required
def reply_for(request, member_id, meeting_id):
    member = _member_or_none(member_id)
    require(request, "support.reply_for", member)
    invitation = get_object_or_404(Invitation.objects.select_related("meeting"), member=member,
                                   meeting_id=meeting_id)
    meeting = invitation.meeting
    initial = {"response": invitation.response if invitation.response in {
        Invitation.Response.ATTENDING, Invitation.Response.MAYBE, Invitation.Response.APOLOGIES} else None,
        "coming_with": bool(invitation.coming_with)}
    form = ReplyForForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.reply_for(supporter=request.user, member=member, meeting=meeting,
                                            **form.cleaned_data)
        except services.SupportRefused as error:
            messages.error(request, str(error))
        except services.meeting_services.MeetingError as error:
            messages.error(request, str(error))
        else:
            if invitation.response == Invitation.Response.WAITING:
                messages.warning(request, _("The meeting is full, so %(name)s is on the waiting list.") % {
                    "name": member.display_name})
            else:
                messages.success(request, _("Thank you. We have your reply for %(name)s. We have told them.") % {
                    "name": member.display_name})
            return redirect("support:supporting", member_id=member.pk)
    return render(request, "support/reply_for.html", {
        "person": member, "meeting": meeting, "invitation": invitation, "form": form,
    }, status=400 if request.method == "POST" else 200)


@login_required
def access_needs_for(request, member_id):
    member = _member_or_none(member_id)
    require(request, "support.update_access_needs_of", member)
    form = AccessNeedsForForm(request.POST or None, initial={
        "access_needs": member.access_needs, "access_needs_notes": member.access_needs_notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_access_needs_for(supporter=request.user, member=member, **form.cleaned_data)
        except services.SupportRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you. We have saved what helps %(name)s. We have told them.") % {
                "name": member.display_name})
        return redirect("support:supporting", member_id=member.pk)
    return render(request, "support/access_needs_for.html", {"person": member, "form": form},
                  status=400 if request.method == "POST" else 200)


def welcome(request, token):
    """A support person without an account yet chooses a password from the link in their email."""
    supporter = supporter_from_token(token)
    if supporter is None:
        return render(request, "support/welcome_invalid.html", status=404)
    form = WelcomeForm(request.POST or None, user=supporter)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            supporter.set_password(form.cleaned_data["password1"])
            supporter.save(update_fields=["password"])
            # The link came to this address, so it is theirs.
            EmailAddress.objects.update_or_create(user=supporter, email=supporter.email,
                                                  defaults={"verified": True, "primary": True})
        login(request, supporter, backend="network.auth.SignInBackend")
        messages.success(request, _("Welcome. You can now do what the people who named you asked."))
        return redirect("support:mine")
    return render(request, "support/welcome.html", {"form": form, "supporter": supporter},
                  status=400 if request.method == "POST" else 200)

"""Members: the profile each member edits, the directory, and what leads do for members."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .access import require
from .forms import (
    INVITATION_SESSION_KEY,
    DirectorySearchForm,
    InvitationForm,
    OfflineMemberForm,
    ProfileForm,
    RecordConsentForm,
    RoleForm,
    searchable_words,
)
from .models import ConsentKind, JoinInvitation, Member, Power, Role
from .roles import sees_every_role

DIRECTORY_PAGE_SIZE = 24



@login_required
def profile(request):
    member = request.user
    require(request, "network.edit_own_profile")
    current = member.current_consents()
    form = ProfileForm(request.POST or None, instance=member, current_consents=current)
    if request.method == "POST":
        if form.is_valid():
            services.update_profile(member=form.save(commit=False), consents=form.consents())
            messages.success(request, _("Your profile is saved."))
            return redirect("network:profile")
        member.refresh_from_db()  # the failed form must not leave half-changed values on request.user
    return render(request, "network/profile.html", {"form": form, "consent_history": selectors.consent_history(member)})


# The name searched for is kept in the member's session, never in the address: a name in a URL ends up in
# access logs and browser history.
DIRECTORY_SEARCH_KEY = "directory_search"


def _search_directory(request):
    """The search form is posted; the words go into the session and the member comes back to ?search=1."""
    form = DirectorySearchForm(request.POST)
    form.is_valid()  # the words are always usable (odd characters dropped); a role not in the list is ignored
    words = form.cleaned_data.get("q", "")
    role = form.cleaned_data.get("role", "")
    query = {"role": role} if role else {}
    if words:
        request.session[DIRECTORY_SEARCH_KEY] = words
        query["search"] = "1"
    else:
        request.session.pop(DIRECTORY_SEARCH_KEY, None)
    return redirect(reverse("network:directory") + (f"?{urlencode(query)}" if query else ""))


@login_required
@require_http_methods(["GET", "POST"])
def directory(request):
    require(request, "network.see_directory")
    if request.method == "POST":
        return _search_directory(request)
    # Cleaned again when read: a session kept from before a change must not break the page every time.
    words = searchable_words(request.session.get(DIRECTORY_SEARCH_KEY, "")) if request.GET.get("search") else ""
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    page, role_options = selectors.directory_page(
        words=words, role=role, page_number=request.GET.get("page"), per_page=DIRECTORY_PAGE_SIZE
    )
    # Paging keeps the role and whether a search is on; nothing else from the address is repeated.
    query_string = {**({"role": role} if role else {}), **({"search": "1"} if words else {})}
    return render(
        request,
        "network/directory.html",
        {
            "page": page,
            "words": words,
            "role": role,
            "role_options": role_options,
            "query_string": urlencode(query_string),
            "can_manage": request.user.has_perm("network.manage_members"),
            "sees_every_role": sees_every_role(request.user),
        },
    )


@login_required
def add_offline_member(request):
    require(request, "network.manage_members")
    form = OfflineMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = services.create_offline_member(
            lead=request.user, member=form.save(commit=False), consents=form.consents(), how=form.cleaned_data["how"]
        )
        messages.success(request, _("%(name)s is now a member. You are their contact.") % {"name": member.display_name})
        return redirect("network:manage_member", pk=member.pk)
    return render(request, "network/add_offline_member.html", {"form": form})


@login_required
def invite(request):
    require(request, "network.manage_members")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(lead=request.user, **form.cleaned_data)
        except services.NetworkError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The invitation is on its way."))
            return redirect("network:invite")
    invitations = JoinInvitation.objects.select_related("invited_by", "accepted_by")[:20]
    return render(request, "network/invite.html", {"form": form, "invitations": invitations})


def accept_invitation(request, token):
    invitation = JoinInvitation.from_token(token)
    if invitation is None:
        return render(request, "network/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        messages.info(request, _("You are already signed in."))
        return redirect("home")
    if Member.objects.filter(email__iexact=invitation.email).exists():
        messages.info(request, _("You are already a member. Please sign in."))
        return redirect("account_login")
    # The link came to this address, so allauth may treat it as verified and pre-fill it on the sign-up form.
    get_adapter(request).stash_verified_email(request, invitation.email)
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    return redirect("account_signup")


def _manage_context(request, member, **forms):
    current = member.current_consents()
    return {
        "person": member,
        "role_form": forms.get("role_form") or RoleForm(initial={"role": member.role}, prefix="role"),
        "consent_form": forms.get("consent_form") or RecordConsentForm(prefix="consent"),
        "consent_history": selectors.consent_history(member),
        "current_consents": [(label, current[value]) for value, label in ConsentKind.choices],
        "can_make_lead": request.user.has_perm("network.make_lead", member),
        "is_lead": member.is_co_production_lead,
        "powers": selectors.powers_of(member),
        "power_history": member.power_changes.select_related("changed_by")[:20],
    }


@login_required
def manage_member(request, pk):
    require(request, "network.manage_members")
    member = get_object_or_404(Member.objects.select_related("added_by"), pk=pk)
    return render(request, "network/manage_member.html", _manage_context(request, member))


def _manage_post(request, pk):
    require(request, "network.manage_members")
    return get_object_or_404(Member, pk=pk)


@login_required
@require_POST
def change_role(request, pk):
    member = _manage_post(request, pk)
    form = RoleForm(request.POST, prefix="role")
    if form.is_valid():
        services.change_role(member=member, role=form.cleaned_data["role"], changed_by=request.user)
        messages.success(request, _("Role changed to “%(role)s”.") % {"role": member.get_role_display()})
    else:
        messages.error(request, _("Please choose one of the roles in the list."))
    return redirect("network:manage_member", pk=member.pk)


@login_required
@require_POST
def record_consent(request, pk):
    member = _manage_post(request, pk)
    form = RecordConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        row = services.record_consent(member=member, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, _("Recorded.") if row else _("Nothing changed: that was already their answer."))
        return redirect("network:manage_member", pk=member.pk)
    return render(
        request, "network/manage_member.html", _manage_context(request, member, consent_form=form), status=400
    )


@login_required
@require_POST
def change_power(request, pk):
    """A lead grants or withdraws one power; each change is recorded with who and when."""
    member = _manage_post(request, pk)
    require(request, "network.grant_powers")
    power = request.POST.get("power", "")
    if power not in Power.values:
        messages.error(request, _("Please choose one of the powers on the page."))
        return redirect("network:manage_member", pk=member.pk)
    label = Power(power).label
    try:
        if request.POST.get("grant") == "1":
            services.grant_power(member=member, power=power, granted_by=request.user)
            messages.success(request, _("%(name)s now has this power: %(power)s.")
                             % {"name": member.display_name, "power": label})
        else:
            services.withdraw_power(member=member, power=power, withdrawn_by=request.user)
            messages.success(request, _("%(name)s no longer has this power: %(power)s.")
                             % {"name": member.display_name, "power": label})
    except services.NetworkError as refusal:
        messages.error(request, str(refusal))
    return redirect("network:manage_member", pk=member.pk)


@login_required
@require_POST
def make_lead(request, pk):
    member = _manage_post(request, pk)
    try:
        services.make_lead(member=member, made_by=request.user)
    except services.NetworkError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("%(name)s is now a co-production lead.") % {"name": member.display_name})
    return redirect(reverse("network:manage_member", kwargs={"pk": member.pk}))

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from network.access import require

from . import selectors, services
from .forms import SignPledgeForm, WallChoiceForm, WithdrawForm
from .models import PledgeSignature, PledgeVersion

WALL_PAGE_SIZE = 24


def _next_url(request):
    """Where to bring the member back to after signing (for example the project they were joining), if safe.

    Only an address on this site, starting with "/", is followed; anything else (a bare word, another site, odd
    characters) is forgotten and the member sees the usual thank-you page instead.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or len(target) > 2000
        or any(ord(character) < 32 or ord(character) == 127 for character in target)
    ):
        return ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _sign_url(next_url):
    url = reverse("pledges:sign")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def pledge(request):
    """The public pledge page: current text, how many have signed, and the wall."""
    next_url = _next_url(request)
    version = selectors.current_version()
    status = selectors.kept_pledge_status(request.user)
    wall = figures = None
    if version is not None:
        figures = selectors.pledge_figures()
        wall = selectors.wall_page(version, request.GET.get("page"), WALL_PAGE_SIZE)
    earlier_versions = selectors.earlier_versions() if version else []
    return render(
        request,
        "pledges/pledge.html",
        {
            "version": version,
            "status": status,
            "figures": figures,
            "wall": wall,
            "earlier_versions": earlier_versions,
            "sign_url": _sign_url(next_url),
            "next_url": next_url,
        },
    )


def version_detail(request, pk):
    """Any published version, read-only, so members can see what they signed and what changed."""
    version = get_object_or_404(PledgeVersion.objects.published(), pk=pk)
    current = PledgeVersion.objects.current()
    if current is not None and current.pk == version.pk:
        return redirect("pledges:pledge")
    return render(request, "pledges/version.html", {"version": version, "current": current})


@login_required
@require_http_methods(["GET", "POST"])
def sign(request):
    require(request, "pledges.sign")
    version = PledgeVersion.objects.current()
    if version is None:
        messages.info(request, services.NoCurrentPledge.message)
        return redirect("pledges:pledge")
    status = selectors.pledge_status(request.user, current_version=version)
    if status.has_signed_current:
        messages.info(request, services.AlreadySigned.message)
        return redirect("pledges:pledge")
    previous = status.earlier_signature
    initial = {"commitment": previous.commitment, "show_on_wall": previous.show_on_wall} if previous else {}
    next_url = _next_url(request)  # decided before anything is saved, so a bad address cannot break the signing
    form = SignPledgeForm(request.POST if request.method == "POST" else None, current_version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_pledge(
                member=request.user,
                version=form.cleaned_data["version"],
                commitment=form.cleaned_data["commitment"],
                show_on_wall=form.cleaned_data["show_on_wall"],
            )
        except services.AlreadySigned as refusal:
            messages.info(request, refusal.message)
            return redirect("pledges:pledge")
        except services.PledgeError as refusal:
            form.add_error(None, refusal.message)
        else:
            if next_url:
                messages.success(request, _("Thank you for taking the pledge. You can carry on where you were."))
                return HttpResponseRedirect(next_url)  # a path, never read as the name of a page
            return redirect("pledges:signed")
    return render(
        request, "pledges/sign.html", {"version": version, "form": form, "status": status, "next_url": next_url}
    )


@login_required
def signed(request):
    """The confirmation page after signing."""
    status = selectors.pledge_status(request.user)
    if not status.has_signed_current:
        return redirect("pledges:pledge")
    signature = status.current_signature
    return render(
        request,
        "pledges/signed.html",
        {"signature": signature, "version": signature.version, "reaffirmed": status.earlier_signature is not None},
    )


@login_required
@require_POST
def wall_choice(request):
    form = WallChoiceForm(request.POST)
    if form.is_valid():
        show = form.cleaned_data["show_on_wall"]
        try:
            services.set_wall_choice(member=request.user, show_on_wall=show)
        except services.NotSigned as refusal:
            messages.info(request, refusal.message)
        else:
            messages.success(request, services.WALL_SHOWN_MESSAGE if show else services.WALL_HIDDEN_MESSAGE)
    return redirect("pledges:pledge")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request):
    status = selectors.pledge_status(request.user)
    if status.latest_signature is None:
        messages.info(request, services.NothingToWithdraw.message)
        return redirect("pledges:pledge")
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_signature(member=request.user)
        except services.NothingToWithdraw as refusal:
            messages.info(request, refusal.message)
        else:
            messages.success(request, services.WITHDRAWN_MESSAGE)
        return redirect("pledges:pledge")
    return render(request, "pledges/withdraw.html", {"form": form, "signature": status.latest_signature})


@login_required
def my_certificate(request):
    status = selectors.pledge_status(request.user)
    if status.latest_signature is None:
        messages.info(request, services.NO_CERTIFICATE_MESSAGE)
        return redirect("pledges:pledge")
    return redirect("pledges:certificate", pk=status.latest_signature.pk)


@login_required
def certificate(request, pk):
    """A printable certificate for a standing signature: its member, or a lead printing one for an offline member."""
    signature = get_object_or_404(PledgeSignature.objects.standing().select_related("member", "version"), pk=pk)
    require(request, "pledges.view_certificate", signature)
    return render(request, "pledges/certificate.html", {"signature": signature, "version": signature.version})

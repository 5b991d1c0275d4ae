from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import selectors, services
from .access import require
from .client_address import client_address
from .forms import BlockageForm, ContactForm, NetworkPageForm
from .models import Blockage
from .views_members import (  # noqa: F401 — the URLconf imports every view from here
    accept_invitation,
    add_offline_member,
    change_power,
    change_role,
    directory,
    invite,
    make_lead,
    manage_member,
    profile,
    record_consent,
)


def about(request):
    """The network page: who we are, our principles, and what we changed when members told us what gets in the way."""
    return render(
        request,
        "network/about.html",
        {
            "page": services.network_page(),
            "principles": selectors.principles(),
            "you_said_we_did": Blockage.objects.you_said_we_did()[:10],
            "can_edit": request.user.has_perm("network.edit_network_page"),
        },
    )


@login_required
def edit_about(request):
    require(request, "network.edit_network_page")
    page = services.network_page()
    form = NetworkPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        services.update_network_page(page=page, about=form.cleaned_data["about"], updated_by=request.user)
        messages.success(request, _("The network page is updated."))
        return redirect("network:about")
    return render(request, "network/edit_about.html", {"form": form})


def contact(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.display_name, "email": request.user.email or "", "phone": request.user.phone}
    form = ContactForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.send_enquiry(ip_address=client_address(request), sent_by=request.user, **form.cleaned_data)
            except services.TooManyEnquiries as refusal:
                form.add_error(None, str(refusal))
                status = 429
            else:
                return redirect("network:contact_thanks")
        else:
            status = 400
    return render(request, "network/contact.html", {"form": form}, status=status)


def contact_thanks(request):
    return render(request, "network/contact_thanks.html")


@login_required
def blockages(request):
    require(request, "network.raise_blockage")
    form = BlockageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.raise_blockage(member=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you for telling us. A co-production lead will reply here."))
            return redirect("network:blockages")
    mine = Blockage.objects.filter(raised_by=request.user).select_related("answered_by")
    return render(
        request,
        "network/blockages.html",
        {"form": form, "mine": mine, "you_said_we_did": Blockage.objects.you_said_we_did()[:10]},
        status=400 if form.errors else 200,
    )

"""Download my data; delete my account. A member only sees or erases their own data (no ids in those URLs); a lead
acts for an offline member who asked by phone or post."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from exports.models import ExportFormat, ExportKind
from exports.services import record_export
from network.access import require

from . import services
from .forms import EraseAccountForm, EraseOfflineMemberForm


@login_required
def my_data(request):
    require(request, "privacy.download_own_data")
    return render(request, "privacy/my_data.html", {"may_erase": request.user.has_perm("privacy.erase_own_account")})


@login_required
def read_my_data(request):
    """The same as the download, as a page a person can read and print."""
    require(request, "privacy.download_own_data")
    return render(request, "privacy/read.html", {"groups": services.readable_my_data(member=request.user)})


def _json_download(request, member, what, filename):
    data, count = services.collect_my_data(member=member)
    record_export(who=request.user, kind=ExportKind.MY_DATA, what=what, format=ExportFormat.JSON,
                  row_count=count, object_id=member.pk)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def download(request):
    require(request, "privacy.download_own_data")
    return _json_download(request, request.user, "my data", "my-data")


def _offline_member(request, member_id):
    member = get_object_or_404(get_user_model(), pk=member_id)
    require(request, "privacy.act_for_offline_member", member)
    return member


@login_required
def download_for_offline_member(request, member_id):
    member = _offline_member(request, member_id)
    # The file name has the member's number, never their name.
    return _json_download(request, member, "an offline member's data", f"member-{member.pk}-data")


@login_required
def erase_offline_member(request, member_id):
    member = _offline_member(request, member_id)
    form = EraseOfflineMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_member(member=member)
        except services.CannotErase as refusal:
            messages.error(request, str(refusal))
            return render(request, "privacy/erase_offline.html", {"form": form, "person": member})
        messages.success(request, _("Their account has been deleted. Please let them know it is done."))
        return redirect("network:directory")
    return render(request, "privacy/erase_offline.html", {"form": form, "person": member})


@login_required
def erase_account(request):
    require(request, "privacy.erase_own_account")
    form = EraseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_member(member=request.user)
        except services.CannotErase as refusal:
            messages.error(request, str(refusal))
            return redirect("privacy:my_data")
        logout(request)
        # Shown straight away rather than after a redirect: the person is signed out now, and there is no
        # page to come back to.
        return render(request, "privacy/erased.html")
    return render(request, "privacy/erase.html", {"form": form, "role": request.user.get_role_display()})


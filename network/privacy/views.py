"""Download my data; delete my account. A member only ever sees or erases their own data: no ids in these URLs."""

import json

import rules
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from projects.exports.models import ExportFormat, ExportKind
from projects.exports.services import record_export

from . import services
from .forms import EraseAccountForm


def _require(request, perm):
    # The rules alone decide: a superuser holds every model permission, but must not erase themselves here.
    if not rules.has_perm(perm, request.user):
        raise PermissionDenied


@login_required
def my_data(request):
    _require(request, "privacy.download_own_data")
    return render(request, "privacy/my_data.html", {"may_erase": rules.has_perm("privacy.erase_own_account", request.user)})


@login_required
def download(request):
    _require(request, "privacy.download_own_data")
    data, count = services.collect_my_data(member=request.user)
    record_export(who=request.user, kind=ExportKind.MY_DATA, what="my data", format=ExportFormat.JSON,
                  row_count=count, object_id=request.user.pk)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def erase_account(request):
    _require(request, "privacy.erase_own_account")
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


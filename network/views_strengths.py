"""What I bring: a member adds, changes and removes the pieces of their profile; leads search them to find people
to invite to a project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors_strengths as selectors
from .access import require
from .forms_strengths import BringSearchForm, PieceForm, TakingPartForm
from .what_i_bring import WhatIBring

SEARCH_PAGE_SIZE = 20
# What a lead searched for is kept in their session, never in the address: it may be about someone's health.
SEARCH_KEY = "what_they_bring_search"


def _page(request, *, piece_form=None, ways_form=None, status=200):
    pieces, taking_part = selectors.mine(request.user)
    return render(
        request,
        "network/what_i_bring.html",
        {
            "pieces": pieces,
            "piece_form": piece_form or PieceForm(prefix="piece"),
            "ways_form": ways_form or TakingPartForm(instance=taking_part, prefix="ways"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def what_i_bring(request):
    require(request, "network.edit_what_i_bring")
    if request.method == "GET":
        return _page(request)
    if "ways-who_may_see" in request.POST:
        taking_part = selectors.mine(request.user)[1]
        form = TakingPartForm(request.POST, instance=taking_part, prefix="ways")
        if not form.is_valid():
            return _page(request, ways_form=form, status=400)
        taking_part = form.save(commit=False)
        taking_part.changed_at = timezone.now()
        taking_part.save()
        messages.success(request, _("Saved the ways you like to take part."))
        return redirect("network:what_i_bring")
    form = PieceForm(request.POST, prefix="piece")
    if not form.is_valid():
        return _page(request, piece_form=form, status=400)
    piece = form.save(commit=False)
    piece.member = request.user
    piece.save()
    messages.success(request, _("Added to what you bring."))
    return redirect("network:what_i_bring")


def _own_piece(request, pk):
    require(request, "network.edit_what_i_bring")
    return get_object_or_404(WhatIBring, pk=pk, member=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def change_piece(request, pk):
    piece = _own_piece(request, pk)
    form = PieceForm(request.POST or None, instance=piece, prefix="piece")
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved your change."))
            return redirect("network:what_i_bring")
        piece.refresh_from_db()
    return render(
        request, "network/what_i_bring_change.html", {"piece": piece, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def remove_piece(request, pk):
    with transaction.atomic():
        _own_piece(request, pk).delete()
    messages.success(request, _("Removed from what you bring."))
    return redirect("network:what_i_bring")


@login_required
@require_http_methods(["GET", "POST"])
def search(request):
    require(request, "network.search_what_members_bring")
    if request.method == "POST":
        found = BringSearchForm(request.POST).search()
        if found:
            request.session[SEARCH_KEY] = found
            return redirect(reverse("network:what_they_bring") + "?search=1")
        request.session.pop(SEARCH_KEY, None)
        return redirect("network:what_they_bring")
    # Cleaned again when read: a session kept from before a change must not break the page.
    kept = request.session.get(SEARCH_KEY) if request.GET.get("search") else None
    searched = BringSearchForm(kept if isinstance(kept, dict) else {}).search()
    form = BringSearchForm(initial=searched)
    page = selectors.find_people(page_number=request.GET.get("page"), per_page=SEARCH_PAGE_SIZE, **searched)
    return render(
        request,
        "network/what_they_bring.html",
        {"form": form, "page": page, "searched": searched, "query_string": "search=1" if searched else ""},
    )

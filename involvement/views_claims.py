"""Expense claims (a member's own, or a lead's for someone who does not use the site), their receipts, and the
waiting page where leads and the finance team approve, decline, correct and mark paid (involvement/urls.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.access import require
from network.downloads import private_download
from network.models import Member
from network.refusals import Refusal

from . import services_claims as services
from .forms_claims import ClaimForm, CorrectionForm, DeclineForm, ExpenseLineFormSet, PaidForm
from .models import pounds
from .selectors import claims as selectors


@login_required
def claim_list(request):
    require(request, "involvement.see_own")
    page = selectors.claims_of(request.user, page_number=request.GET.get("page"))
    return render(request, "involvement/claims_list.html", {"page": page})


def _claimant(request, member_id):
    if member_id is None:
        require(request, "involvement.claim_own_expenses")
        return request.user
    member = get_object_or_404(Member, pk=member_id)
    require(request, "involvement.act_for_offline_member", member)
    return member


@login_required
def claim_new(request, member_id=None):
    member = _claimant(request, member_id)
    meetings, projects = selectors.claimable_for(member)
    claim_form = ClaimForm(request.POST or None, meetings=meetings, projects=projects)
    lines = ExpenseLineFormSet(request.POST or None, request.FILES or None, prefix="line")
    if request.method == "POST" and claim_form.is_valid() and lines.is_valid():
        try:
            claim = services.make_claim(member=member, made_by=request.user, lines=lines.lines(),
                                        **claim_form.cleaned_data["for_what"])
        except Refusal as refusal:
            claim_form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Thank you. Your claim %(reference)s is waiting for approval. We will email "
                                        "you at each step.") % {"reference": claim.reference}
                             if member == request.user else
                             _("The claim %(reference)s is waiting for approval.") % {"reference": claim.reference})
            return redirect("involvement:claim", claim.pk)
    return render(request, "involvement/claims_new.html", {
        "member": member, "for_someone_else": member != request.user, "claim_form": claim_form, "lines": lines,
        "can_claim": bool(meetings or projects),
    })


@login_required
def claim_for_offline_member(request):
    """The waiting page's "claim for someone who does not use the site": from the person chosen to their form."""
    require(request, "involvement.handle_money")
    try:
        member_id = int(request.GET.get("member", ""))
    except ValueError:
        messages.error(request, _("Please choose who the claim is for."))
        return redirect("involvement:waiting")
    return redirect("involvement:claim_new_for", member_id)


@login_required
def claim_detail(request, pk):
    claim = selectors.claim(pk)
    if claim is None:
        raise Http404
    require(request, "involvement.see_item", claim)
    handles_money = request.user.has_perm("involvement.handle_money")
    return render(request, "involvement/claims_detail.html", {
        "claim": claim, "handles_money": handles_money,
        "act_on_lines": handles_money and claim.member_id != request.user.pk,
    })


@login_required
def receipt_download(request, pk):
    receipt = selectors.receipt(pk)
    if receipt is None:
        raise Http404
    require(request, "involvement.see_item", receipt.line.claim)
    return private_download(receipt.file, filename=receipt.original_name or f"receipt-{receipt.pk}",
                            content_type=receipt.content_type)


@login_required
def waiting(request):
    require(request, "involvement.handle_money")
    to_pay = request.GET.get("show") == "to_pay"
    lists = selectors.for_money_handlers(to_pay=to_pay, line_page=request.GET.get("page"),
                                         record_page=request.GET.get("record_page"))
    is_lead = request.user.is_co_production_lead
    return render(request, "involvement/claims_waiting.html", {
        **lists, "to_pay": to_pay, "query": "show=to_pay" if to_pay else "",
        "offline_members": selectors.offline_members() if is_lead else (),
    })


def _item(kind, pk):
    item = selectors.line(pk) if kind == "line" else selectors.record(pk)
    if item is None:
        raise Http404
    return item


def _back(request, to_pay=False):
    return redirect(reverse("involvement:waiting") + ("?show=to_pay" if to_pay else ""))


def _describe(kind, item):
    if kind == "line":
        return _("%(reference)s: %(kind)s, %(amount)s") % {
            "reference": item.claim.reference, "kind": item.get_kind_display(), "amount": pounds(item.amount_pence)}
    return _("Involvement payment: %(amount)s") % {"amount": pounds(item.amount_pence)}


@login_required
@require_POST
def approve(request, kind, pk):
    require(request, "involvement.handle_money")
    item = _item(kind, pk)
    try:
        services.approve(item=item, by=request.user)
    except Refusal as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Approved: %(item)s.") % {"item": _describe(kind, item)})
    return _back(request)


ACTIONS = {
    # action: (form, page heading, button, done message, back to the "to pay" list)
    "decline": (DeclineForm, _("Do not approve"), _("Do not approve"), _("Not approved: %(item)s."), False),
    "paid": (PaidForm, _("Mark as paid"), _("Mark as paid"), _("Marked as paid: %(item)s."), True),
    "correct": (CorrectionForm, _("Correct the amount"), _("Save the right amount"),
                _("Corrected: %(item)s. The right amount is waiting for approval."), False),
}


@login_required
def act(request, kind, pk, action):
    """Not approving (with a reason), marking paid (date, how) or correcting one item: a page with its form."""
    require(request, "involvement.handle_money")
    item = _item(kind, pk)
    if action == "correct" and kind != "line":
        raise Http404  # an involvement record is corrected where it is recorded (the register, time pages)
    form_class, heading, button, done, to_pay = ACTIONS[action]
    initial = {"paid_on": timezone.localdate()} if action == "paid" else None
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "decline":
                services.decline(item=item, by=request.user, reason=data["reason"])
            elif action == "paid":
                services.mark_paid(item=item, by=request.user, **data)
            else:
                services.correct_line(line=item, by=request.user, amount_pence=data["amount"], reason=data["reason"])
        except Refusal as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done % {"item": _describe(kind, item)})
            return _back(request, to_pay)
    return render(request, "involvement/claims_act.html", {
        "item": item, "kind": kind, "form": form, "heading": heading, "button": button,
        "description": _describe(kind, item), "to_pay": to_pay,
    })


urlpatterns = [
    path("claims/", claim_list, name="claims"),
    path("claims/new/", claim_new, name="claim_new"),
    path("claims/new/for/", claim_for_offline_member, name="claim_for_offline_member"),
    path("claims/new/for/<int:member_id>/", claim_new, name="claim_new_for"),
    path("claims/<int:pk>/", claim_detail, name="claim"),
    path("receipts/<int:pk>/", receipt_download, name="receipt"),
    path("waiting/", waiting, name="waiting"),
    re_path(r"^waiting/(?P<kind>line|record)/(?P<pk>[0-9]+)/approve/$", approve, name="approve"),
    re_path(r"^waiting/(?P<kind>line|record)/(?P<pk>[0-9]+)/(?P<action>decline|paid|correct)/$", act, name="act"),
]

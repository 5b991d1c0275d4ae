"""Expense claims, and the approval and payment of claims' lines and involvement payments (README, "Involvement").

Nothing is edited or deleted: each approval, refusal, payment or correction is a new Step (or a new line that
replaces the old one), and the item's `status` is set to that step's outcome in the same transaction, with the item
locked. The person is told of each step by email through the ledger, after the commit.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.refusals import Refusal
from notifications.models import Kind
from notifications.services import queue_and_send

from .models import ExpenseClaim, ExpenseLine, InvolvementRecord, MileageRate, Receipt, Status, Step, Unit, amount_owed


class ClaimRefused(Refusal):
    message = _("That could not be done to this claim.")


class NoMileageRate(ClaimRefused):
    message = _("There is no mileage rate for that date yet. Please ask a co-production lead.")


class NotYours(ClaimRefused):
    message = _("Only a co-production lead or the finance team can do that.")


class OwnItem(ClaimRefused):
    message = _("Someone else must approve or pay your own claims and payments.")


class MadeByYou(ClaimRefused):
    message = _("You recorded this for them, so someone else must approve it.")


class NotWaiting(ClaimRefused):
    message = _("This has already been decided, so it cannot be approved or declined now.")


class NotApproved(ClaimRefused):
    message = _("Only something approved and not yet paid can be marked paid.")


class CannotCorrect(ClaimRefused):
    message = _("Only something not yet paid can be corrected.")


def _check_handler(by, item):
    if not by.has_perm("involvement.handle_money"):
        raise NotYours()
    if owner_id(item) == by.pk:
        raise OwnItem()


def made_by_id(item):
    """Who recorded a piece of time or made a claim (a lead, for someone who does not use the site)."""
    return item.recorded_by_id if isinstance(item, InvolvementRecord) else item.claim.made_by_id


def owner_id(item):
    """Whose time or claim it is."""
    return item.member_id if isinstance(item, InvolvementRecord) else item.claim.member_id


def _locked(item):
    model = type(item)
    related = ["claim"] if model is ExpenseLine else []
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=item.pk)


def _step(item, **fields):
    kind = "record" if isinstance(item, InvolvementRecord) else "line"
    step = Step.objects.create(**{kind: item}, **fields)
    item.status = fields["outcome"]
    item.save(update_fields=["status"])
    transaction.on_commit(lambda: tell_member(step_id=step.pk, outcome=step.outcome))
    return step


def tell_member(*, step_id, outcome):
    """Queue and send, once, the email about one step (involvement/email_kinds.py); offline members are skipped
    by the ledger, and their lead sees the step on the waiting page and the claim's page."""
    return queue_and_send(kind=Kind.INVOLVEMENT_STEP, object_id=step_id, occasion=outcome)


@transaction.atomic
def make_claim(*, member, made_by, meeting=None, project=None, lines):
    """A claim with its lines and receipts. `lines`: dicts of kind, spent_on, what_for, amount_pence (None for
    driving: miles x the mileage rate on that day) and miles, receipt (a checked upload) and receipt_type."""
    claim = ExpenseClaim.objects.create(member=member, made_by=made_by, meeting=meeting, project=project)
    for data in lines:
        amount, miles, per_mile = data["amount_pence"], None, None
        if data["kind"] == ExpenseLine.Kind.MILEAGE:
            rate = MileageRate.on(data["spent_on"])
            if rate is None:
                raise NoMileageRate()
            miles, per_mile = data["miles"], rate.pence_per_mile
            amount = amount_owed(miles, per_mile, Unit.HOUR)  # the one money maths: miles at so much each
        line = ExpenseLine.objects.create(
            claim=claim, kind=data["kind"], spent_on=data["spent_on"], what_for=data["what_for"], miles=miles,
            pence_per_mile=per_mile, amount_pence=amount,
        )
        upload = data.get("receipt")
        if upload:
            Receipt.objects.create(line=line, file=upload, original_name=upload.name[:200],
                                   content_type=data["receipt_type"], size=upload.size)
    return claim


@transaction.atomic
def approve(*, item, by):
    item = _locked(item)
    _check_handler(by, item)
    if made_by_id(item) == by.pk:  # a claim or time a lead recorded for an offline member: four eyes
        raise MadeByYou()
    if item.status != Status.WAITING:
        raise NotWaiting()
    return _step(item, outcome=Step.Outcome.APPROVED, by=by)


@transaction.atomic
def decline(*, item, by, reason):
    item = _locked(item)
    _check_handler(by, item)
    if item.status not in (Status.WAITING, Status.APPROVED):
        raise NotWaiting()
    if not reason.strip():
        raise ClaimRefused(_("Please say why it is not approved."))
    return _step(item, outcome=Step.Outcome.DECLINED, reason=reason.strip(), by=by)


@transaction.atomic
def mark_paid(*, item, by, paid_on, method, payment_reference=""):
    item = _locked(item)
    _check_handler(by, item)
    if item.status != Status.APPROVED:
        raise NotApproved()
    if paid_on > timezone.localdate():
        raise ClaimRefused(_("The date it was paid cannot be in the future."))
    return _step(item, outcome=Step.Outcome.PAID, paid_on=paid_on, method=method,
                 payment_reference=payment_reference.strip(), by=by)


@transaction.atomic
def correct_line(*, line, by, amount_pence, reason):
    """A new line with the right amount, waiting for approval; the old one is kept, marked replaced."""
    line = _locked(line)
    _check_handler(by, line)
    if line.status not in (Status.WAITING, Status.APPROVED):
        raise CannotCorrect()
    new = ExpenseLine.objects.create(
        claim=line.claim, kind=line.kind, spent_on=line.spent_on, what_for=line.what_for, miles=line.miles,
        pence_per_mile=line.pence_per_mile, amount_pence=amount_pence, replaces=line,
    )
    Receipt.objects.bulk_create([
        Receipt(line=new, file=r.file.name, original_name=r.original_name, content_type=r.content_type, size=r.size,
                uploaded_at=r.uploaded_at)
        for r in line.receipts.all()
    ])
    _step(line, outcome=Step.Outcome.REPLACED, reason=reason.strip(), by=by)
    return new

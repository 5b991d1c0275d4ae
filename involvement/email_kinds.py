"""Involvement's email through the ledger (notifications): the person is told of each step of their claim or
involvement payment (approved, not approved and why, paid, corrected), once per step."""

from django.db.models import Q
from django.utils.translation import gettext as _

from network.models import Member
from notifications.models import Kind
from notifications.registry import KindHandler, register
from notifications.services import absolute_url, render_email

from .models import Step, pounds


def step_recipients(step_id, occasion):
    return Member.objects.filter(Q(involvement__steps__pk=step_id) | Q(expense_claims__lines__steps__pk=step_id)).distinct()


def build_step_emails(deliveries):
    steps = Step.objects.filter(pk__in={d.object_id for d in deliveries}).select_related(
        "line__claim__meeting", "line__claim__project", "line__replaced_by", "record__activity"
    ).in_bulk()
    messages = {}
    for d in deliveries:
        step = steps.get(d.object_id)
        if step is None:
            messages[d.pk] = None
            continue
        item = step.line or step.record
        if step.line:
            what = _("your claim %(reference)s: %(kind)s, %(amount)s") % {
                "reference": step.line.claim.reference, "kind": step.line.get_kind_display().lower(),
                "amount": pounds(step.line.amount_pence),
            }
            url = absolute_url("involvement:claim", step.line.claim_id)
            thing = _("Your claim %(reference)s") % {"reference": step.line.claim.reference}
        else:
            what = _("your involvement payment for “%(activity)s”: %(amount)s") % {
                "activity": step.record.activity.title, "amount": pounds(step.record.amount_pence),
            }
            url = absolute_url("involvement:mine")
            thing = _("Your involvement payment")
        replaced_by = getattr(step.line, "replaced_by", None) if step.line else None
        right_amount = pounds(replaced_by.amount_pence) if replaced_by else ""
        messages[d.pk] = render_email(
            template="involvement/email/step", to=[d.address],
            context={"member": d.member, "step": step, "item": item, "what": what, "url": url, "right_amount": right_amount,
                     "thing": thing},
        )
    return messages


register(KindHandler(Kind.INVOLVEMENT_STEP, None, step_recipients, build_step_emails))

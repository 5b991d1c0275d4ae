"""The emails the network sends through the ledger (notifications): an invitation to join, a message through the
contact form and a blockage to the co-production leads, the answer to the member who raised it, and a word to the
address an email change replaced. One ledger row per person or address, so a task that runs twice, or a retry after
the mail server failed, never emails anyone twice. The words are in templates/network/email/."""

from django.conf import settings
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.registry import KindHandler, register
from notifications.services import absolute_url, render_email

from .models import Blockage, EmailChange, Enquiry, JoinInvitation, Member


def _message(delivery, *, template, subject, context, reply_to=None):
    return render_email(template=f"network/email/{template}", subject=subject, context=context,
                        to=[delivery.address], reply_to=reply_to)


def _each(deliveries, model, build, related=()):
    """{delivery id: message, or None when what it is about has gone} for a batch of rows about one model."""
    rows = model.objects.filter(pk__in={d.object_id for d in deliveries}).select_related(*related).in_bulk()
    return {d.pk: build(d, rows[d.object_id]) if d.object_id in rows else None for d in deliveries}


def _nobody(object_id, occasion):
    return Member.objects.none()


# The co-production leads, or the network's own address while there are none with an email address.

def _leads():
    return Member.objects.co_production_leads().active().not_erased().filter(email__isnull=False).exclude(email="")


def leads(object_id, occasion):
    return _leads()


def network_address_if_no_leads(object_id, occasion):
    return [] if _leads().exists() else [settings.NETWORK_CONTACT_EMAIL]


# An invitation to join: the invited address.

def invited_address(invitation_id, occasion):
    return list(JoinInvitation.objects.filter(pk=invitation_id, accepted_at__isnull=True).values_list("email", flat=True))


def invitation_accepted(invitation_id, occasion, now):
    return not JoinInvitation.objects.filter(pk=invitation_id, accepted_at__isnull=True).exists()


def build_invitations(deliveries):
    return _each(deliveries, JoinInvitation, related=["invited_by"], build=lambda d, invitation: _message(
        d, template="invitation",
        subject=_("You are invited to join the %(network)s") % {"network": settings.NETWORK_NAME},
        context={"invitation": invitation, "link": absolute_url("network:accept_invitation", token=invitation.token)},
    ))


def build_enquiries(deliveries):
    return _each(deliveries, Enquiry, build=lambda d, enquiry: _message(
        d, template="enquiry", subject=_("A new message through the contact form"),
        context={"enquiry": enquiry, "link": absolute_url("admin:network_enquiry_change", enquiry.pk)},
        reply_to=[enquiry.email] if enquiry.email else None,
    ))


def build_blockages_raised(deliveries):
    return _each(deliveries, Blockage, build=lambda d, blockage: _message(
        d, template="blockage_raised", subject=_("A member has told us what gets in the way of taking part"),
        context={"blockage": blockage, "link": absolute_url("admin:network_blockage_change", blockage.pk)},
    ))


# The answer: the member who raised it.

def blockage_raiser(blockage_id, occasion):
    return Member.objects.filter(blockages__pk=blockage_id)


def build_blockage_answers(deliveries):
    return _each(deliveries, Blockage, related=["raised_by"], build=lambda d, blockage: _message(
        d, template="blockage_answered", subject=_("You said, we did: an answer from the co-production leads"),
        context={"blockage": blockage, "member": blockage.raised_by, "link": absolute_url("network:blockages")},
    ))


# An email change: the address it replaced, told once and then forgotten (by the change and by the ledger).

def replaced_address(change_id, occasion):
    return list(EmailChange.objects.filter(pk=change_id).exclude(old_address="").values_list("old_address", flat=True))


def build_email_change_notices(deliveries):
    return _each(deliveries, EmailChange, related=["member", "changed_by"], build=lambda d, change: _message(
        d, template="email_changed", subject=_("Your email address with us has been changed"),
        context={"change": change, "member": change.member, "contact": settings.NETWORK_CONTACT_EMAIL},
        reply_to=[settings.NETWORK_CONTACT_EMAIL],
    ))


for handler in (
    KindHandler(Kind.NETWORK_INVITATION, None, _nobody, build_invitations, is_stale=invitation_accepted,
                addresses=invited_address),
    KindHandler(Kind.ENQUIRY_RECEIVED, None, leads, build_enquiries, addresses=network_address_if_no_leads),
    KindHandler(Kind.BLOCKAGE_RAISED, None, leads, build_blockages_raised, addresses=network_address_if_no_leads),
    KindHandler(Kind.BLOCKAGE_ANSWERED, None, blockage_raiser, build_blockage_answers),
    KindHandler(Kind.EMAIL_CHANGED, None, _nobody, build_email_change_notices, addresses=replaced_address,
                forget_address_once_sent=True),
):
    register(handler)

"""The pledge's email through the ledger (notifications): thanks to the member who signed, sent once."""


from network.models import Member
from notifications.models import Kind
from notifications.registry import KindHandler, register
from notifications.services import absolute_url, render_email

from .models import PledgeSignature


def signer(signature_id, occasion):
    return Member.objects.filter(pledge_signatures__pk=signature_id)


def withdrawn_since(signature_id, occasion, now):
    return not PledgeSignature.objects.filter(pk=signature_id).standing().exists()


def build_thanks(deliveries):
    signatures = PledgeSignature.objects.filter(pk__in={d.object_id for d in deliveries}).select_related(
        "member", "version"
    ).in_bulk()
    messages = {}
    for d in deliveries:
        signature = signatures.get(d.object_id)
        messages[d.pk] = signature and render_email(
            template="pledges/email/signed", to=[d.address],
            context={
                "signature": signature, "member": signature.member, "version": signature.version,
                "reaffirmed": signature.is_reaffirmation, "pledge_url": absolute_url("pledges:pledge"),
                "certificate_url": absolute_url("pledges:certificate", signature.pk), "withdraw_url": absolute_url("pledges:withdraw"),
            },
        )
    return messages


register(KindHandler(Kind.PLEDGE_SIGNED, None, signer, build_thanks, is_stale=withdrawn_since))

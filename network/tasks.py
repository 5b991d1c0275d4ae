"""Network emails and checks. Tasks take ids, re-read state and can run twice without sending twice: each email is a
row in the delivery ledger (notifications), queued once under the row's lock and sent after; the words are in
network/email_kinds.py."""

from celery import shared_task

from notifications.models import Kind
from notifications.services import queue_once


@shared_task
def ping(word="ping"):
    """A round trip through the broker and a worker; used by the health tests and by leads checking the set-up."""
    return {"ping": "pong", "echo": word}


@shared_task(acks_late=True)
def send_invitation(invitation_id):
    from .models import JoinInvitation

    # Inviting the same address again asks for the email again: one occasion per time it was asked for.
    return queue_once(JoinInvitation, invitation_id, marker="sent_at", kind=Kind.NETWORK_INVITATION,
                      occasion=lambda invitation: f"invited-{invitation.created_at:%Y%m%d%H%M%S%f}",
                      ready={"accepted_at__isnull": True})


@shared_task(acks_late=True)
def tell_leads_about_enquiry(enquiry_id):
    from .models import Enquiry

    return queue_once(Enquiry, enquiry_id, marker="leads_notified_at", kind=Kind.ENQUIRY_RECEIVED, occasion="received")


@shared_task(acks_late=True)
def tell_leads_about_blockage(blockage_id):
    from .models import Blockage

    return queue_once(Blockage, blockage_id, marker="leads_notified_at", kind=Kind.BLOCKAGE_RAISED, occasion="raised")


@shared_task(acks_late=True)
def tell_member_about_answer(blockage_id):
    from .models import Blockage

    return queue_once(Blockage, blockage_id, marker="member_told_at", kind=Kind.BLOCKAGE_ANSWERED, occasion="answered",
                      ready={"answered_at__isnull": False})


@shared_task(acks_late=True)
def tell_old_address_of_email_change(change_id):
    """Tell the address a lead replaced, once; then forget it (the ledger forgets it too, once the email has gone)."""
    from .models import EmailChange

    return queue_once(EmailChange, change_id, marker="old_address_told_at", kind=Kind.EMAIL_CHANGED,
                      occasion="changed", exclude={"old_address": ""}, also={"old_address": ""})

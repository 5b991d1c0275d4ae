"""Things that change the pledge: signing, re-affirming, withdrawing, publishing. What pages read is in selectors.py."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.kept_counts import figures_changed
from network.refusals import Refusal
from notifications.models import Kind
from notifications.services import queue_and_send

from .models import PledgeSignature, PledgeVersion

logger = logging.getLogger(__name__)


class PledgeError(Refusal):
    """A refusal with a message a member can read."""


class NoCurrentPledge(PledgeError):
    message = _("There is no pledge to sign at the moment.")


class PledgeChanged(PledgeError):
    message = _("The pledge changed while you were reading it. Please read the new version and try again.")


class AlreadySigned(PledgeError):
    message = _("You have already taken this pledge. Thank you.")

    def __init__(self, signature=None):
        super().__init__()
        self.signature = signature


class NothingToWithdraw(PledgeError):
    message = _("You have not signed the pledge, so there is nothing to withdraw.")


class NotSigned(PledgeError):
    message = _("You have not taken the current pledge yet.")


class AlreadyPublished(PledgeError):
    message = _("This version is already published.")


class EasyReadMissing(PledgeError):
    message = _("This version has no Easy Read text yet. Write it before you publish the version.")


WITHDRAWN_MESSAGE = _("Your signature has been withdrawn. It is no longer counted or shown. You can sign again at any time.")
WALL_SHOWN_MESSAGE = _("Your name and commitment are now on the pledge wall.")
WALL_HIDDEN_MESSAGE = _("Your name is no longer on the pledge wall. You are still counted as having signed.")
NO_CERTIFICATE_MESSAGE = _("You will get a certificate once you have taken the pledge.")


# ---- Signing, re-affirming, withdrawing -----------------------------------------------------------


def _existing_signature(*, member, version):
    # Locks the row when there is one; when there is none, the unique constraint settles any race.
    return PledgeSignature.objects.select_for_update().filter(member=member, version=version).first()


@transaction.atomic
def sign_pledge(*, member, version, commitment="", show_on_wall=False):
    """Sign (or re-affirm) the current pledge. A signature withdrawn earlier from this version is renewed."""
    current = PledgeVersion.objects.current()
    if current is None:
        raise NoCurrentPledge()
    if version.pk != current.pk:
        raise PledgeChanged()
    commitment = (commitment or "").strip()
    signature = _existing_signature(member=member, version=current)
    if signature is not None and signature.is_standing:
        raise AlreadySigned(signature)
    if signature is not None:
        signature.signed_at = timezone.now()
        signature.withdrawn_at = None
        signature.commitment = commitment
        signature.show_on_wall = show_on_wall
        signature.save(update_fields=["signed_at", "withdrawn_at", "commitment", "show_on_wall"])
    else:
        try:
            with transaction.atomic():
                signature = PledgeSignature.objects.create(
                    member=member, version=current, commitment=commitment, show_on_wall=show_on_wall
                )
        except IntegrityError as error:
            # Another request from the same member got there first (a double click, two tabs).
            raise AlreadySigned() from error
    signature_id = signature.pk
    transaction.on_commit(lambda: send_signature_confirmation(signature_id=signature_id))
    return signature


@transaction.atomic
def set_wall_choice(*, member, show_on_wall):
    """Show or hide my name and commitment on the wall of the current version."""
    current = PledgeVersion.objects.current()
    signature = _existing_signature(member=member, version=current) if current else None
    if signature is None or not signature.is_standing:
        raise NotSigned()
    signature.show_on_wall = show_on_wall
    signature.save(update_fields=["show_on_wall"])
    return signature


@transaction.atomic
def withdraw_signature(*, member):
    """Withdraw from the pledge: every standing signature is kept, dated, and no longer counted or shown."""
    standing = list(PledgeSignature.objects.standing().filter(member=member).select_for_update())
    if not standing:
        raise NothingToWithdraw()
    now = timezone.now()
    PledgeSignature.objects.filter(pk__in=[s.pk for s in standing]).update(withdrawn_at=now)
    figures_changed()
    return len(standing)


@transaction.atomic
def withdraw_signatures(*, signatures):
    """A lead withdraws signatures on someone's behalf (an offline member who asked by phone)."""
    withdrawn = PledgeSignature.objects.filter(pk__in=[s.pk for s in signatures]).standing().update(
        withdrawn_at=timezone.now()
    )
    figures_changed()
    return withdrawn


@transaction.atomic
def publish_version(*, version, when=None):
    version = PledgeVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise AlreadyPublished()
    if not version.easy_read_text.strip():
        raise EasyReadMissing()
    version.published_at = when or timezone.now()
    version.save(update_fields=["published_at"])
    return version


# ---- The confirmation email -----------------------------------------------------------------------


def send_signature_confirmation(*, signature_id):
    """Thank the member, once, through the ledger (pledges/email_kinds.py). A mail failure leaves the email waiting
    for the next scan; the signature stands."""
    return queue_and_send(kind=Kind.PLEDGE_SIGNED, object_id=signature_id, occasion="signed")

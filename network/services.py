"""Things that change the network: profiles, consents, offline members, invitations, roles, leads, enquiries,
blockages. Keyword-only arguments, one transaction each, a clear exception for each refusal, emails after commit."""

import logging

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import tasks
from .joining import offline_members_joined
from .models import (
    POWER_GROUPS,
    Blockage,
    Consent,
    ConsentKind,
    EmailChange,
    Enquiry,
    JoinInvitation,
    Member,
    NetworkPage,
    Power,
    PowerChange,
)
from .refusals import Refusal

logger = logging.getLogger(__name__)


class NetworkError(Refusal):
    """A refusal from the network's services."""


class AlreadyAMember(NetworkError):
    message = _("Someone with that email address is already a member of the network.")


class OfflineMemberCannotLead(NetworkError):
    message = _("This member does not sign in, so they cannot run the network in the admin. Add an email address first.")


class OnlyLeadsGrantPowers(NetworkError):
    message = _("Only a co-production lead can grant or withdraw a power.")


class OfflineMemberCannotHoldPowers(NetworkError):
    message = _("This member does not sign in, so they cannot be given a power. Add an email address first.")


class TooManyEnquiries(NetworkError):
    message = _("We have had several messages from you in a short time. Please wait an hour, or email us instead.")


# --- consents -------------------------------------------------------------------------------------------------


@transaction.atomic
def record_consent(*, member, kind, given, recorded_by, how=""):
    """Add a row when the consent changes (or has never been asked). Returns the new row, or None if unchanged."""
    latest = member.consents.filter(kind=kind).order_by("-recorded_at", "-pk").first()
    if latest is not None and latest.given == given:
        return None
    return Consent.objects.create(member=member, kind=kind, given=given, recorded_by=recorded_by, how=how)


def _record_consents(*, member, consents, recorded_by, how="", first_time=False):
    changed = []
    current = member.current_consents()
    for kind in ConsentKind.values:
        if kind not in consents:
            continue
        given = bool(consents[kind])
        latest = current[kind]
        # Unticked and never given: nothing to withdraw, unless a lead is recording the first answer.
        if latest is None and not given and not first_time:
            continue
        if latest is not None and latest.given == given:
            continue
        changed.append(Consent.objects.create(member=member, kind=kind, given=given, recorded_by=recorded_by, how=how))
    return changed


# --- profiles -------------------------------------------------------------------------------------------------


@transaction.atomic
def update_profile(*, member, consents, recorded_by=None):
    """Save the member's edited profile (already validated) and record any consent given or withdrawn."""
    member.save()
    return _record_consents(member=member, consents=consents, recorded_by=recorded_by or member)


# --- what leads do ----------------------------------------------------------------------------------------------


@transaction.atomic
def create_offline_member(*, lead, member, consents, how=""):
    """A lead adds someone who does not use email or computers; consents are recorded on their behalf."""
    member.email = None
    member.added_by = lead
    member.set_unusable_password()
    member.save()
    _record_consents(member=member, consents=consents, recorded_by=lead, how=how, first_time=True)
    offline_members_joined([member.pk])  # invited at once to the meetings already published
    return member


@transaction.atomic
def invite_member(*, lead, email, display_name="", message=""):
    """Invite a person by email. Inviting the same address again re-sends the open invitation."""
    email = email.strip()
    if Member.objects.filter(email__iexact=email).exists():
        raise AlreadyAMember()
    invitation = JoinInvitation.objects.filter(email__iexact=email, accepted_at__isnull=True).first()
    if invitation is None:
        invitation = JoinInvitation(email=email)
    invitation.display_name = display_name
    invitation.message = message
    invitation.invited_by = lead
    invitation.created_at = timezone.now()
    invitation.sent_at = None
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:  # two leads inviting the same person at the same moment
        raise NetworkError() from exc
    tasks.send_invitation.delay_on_commit(invitation.pk)
    return invitation


@transaction.atomic
def accept_invitation(*, invitation, member):
    """The invited person has signed up: mark the invitation used, once."""
    updated = JoinInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=member
    )
    return bool(updated)


@transaction.atomic
def change_role(*, member, role, changed_by):
    member.role = role
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def grant_power(*, member, power, granted_by, note=""):
    """A lead gives a member a power; the grant is recorded with who and when. Returns False if already held."""
    if not granted_by.has_perm("network.grant_powers"):
        raise OnlyLeadsGrantPowers()
    if member.is_offline or member.erased_at is not None:
        raise OfflineMemberCannotLead() if power == Power.CO_PRODUCTION_LEAD else OfflineMemberCannotHoldPowers()
    group, _created = Group.objects.get_or_create(name=POWER_GROUPS[power])
    held = member.groups.filter(pk=group.pk).exists()
    if not held:
        member.groups.add(group)
        PowerChange.objects.create(member=member, power=power, granted=True, changed_by=granted_by, note=note)
        logger.info("power granted: %s to member %s by member %s", power, member.pk, granted_by.pk)
    if power == Power.CO_PRODUCTION_LEAD and not member.is_staff:
        member.is_staff = True  # leads run meetings in the admin
        member.save(update_fields=["is_staff"])
    member.forget_powers_cache()
    return not held


@transaction.atomic
def withdraw_power(*, member, power, withdrawn_by, note=""):
    """A lead takes a power away; recorded like a grant. Returns False if it was not held."""
    if not withdrawn_by.has_perm("network.grant_powers"):
        raise OnlyLeadsGrantPowers()
    removed = member.groups.through.objects.filter(member=member, group__name=POWER_GROUPS[power]).delete()[0]
    if removed:
        PowerChange.objects.create(member=member, power=power, granted=False, changed_by=withdrawn_by, note=note)
        logger.info("power withdrawn: %s from member %s by member %s", power, member.pk, withdrawn_by.pk)
    if power == Power.CO_PRODUCTION_LEAD and member.is_staff and not member.is_superuser:
        member.is_staff = False
        member.save(update_fields=["is_staff"])
    member.forget_powers_cache()
    return bool(removed)


def make_lead(*, member, made_by):
    """Any role can be a lead: co-chairs are often service users."""
    grant_power(member=member, power=Power.CO_PRODUCTION_LEAD, granted_by=made_by)
    return member


def stop_being_lead(*, member, changed_by):
    withdraw_power(member=member, power=Power.CO_PRODUCTION_LEAD, withdrawn_by=changed_by)
    return member


def _send_confirmation(address, request):
    from allauth.core import context

    with context.request_context(request):  # allauth reads the site's address from the request it is in
        address.send_confirmation(request)


@transaction.atomic
def change_member_email(*, member, new_email, changed_by, request):
    """A lead changes someone else's email address. The old address is told, and the new one must be confirmed by
    the link sent to it before anyone can sign in with it: no account changes hands silently."""
    new_email = (new_email or "").strip().lower() or None
    if (member.email or "").lower() == (new_email or ""):
        return None
    if new_email and (
        Member.objects.filter(email__iexact=new_email).exclude(pk=member.pk).exists()
        or EmailAddress.objects.filter(email__iexact=new_email).exclude(user=member).exists()
    ):
        raise AlreadyAMember()
    old_email = member.email
    member.email = new_email
    member.save(update_fields=["email"])
    EmailAddress.objects.filter(user=member).delete()
    change = EmailChange.objects.create(member=member, changed_by=changed_by, old_address=old_email or "")
    logger.info("email address of member %s changed by member %s", member.pk, changed_by.pk)
    if new_email:
        address = EmailAddress.objects.create(user=member, email=new_email, primary=True, verified=False)
        # allauth builds the confirmation link from the request; sent once the change is saved.
        transaction.on_commit(lambda: _send_confirmation(address, request))
    if old_email:
        tasks.tell_old_address_of_email_change.delay_on_commit(change.pk)
    return change


@transaction.atomic
def update_network_page(*, page, about, updated_by):
    page.about = about
    page.updated_by = updated_by
    page.save()
    return page


def network_page():
    return NetworkPage.load()


# --- contact form and blockages --------------------------------------------------------------------------------

ENQUIRIES_PER_HOUR = 5


def _throttle_key(ip_address):
    import hashlib

    # Hashed, so the cache never holds a raw address.
    return "network:enquiries:" + hashlib.sha256((ip_address or "unknown").encode()).hexdigest()[:32]


@transaction.atomic
def send_enquiry(*, name, email, phone, message, ip_address, sent_by=None):
    key = _throttle_key(ip_address)
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    if count > ENQUIRIES_PER_HOUR:
        raise TooManyEnquiries()
    enquiry = Enquiry.objects.create(
        name=name, email=email, phone=phone, message=message,
        sent_by=sent_by if sent_by is not None and sent_by.is_authenticated else None,
    )
    tasks.tell_leads_about_enquiry.delay_on_commit(enquiry.pk)
    return enquiry


@transaction.atomic
def answer_enquiry(*, enquiry, answered, notes, answered_by):
    """Record whether someone has replied to an enquiry, with the leads' notes. The first reply keeps its time and
    who made it; saying nobody has replied after all clears both."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if answered and enquiry.answered_at is None:
        enquiry.answered_at, enquiry.answered_by = timezone.now(), answered_by
    elif not answered:
        enquiry.answered_at, enquiry.answered_by = None, None
    enquiry.notes = notes
    enquiry.save(update_fields=["answered_at", "answered_by", "notes"])
    return enquiry


@transaction.atomic
def raise_blockage(*, member, you_said, may_share=True):
    blockage = Blockage.objects.create(raised_by=member, you_said=you_said, may_share=may_share)
    tasks.tell_leads_about_blockage.delay_on_commit(blockage.pk)
    return blockage


@transaction.atomic
def answer_blockage(*, blockage, we_did, answered_by):
    """Record what the leads did. The member is emailed once, the first time it is answered."""
    first_answer = blockage.answered_at is None
    blockage.we_did = we_did
    blockage.answered_by = answered_by
    blockage.answered_at = blockage.answered_at or timezone.now()
    blockage.save(update_fields=["we_did", "answered_by", "answered_at"])
    if first_answer:
        tasks.tell_member_about_answer.delay_on_commit(blockage.pk)
    return blockage

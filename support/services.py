"""Naming support people, choosing what each may do, and what they do for the member: each a transaction."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from meetings import services as meeting_services
from meetings.forms import reply_starting_point
from meetings.models import Invitation
from network.refusals import Refusal
from notifications.models import Kind
from notifications.services import queue_and_send

from . import rules
from .models import How, Permission, SupportAction, SupportConsent, SupportLink


class SupportRefused(Refusal):
    message = _("That could not be done.")


class CannotNameYourself(SupportRefused):
    message = _("That is your own email address. Please give the email address of the person who supports you.")


class AlreadyNamed(SupportRefused):
    message = _("You have already named this person. You can change what they may do below.")


class NotAllowed(SupportRefused):
    message = _("You cannot do this for them now. They may have changed what you can do.")


def _consent_rows(link, wanted, *, how, by):
    """A new row for each permission whose answer changes; nothing is edited. Returns how many changed."""
    current = {permission: False for permission in Permission.values}
    for consent in SupportConsent.objects.filter(link=link).order_by("recorded_at", "pk"):
        current[consent.permission] = consent.given
    rows = [SupportConsent(link=link, permission=permission, given=permission in wanted, how=how, recorded_by=by)
            for permission in Permission.values if current[permission] != (permission in wanted)]
    SupportConsent.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def name_support_person(*, member, email, name, relationship, permissions, how=How.SITE, by):
    """Name a support person by their exact email address: a member of the network if the address is theirs,
    otherwise a new supporter-only account (not a member: not listed, invited or counted). Either way they are
    emailed that the member named them, so the page says the same whoever the address belongs to."""
    Member = get_user_model()
    email = Member.objects.normalize_email(email.strip())
    if member.email and email.lower() == member.email.lower():
        raise CannotNameYourself()
    supporter = Member.objects.filter(email__iexact=email, erased_at__isnull=True).first()
    if supporter is None:
        supporter = Member.objects.create_user(email=email, display_name=name.strip(), supporter_only=True,
                                               wants_weekly_digest=False, wants_meeting_digests=False,
                                               wants_meeting_reminders=False)
    try:
        with transaction.atomic():
            link = SupportLink.objects.create(member=member, supporter=supporter, name=name.strip(),
                                              relationship=relationship, created_by=by)
    except IntegrityError:
        raise AlreadyNamed() from None
    _consent_rows(link, set(permissions), how=how, by=by)
    transaction.on_commit(lambda: queue_and_send(kind=Kind.SUPPORT_NAMED, object_id=link.pk, occasion="named"))
    return link


@transaction.atomic
def choose_permissions(*, link, permissions, how=How.SITE, by):
    """Record what the support person may do from now on; a permission taken away stops at once."""
    SupportLink.objects.select_for_update().get(pk=link.pk)
    return _consent_rows(link, set(permissions), how=how, by=by)


def withdraw(*, link, how=How.SITE, by):
    """The member no longer wants this person's support: every permission is withdrawn (new rows; nothing goes)."""
    return choose_permissions(link=link, permissions=(), how=how, by=by)


@transaction.atomic
def reply_for(*, supporter, member, meeting, response, coming_with=False):
    """A support person replies to a meeting for the member: the same reply service, so capacity and the waiting
    list work exactly as when the member replies; who replied is kept, and told to the member."""
    if not rules.reply_for(supporter, member):
        raise NotAllowed()
    invitation = Invitation.objects.filter(meeting=meeting, member=member).first()
    start = reply_starting_point(member=member, invitation=invitation)
    coming = response == Invitation.Response.ATTENDING
    invitation = meeting_services.reply(
        meeting=meeting, member=member, response=response, access_needs=start.get("access_needs", []),
        access_needs_notes=start.get("access_needs_notes", ""), by=supporter,
        coming_with=supporter.display_name if coming and coming_with else "",
    )
    SupportAction.objects.create(supporter=supporter, member=member, what=SupportAction.What.REPLIED,
                                 meeting=meeting, detail=invitation.get_response_display())
    return invitation


@transaction.atomic
def update_access_needs_for(*, supporter, member, access_needs, access_needs_notes):
    if not rules.update_access_needs_of(supporter, member):
        raise NotAllowed()
    member.access_needs = sorted(set(access_needs))
    member.access_needs_notes = access_needs_notes
    member.save(update_fields=["access_needs", "access_needs_notes"])
    SupportAction.objects.create(supporter=supporter, member=member, what=SupportAction.What.ACCESS_NEEDS)
    return member

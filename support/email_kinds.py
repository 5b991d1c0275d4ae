"""Support people's emails through the ledger: "you were named", and a copy of each meeting invitation, reminder
and set of notes sent to a member who lets a support person have copies (checked again when the copy goes)."""

import re

from django.utils.html import escape
from django.utils.translation import gettext as _

from notifications.models import Delivery, Kind
from notifications.registry import KindHandler, handler_for, register, when_sent
from notifications.services import absolute_url, notify, render_email

from .models import Permission, SupportLink, welcome_token

COPIED_KINDS = {Kind.MEETING_INVITATION, Kind.MEETING_REMINDER, Kind.MINUTES_DIGEST}


def _named_recipient(link_id, occasion):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(supporting__pk=link_id, erased_at__isnull=True)


def build_named(deliveries):
    links = SupportLink.objects.filter(pk__in={d.object_id for d in deliveries}).select_related(
        "member", "supporter").in_bulk()
    messages = {}
    for d in deliveries:
        link = links.get(d.object_id)
        if link is None:
            messages[d.pk] = None
            continue
        supporter = link.supporter
        welcome = (absolute_url("support:welcome", token=welcome_token(supporter))
                   if supporter.supporter_only and not supporter.has_usable_password() else "")
        messages[d.pk] = render_email(
            template="support/email/named", to=[d.address],
            subject=_("%(name)s has named you as their support person") % {"name": link.member.display_name},
            context={"link": link, "welcome": welcome, "page": absolute_url("support:mine")},
        )
    return messages


def _originals(deliveries):
    return Delivery.objects.filter(pk__in={d.object_id for d in deliveries}).select_related("member").in_bulk()


def _copy_is_stale(delivery_id, occasion, now):
    original = Delivery.objects.filter(pk=delivery_id).first()
    if original is None:
        return True
    return handler_for(original.kind).is_stale(original.object_id, original.occasion, now)


def build_copies(deliveries):
    """Each original email again, to the support person, said to be a copy; only while the permission is live."""
    originals = _originals(deliveries)
    live = set(SupportLink.objects.live(Permission.COPIES).filter(
        member_id__in={o.member_id for o in originals.values()}).values_list("member_id", "supporter_id"))
    messages = {}
    for d in deliveries:
        original = originals.get(d.object_id)
        if original is None or (original.member_id, d.member_id) not in live:
            messages[d.pk] = None
            continue
        built = handler_for(original.kind).build_messages([original]).get(original.pk)
        messages[d.pk] = _as_copy(built, to=d.address, member=original.member) if built else None
    return messages


def _as_copy(message, *, to, member):
    note = _("This is a copy of an email we sent to %(name)s, because they asked us to send you copies.") % {
        "name": member.display_name}
    message.to = [to]
    message.subject = _("Copy for you: %(subject)s") % {"subject": message.subject}
    message.body = f"{note}\n\n{message.body}"
    # The unsubscribe link is the member's own: it must not be in the copy.
    for header in ("List-Unsubscribe", "List-Unsubscribe-Post"):
        message.extra_headers.pop(header, None)
    alternatives, message.alternatives = message.alternatives, []
    for content, mimetype in alternatives:
        message.attach_alternative(
            re.sub(r"(<body[^>]*>)", lambda m: f"{m.group(1)}<p>{escape(note)}</p>", content, count=1), mimetype)
    return message


@when_sent
def queue_copies(deliveries):
    """After a batch went out: one ledger row per live support person for each copied email (sent once each)."""
    copied = [d for d in deliveries if d.kind in COPIED_KINDS and d.member_id]
    if not copied:
        return
    from django.contrib.auth import get_user_model

    pairs = SupportLink.objects.live(Permission.COPIES).filter(
        member_id__in={d.member_id for d in copied}, supporter__email__isnull=False,
    ).values_list("member_id", "supporter_id")
    supporters_of = {}
    for member_id, supporter_id in pairs:
        supporters_of.setdefault(member_id, []).append(supporter_id)
    if not supporters_of:
        return
    people = get_user_model().objects.in_bulk({pk for ids in supporters_of.values() for pk in ids})
    for d in copied:
        members = [people[pk] for pk in supporters_of.get(d.member_id, ())]
        if members:
            notify(kind=Kind.SUPPORT_COPY, object_id=d.pk, occasion="copy", members=members,
                   meeting_id=d.meeting_id)


register(KindHandler(Kind.SUPPORT_NAMED, None, _named_recipient, build_named))
register(KindHandler(Kind.SUPPORT_COPY, None, lambda object_id, occasion: [], build_copies,
                     is_stale=_copy_is_stale))

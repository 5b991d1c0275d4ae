"""Network emails and checks. Tasks take ids, re-read state and can run twice without sending twice."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

RETRY = {"acks_late": True, "autoretry_for": (SMTPException, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task
def ping(word="ping"):
    """A round trip through the broker and a worker; used by the health tests and by leads checking the set-up."""
    return {"ping": "pong", "echo": word}


def _send(*, to, subject, template, context, reply_to=None):
    context = {**context, "network_name": settings.NETWORK_NAME, "site_url": settings.SITE_URL}
    text = render_to_string(f"network/email/{template}.txt", context)
    html = render_to_string(f"network/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject.strip(), body=text, to=to, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task(**RETRY)
def send_invitation(invitation_id):
    from .models import Invitation

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("invited_by")
            .filter(pk=invitation_id, sent_at__isnull=True, accepted_at__isnull=True)
            .first()
        )
        if invitation is None:
            return 0
        link = settings.SITE_URL + reverse("network:accept_invitation", kwargs={"token": invitation.token})
        _send(
            to=[invitation.email],
            subject=_("You are invited to join the %(network)s") % {"network": settings.NETWORK_NAME},
            template="invitation",
            context={"invitation": invitation, "link": link},
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        return 1


@shared_task(**RETRY)
def tell_leads_about_enquiry(enquiry_id):
    from .models import Enquiry

    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().filter(pk=enquiry_id, leads_notified_at__isnull=True).first()
        if enquiry is None:
            return 0
        to = _lead_addresses()
        link = settings.SITE_URL + reverse("admin:network_enquiry_change", args=[enquiry.pk])
        _send(
            to=to,
            subject=_("A new message through the contact form"),
            template="enquiry",
            context={"enquiry": enquiry, "link": link},
            reply_to=[enquiry.email] if enquiry.email else None,
        )
        enquiry.leads_notified_at = timezone.now()
        enquiry.save(update_fields=["leads_notified_at"])
        return len(to)


def _lead_addresses():
    from .models import Member

    leads = Member.objects.co_production_leads().active().not_erased().filter(email__isnull=False)
    return sorted(set(leads.values_list("email", flat=True))) or [settings.NETWORK_CONTACT_EMAIL]


@shared_task(**RETRY)
def tell_leads_about_blockage(blockage_id):
    from .models import Blockage

    with transaction.atomic():
        blockage = Blockage.objects.select_for_update().filter(pk=blockage_id, leads_notified_at__isnull=True).first()
        if blockage is None:
            return 0
        to = _lead_addresses()
        _send(
            to=to,
            subject=_("A member has told us what gets in the way of taking part"),
            template="blockage_raised",
            context={
                "blockage": blockage,
                "link": settings.SITE_URL + reverse("admin:network_blockage_change", args=[blockage.pk]),
            },
        )
        blockage.leads_notified_at = timezone.now()
        blockage.save(update_fields=["leads_notified_at"])
        return len(to)


@shared_task(**RETRY)
def tell_member_about_answer(blockage_id):
    from .models import Blockage

    with transaction.atomic():
        blockage = (
            Blockage.objects.select_for_update(of=("self",))
            .select_related("raised_by")
            .filter(pk=blockage_id, member_told_at__isnull=True, answered_at__isnull=False)
            .first()
        )
        if blockage is None:
            return 0
        member = blockage.raised_by
        if member.email and member.is_active:
            _send(
                to=[member.email],
                subject=_("You said, we did: an answer from the co-production leads"),
                template="blockage_answered",
                context={
                    "blockage": blockage,
                    "member": member,
                    "link": settings.SITE_URL + reverse("network:blockages"),
                },
            )
        blockage.member_told_at = timezone.now()
        blockage.save(update_fields=["member_told_at"])
        return 1 if member.email else 0


@shared_task(**RETRY)
def tell_old_address_of_email_change(change_id):
    """Tell the address a lead replaced, once; then forget it."""
    from .models import EmailChange

    with transaction.atomic():
        change = (
            EmailChange.objects.select_for_update(of=("self",))
            .select_related("member", "changed_by")
            .filter(pk=change_id, old_address_told_at__isnull=True)
            .exclude(old_address="")
            .first()
        )
        if change is None:
            return 0
        _send(
            to=[change.old_address],
            subject=_("Your email address with us has been changed"),
            template="email_changed",
            context={"change": change, "member": change.member, "contact": settings.NETWORK_CONTACT_EMAIL},
            reply_to=[settings.NETWORK_CONTACT_EMAIL],
        )
        change.old_address, change.old_address_told_at = "", timezone.now()
        change.save(update_fields=["old_address", "old_address_told_at"])
        return 1

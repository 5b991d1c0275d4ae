"""Emails about projects. Tasks take ids, re-read state and can run twice without sending twice."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ProjectMembership, StageChange

RETRY = {"acks_late": True, "autoretry_for": (SMTPException, OSError), "retry_backoff": True, "max_retries": 5}


def _send(*, to, subject, template, context):
    context = {**context, "network_name": settings.NETWORK_NAME, "site_url": settings.SITE_URL}
    text = render_to_string(f"projects/email/{template}.txt", context)
    html = render_to_string(f"projects/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject.strip(), body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def _project_url(project, name="projects:detail"):
    return settings.SITE_URL + reverse(name, kwargs={"slug": project.slug})


@shared_task(**RETRY)
def tell_members_about_stage_change(stage_change_id):
    with transaction.atomic():
        change = (
            StageChange.objects.select_for_update(of=("self",))
            .select_related("project", "changed_by")
            .filter(pk=stage_change_id, members_notified_at__isnull=True)
            .first()
        )
        if change is None:
            return 0
        people = [
            m.member
            for m in ProjectMembership.objects.active()
            .filter(project=change.project, member__email__isnull=False, member__is_active=True)
            .select_related("member")
        ]
        subject = _("“%(project)s” has moved to the %(stage)s stage") % {
            "project": change.project.title,
            "stage": change.get_to_stage_display(),
        }
        for person in people:
            _send(
                to=person.email, subject=subject, template="stage_changed",
                context={"member": person, "change": change, "project_url": _project_url(change.project)},
            )
        change.members_notified_at = timezone.now()
        change.save(update_fields=["members_notified_at"])
        return len(people)


@shared_task(**RETRY)
def tell_project_leads_about_request(membership_id):
    with transaction.atomic():
        membership = (
            ProjectMembership.objects.select_for_update(of=("self",))
            .select_related("project", "member")
            .filter(pk=membership_id, request_notified_at__isnull=True, status=ProjectMembership.Status.REQUESTED)
            .first()
        )
        if membership is None:
            return 0
        leads = [
            m.member
            for m in ProjectMembership.objects.active()
            .filter(project=membership.project, is_project_lead=True, member__email__isnull=False)
            .select_related("member")
        ]
        subject = _("Someone has asked to join “%(project)s”") % {"project": membership.project.title}
        for lead in leads:
            _send(
                to=lead.email, subject=subject, template="join_requested",
                context={
                    "lead": lead, "membership": membership,
                    "members_url": _project_url(membership.project, "projects:members"),
                },
            )
        membership.request_notified_at = timezone.now()
        membership.save(update_fields=["request_notified_at"])
        return len(leads)


@shared_task(**RETRY)
def tell_member_about_decision(membership_id):
    decided = [ProjectMembership.Status.ACTIVE, ProjectMembership.Status.DECLINED]
    with transaction.atomic():
        membership = (
            ProjectMembership.objects.select_for_update(of=("self",))
            .select_related("project", "member")
            .filter(pk=membership_id, decision_notified_at__isnull=True, decided_at__isnull=False, status__in=decided)
            .first()
        )
        if membership is None:
            return 0
        sent = 0
        if membership.member.email:
            approved = membership.status == ProjectMembership.Status.ACTIVE
            subject = (
                _("Welcome to “%(project)s”") if approved else _("About your request to join “%(project)s”")
            ) % {"project": membership.project.title}
            _send(
                to=membership.member.email, subject=subject, template="join_decided",
                context={"membership": membership, "approved": approved, "project_url": _project_url(membership.project)},
            )
            sent = 1
        membership.decision_notified_at = timezone.now()
        membership.save(update_fields=["decision_notified_at"])
        return sent

"""Project emails through the delivery ledger (notifications): a stage move to every member, a request
to join to the project's leads, the answer to the person who asked. One ledger row per person, so a retry after
a failed send never emails anyone twice."""

from django.utils.translation import gettext as _

from network.models import Member
from notifications.models import Kind
from notifications.registry import KindHandler
from notifications.services import absolute_url, render_email

from .models import ProjectMembership, StageChange


def _message(*, to, subject, template, context):
    return render_email(template=f"projects/email/{template}", subject=subject, context=context, to=[to])


# A stage move: every active member of the project.

def stage_change_recipients(stage_change_id, occasion):
    return Member.objects.filter(
        project_memberships__project__stage_changes__pk=stage_change_id,
        project_memberships__status=ProjectMembership.Status.ACTIVE,
    )


def build_stage_change_emails(deliveries):
    changes = StageChange.objects.filter(pk__in={d.object_id for d in deliveries}).select_related(
        "project", "changed_by"
    ).in_bulk()
    messages = {}
    for d in deliveries:
        change = changes.get(d.object_id)
        if change is None:
            messages[d.pk] = None
            continue
        subject = _("“%(project)s” has moved to the %(stage)s stage") % {
            "project": change.project.title, "stage": change.get_to_stage_display(),
        }
        messages[d.pk] = _message(
            to=d.member.email, subject=subject, template="stage_changed",
            context={"member": d.member, "change": change, "project_url": absolute_url("projects:detail", slug=change.project.slug)},
        )
    return messages


# A request to join: the project's leads.

def join_request_recipients(membership_id, occasion):
    project_ids = ProjectMembership.objects.filter(pk=membership_id).values("project_id")
    return Member.objects.filter(
        project_memberships__project_id__in=project_ids,
        project_memberships__status=ProjectMembership.Status.ACTIVE,
        project_memberships__is_project_lead=True,
    )


def request_no_longer_waiting(membership_id, occasion, now):
    return not ProjectMembership.objects.filter(pk=membership_id, status=ProjectMembership.Status.REQUESTED).exists()


def _memberships_of(deliveries):
    """{membership id: membership} for a batch of ledger rows about memberships, in one query."""
    return ProjectMembership.objects.filter(pk__in={d.object_id for d in deliveries}).select_related(
        "project", "member"
    ).in_bulk()


def build_join_request_emails(deliveries):
    memberships = _memberships_of(deliveries)
    messages = {}
    for d in deliveries:
        membership = memberships.get(d.object_id)
        if membership is None:
            messages[d.pk] = None
            continue
        messages[d.pk] = _message(
            to=d.member.email, template="join_requested",
            subject=_("Someone has asked to join “%(project)s”") % {"project": membership.project.title},
            context={
                "lead": d.member, "membership": membership,
                "members_url": absolute_url("projects:members", slug=membership.project.slug),
            },
        )
    return messages


# The answer: the person who asked.

def join_decision_recipients(membership_id, occasion):
    return Member.objects.filter(project_memberships__pk=membership_id)


def build_join_decision_emails(deliveries):
    memberships = _memberships_of(deliveries)
    messages = {}
    for d in deliveries:
        membership = memberships.get(d.object_id)
        if membership is None or membership.decided_at is None:
            messages[d.pk] = None
            continue
        approved = membership.status == ProjectMembership.Status.ACTIVE
        subject = (_("Welcome to “%(project)s”") if approved else _("About your request to join “%(project)s”")) % {
            "project": membership.project.title
        }
        messages[d.pk] = _message(
            to=d.member.email, subject=subject, template="join_decided",
            context={"membership": membership, "approved": approved, "project_url": absolute_url("projects:detail", slug=membership.project.slug)},
        )
    return messages


HANDLERS = [
    KindHandler(Kind.STAGE_CHANGED, None, stage_change_recipients, build_stage_change_emails),
    KindHandler(Kind.JOIN_REQUESTED, None, join_request_recipients, build_join_request_emails,
                is_stale=request_no_longer_waiting),
    KindHandler(Kind.JOIN_DECIDED, None, join_decision_recipients, build_join_decision_emails),
]

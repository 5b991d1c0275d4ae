"""Emails about projects. Each task takes an id, re-reads the state and puts one row per person in the delivery
ledger (notifications), then sends: running a task twice, or retrying after a failed send, never emails
anyone twice. The words are in projects/emails.py."""

from celery import shared_task

from notifications import services as notifications
from notifications.models import Kind

from .models import ProjectMembership, StageChange


@shared_task(acks_late=True)
def tell_members_about_stage_change(stage_change_id):
    return notifications.queue_once(StageChange, stage_change_id, marker="members_notified_at",
                                    kind=Kind.STAGE_CHANGED, occasion="moved")


@shared_task(acks_late=True)
def tell_project_leads_about_request(membership_id):
    return notifications.queue_once(ProjectMembership, membership_id, marker="request_notified_at",
                                    kind=Kind.JOIN_REQUESTED, occasion="requested",
                                    ready={"status": ProjectMembership.Status.REQUESTED})


@shared_task(acks_late=True)
def tell_member_about_decision(membership_id):
    decided = [ProjectMembership.Status.ACTIVE, ProjectMembership.Status.DECLINED]
    return notifications.queue_once(ProjectMembership, membership_id, marker="decision_notified_at",
                                    kind=Kind.JOIN_DECIDED, occasion="decided",
                                    ready={"decided_at__isnull": False, "status__in": decided})

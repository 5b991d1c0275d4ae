"""Emails about projects. Each task takes an id, re-reads the state and puts one row per person in the delivery
ledger (notifications), then sends: running a task twice, or retrying after a failed send, never emails
anyone twice. The words are in projects/emails.py."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from notifications import services as notifications
from notifications.models import Kind
from notifications.registry import handler_for
from notifications.tasks import send_pending_deliveries

from .models import ProjectMembership, StageChange


def _queue_once(model, pk, *, marker, kind, occasion, ready=None):
    """Lock the row, and if it has not been queued yet, queue the email for each recipient and mark the row."""
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk, **{f"{marker}__isnull": True}, **(ready or {})).first()
        if row is None:
            return 0
        members = handler_for(kind).recipients(pk, occasion)
        queued = notifications.queue(kind=kind, object_id=pk, occasion=occasion, members=members)
        setattr(row, marker, timezone.now())
        row.save(update_fields=[marker])
        send_pending_deliveries.delay_on_commit()
    # Send this batch now as well. If the mail server is not taking messages, the rows stay pending and the
    # queued task above (or the next scan) sends them later, each once.
    try:
        notifications.send_pending()
    except notifications.TransientMailError:
        pass
    return queued


@shared_task(acks_late=True)
def tell_members_about_stage_change(stage_change_id):
    return _queue_once(StageChange, stage_change_id, marker="members_notified_at", kind=Kind.STAGE_CHANGED,
                       occasion="moved")


@shared_task(acks_late=True)
def tell_project_leads_about_request(membership_id):
    return _queue_once(ProjectMembership, membership_id, marker="request_notified_at", kind=Kind.JOIN_REQUESTED,
                       occasion="requested", ready={"status": ProjectMembership.Status.REQUESTED})


@shared_task(acks_late=True)
def tell_member_about_decision(membership_id):
    decided = [ProjectMembership.Status.ACTIVE, ProjectMembership.Status.DECLINED]
    return _queue_once(ProjectMembership, membership_id, marker="decision_notified_at", kind=Kind.JOIN_DECIDED,
                       occasion="decided", ready={"decided_at__isnull": False, "status__in": decided})

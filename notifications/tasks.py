"""Celery tasks: thin wrappers over the engine. They take ids, can run twice, and retry well inside the
broker's visibility timeout (retry_backoff_max 5 minutes against Redis's 1 hour).

Each task's name is pinned to where it lived before the apps moved to the top level (network.notifications), so
the schedules stored by Celery beat and messages already queued keep reaching it."""

import math

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Delivery
from .registry import planners

# How many senders a scan starts at most when a lot is waiting (the weekly news to everyone): enough for every
# worker process of two or three workers. Each claims its own batches (SKIP LOCKED), so they never share a row;
# one more than there are processes only waits in the queue and finds nothing.
PARALLEL_SENDERS = 4


@shared_task(name="network.notifications.tasks.send_pending_deliveries", bind=True, acks_late=True,
             autoretry_for=(services.TransientMailError,), retry_backoff=5, retry_backoff_max=300, retry_jitter=False,
             max_retries=12)
def send_pending_deliveries(self, max_batches=50):
    """Send everything pending, one claimed batch (one mail connection) at a time. After max_batches it hands
    over to a fresh task, so one long send never holds a worker past its limits."""
    total = 0
    for _ in range(max_batches):
        sent = services.send_pending()
        if not sent and not Delivery.objects.claimable().exists():
            return total
        total += sent
    if Delivery.objects.claimable().exists():
        send_pending_deliveries.delay(max_batches)
    return total


def start_senders():
    """Queue as many senders as the waiting emails need, up to PARALLEL_SENDERS (one per batch waiting)."""
    waiting = Delivery.objects.claimable(timezone.now()).count()
    senders = min(PARALLEL_SENDERS, math.ceil(waiting / services.BATCH_SIZE))
    for _ in range(senders):
        send_pending_deliveries.delay()
    return senders


@shared_task(name="network.notifications.tasks.scan_due_notifications", acks_late=True)
def scan_due_notifications():
    """Run every minute by beat: fan out whatever is due and send whatever is pending (a worker that was down
    catches up here)."""
    for plan in planners():
        plan()
    fanned = 0
    while True:
        n = services.fan_out_due()
        fanned += n
        if n == 0:
            break
    start_senders()
    return fanned

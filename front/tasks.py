"""The weekly network news, planned by Celery beat. The task keeps the name its schedule was stored under."""

from celery import shared_task


@shared_task(name="network.notifications.tasks.plan_weekly_digest", acks_late=True)
def plan_weekly_digest():
    """Run by beat on Monday mornings: makes this week's news due now; the reminder scan sends it."""
    from notifications.tasks import scan_due_notifications

    from .weekly_news import plan_weekly_digest as plan

    plan()
    scan_due_notifications.delay()

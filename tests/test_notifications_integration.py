"""Real parts end to end: a Redis broker, Celery worker and beat processes, an SMTP server on loopback, PostgreSQL.

Each test commits its data (transactional_db) so the worker processes, which connect to the same test database,
see it. Waiting is always on a condition with a deadline.
"""

import datetime as dt
import os
import signal
from contextlib import ExitStack

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from front import weekly_news
from notifications import services
from notifications.models import Delivery
from projects.models import Project
from tests import factories
from tests.services import celery_env, celery_process, smtp_server, wait_for, worker_database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SCAN_TASK_NAME = "Send reminders and digests that are due"



@pytest.fixture
def real_stack(postgres, redis_broker_url, tmp_path):
    """Start/stop helpers for worker and beat processes pointed at this test's database, broker and mail server."""
    with ExitStack() as stack:
        handler, email_url = stack.enter_context(smtp_server())
        env = celery_env(
            DATABASE_URL=worker_database_url(), REDIS_URL=redis_broker_url, EMAIL_URL=email_url,
            NOTIFICATIONS_LEASE_SECONDS="2", DJANGO_TESTING="0",
        )
        # The scan runs every second here, not every minute.
        every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
        # (Set here, not taken from the data migration: transactional tests empty every table between tests.)
        PeriodicTask.objects.exclude(name=SCAN_TASK_NAME).update(enabled=False)
        PeriodicTask.objects.update_or_create(
            name=SCAN_TASK_NAME,
            defaults={"task": "network.notifications.tasks.scan_due_notifications", "interval": every_second,
                      "enabled": True},
        )

        class Stack:
            smtp = handler
            count = 0

            def worker(self):
                Stack.count += 1
                return stack.enter_context(
                    celery_process("worker", env=env, log_path=tmp_path / f"worker{Stack.count}.log")
                )

            def beat(self):
                return stack.enter_context(
                    celery_process("beat", env=env, args=["--max-interval", "1", "--schedule", str(tmp_path / "beat")],
                                   log_path=tmp_path / "beat.log")
                )

        yield Stack()


def _members_with_news(n, **kwargs):
    Project.objects.update(created_at=timezone.now() - dt.timedelta(days=60))
    members = factories.MemberFactory.create_batch(n, **kwargs)
    for member in members:
        factories.ActionFactory(owner=member, what=f"Bring the photos for {member.pk}")
    return members


def _plan_digest():
    weekly_news.plan_weekly_digest()
    services.fan_out_due()


def test_a_worker_that_was_down_catches_up_on_everything_due(real_stack):
    members = _members_with_news(5)
    _plan_digest()  # due while no worker runs
    real_stack.worker()
    real_stack.beat()
    wait_for(lambda: len(real_stack.smtp.messages) >= 5, timeout=90, message="five digests delivered")
    assert sorted(real_stack.smtp.recipients()) == sorted(m.email for m in members)
    # The server has a message a moment before the worker writes down that it went: wait for the ledger too.
    wait_for(lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() >= 5, timeout=30,
             message="the ledger records five sent")
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 5


def test_a_worker_killed_mid_batch_still_reaches_everyone_with_no_more_duplicates_than_kills(real_stack):
    members = _members_with_news(40)
    _plan_digest()
    real_stack.smtp.delay_seconds = 0.05  # slow enough that the kill lands mid-batch
    first = real_stack.worker()
    real_stack.beat()
    wait_for(lambda: len(real_stack.smtp.messages) >= 8, timeout=90, message="the first messages")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    kills = 1
    assert len(real_stack.smtp.messages) < 40, "the batch finished before the kill: nothing was tested"
    real_stack.smtp.delay_seconds = 0
    real_stack.worker()
    wait_for(lambda: {m.email for m in members} <= set(real_stack.smtp.recipients()), timeout=120,
             message="every member reached after the restart")
    # The killed worker may have handed its last message to the server without recording it: that row waits for
    # its lease to run out and is sent again (the one duplicate a kill may cost). Wait for the ledger to settle.
    wait_for(lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 40, timeout=120,
             message="the ledger records every email as sent")
    ids = real_stack.smtp.message_ids()
    assert len(set(ids)) == 40, "one distinct Message-ID per recipient"
    assert len(ids) - 40 <= kills
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 40


def test_a_member_who_turned_the_news_off_is_sent_nothing(real_stack):
    wanting = _members_with_news(3)
    opted_out = _members_with_news(2, wants_weekly_digest=False)
    _plan_digest()
    real_stack.worker()
    real_stack.beat()
    wait_for(lambda: len(real_stack.smtp.messages) >= 3, timeout=90, message="the three wanted digests")
    # Let the scan run a few more rounds: still nothing for those who said no.
    wait_for(lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() >= 3, timeout=30,
             message="the ledger records three sent")
    rounds = Delivery.objects.filter(status=Delivery.Status.SENT).count()
    assert rounds == 3
    recipients = set(real_stack.smtp.recipients())
    assert recipients == {m.email for m in wanting}
    assert not recipients & {m.email for m in opted_out}
    assert Delivery.objects.filter(skip_reason=Delivery.SkipReason.OPTED_OUT).count() == 2


def test_a_mail_server_refusing_for_a_while_means_retries_then_each_message_once(real_stack):
    members = _members_with_news(4)
    _plan_digest()
    real_stack.smtp.refuse_next = 3  # "421 try again later" three times
    real_stack.worker()
    real_stack.beat()
    wait_for(lambda: len(real_stack.smtp.messages) >= 4, timeout=120, message="all four after the refusals")
    assert sorted(real_stack.smtp.recipients()) == sorted(m.email for m in members)
    assert len(real_stack.smtp.message_ids()) == 4
    assert Delivery.objects.filter(attempts__gte=2).exists(), "the refusals were retried"


def test_a_due_reminder_is_delivered_once_through_the_real_stack(real_stack):
    from meetings.models import Invitation
    from notifications.models import ReminderRule
    from notifications.tasks import scan_due_notifications

    ReminderRule.objects.get_or_create(hours_before=24, defaults={"label": "The day before"})
    # The day-before reminder fell due ten minutes ago.
    starts = (timezone.now() + dt.timedelta(hours=23, minutes=50)).replace(second=0, microsecond=0)
    meeting = factories.MeetingFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    members = factories.MemberFactory.create_batch(3)
    for member in members:
        Invitation.objects.create(meeting=meeting, member=member)
    real_stack.worker()
    real_stack.beat()
    wait_for(lambda: len(real_stack.smtp.messages) >= 3, timeout=90, message="three reminders")
    # Two more full scans, waited for through the broker: still one reminder each.
    for _ in range(2):
        scan_due_notifications.delay().get(timeout=60)
    wait_for(lambda: not Delivery.objects.filter(status=Delivery.Status.PENDING).exists(), timeout=30,
             message="nothing left pending")
    assert sorted(real_stack.smtp.recipients()) == sorted(m.email for m in members)
    assert all(m["Subject"].startswith("Reminder:") for m in real_stack.smtp.messages)

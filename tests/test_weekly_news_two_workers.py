"""The weekly news on two real Celery workers at once (one Redis broker, one PostgreSQL), to an SMTP server on
loopback, with one worker killed (SIGKILL) in the middle of a batch: everyone gets it once, counted by Message-ID
at the mail server. The benchmark runs the same measurement at 100,000 members."""

import pytest

from front.bench.seed import NetworkSeeder
from front.bench.weekly_workers import measure_weekly_news_on_two_workers
from network.models import Member

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_killed_mid_send_leaves_no_member_without_the_news_and_none_with_it_twice(postgres,
                                                                                         redis_broker_url):
    NetworkSeeder(scale=0.03, log=lambda message: None).grow_to(1)  # 300 members, their meetings and actions
    members = Member.objects.count()

    result = measure_weekly_news_on_two_workers(members_expected=members, log=lambda message: None,
                                                lease_seconds=3, timeout=120)

    assert result["killed_at"] is not None and 0 < result["killed_at"] < result["expected"], "killed midway"
    assert result["expected"] >= members * 0.9, "nearly every member had something new this week"
    assert result["duplicates"] == 0
    assert result["misses"] == 0
    assert result["unexpected"] == 0
    assert result["ledger_sent"] == result["expected"]

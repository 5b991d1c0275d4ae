import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from front import weekly_news
from meetings.models import Invitation
from notifications import services
from notifications.models import Delivery, Kind
from projects.models import Project
from tests import factories


@pytest.fixture
def quiet_week(db):
    """A network where nothing happened this week: projects are old news."""
    factories.ProjectFactory.create_batch(2)
    Project.objects.update(created_at=timezone.now() - dt.timedelta(days=60))


def _run_digest():
    weekly_news.plan_weekly_digest()
    services.fan_out_due()
    while services.send_pending():
        pass


def test_a_member_with_an_action_due_gets_the_weekly_news_listing_it(quiet_week):
    member = factories.MemberFactory(display_name="Asha")
    factories.ActionFactory(owner=member, what="Book the accessible minibus")
    _run_digest()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Book the accessible minibus" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Book the accessible minibus" in html


def test_members_with_nothing_new_get_nothing(quiet_week):
    member = factories.MemberFactory()
    _run_digest()
    assert mail.outbox == []
    assert Delivery.objects.get(member=member).skip_reason == Delivery.SkipReason.NOTHING_NEW


def test_a_new_project_is_news_for_everyone(quiet_week):
    factories.MemberFactory.create_batch(3)
    factories.ProjectFactory(title="Garden for everyone")
    _run_digest()
    assert len(mail.outbox) == 3
    assert all("Garden for everyone" in m.body for m in mail.outbox)


def test_a_member_who_turned_the_weekly_news_off_gets_nothing(quiet_week):
    member = factories.MemberFactory(wants_weekly_digest=False)
    factories.ActionFactory(owner=member)
    _run_digest()
    assert mail.outbox == []
    assert Delivery.objects.get(member=member).skip_reason == Delivery.SkipReason.OPTED_OUT


def test_offline_members_are_recorded_as_not_emailed(quiet_week):
    offline = factories.OfflineMemberFactory()
    factories.ActionFactory(owner=offline)
    _run_digest()
    assert mail.outbox == []
    assert Delivery.objects.get(member=offline).skip_reason == Delivery.SkipReason.NO_EMAIL


def test_running_the_digest_twice_in_a_week_sends_each_member_one_email(quiet_week):
    member = factories.MemberFactory()
    factories.ActionFactory(owner=member)
    _run_digest()
    _run_digest()
    assert len(mail.outbox) == 1


def test_each_digest_carries_one_click_unsubscribe_headers_and_a_stable_message_id(quiet_week):
    member = factories.MemberFactory()
    factories.ActionFactory(owner=member)
    _run_digest()
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Unsubscribe"].startswith("<http") and "/notifications/unsubscribe/" in headers["List-Unsubscribe"]
    object_id, occasion = weekly_news.week_key(timezone.now())
    assert headers["Message-ID"] == services.message_id_for(
        kind=Kind.WEEKLY_DIGEST, object_id=object_id, occasion=occasion, member_id=member.pk
    )
    assert member.email not in headers["Message-ID"]


def _build_queries(n):
    members = factories.MemberFactory.create_batch(n)
    project = factories.ProjectFactory()
    for m in members:
        factories.ProjectMembershipFactory(member=m, project=project)
        factories.ActionFactory(owner=m, project=project)
    meeting = factories.MeetingFactory(project=project)
    for m in members:
        Invitation.objects.create(meeting=meeting, member=m)
    object_id, occasion = weekly_news.week_key(timezone.now())
    services.queue(kind=Kind.WEEKLY_DIGEST, object_id=object_id, occasion=occasion, members=members)
    deliveries = list(Delivery.objects.filter(member__in=members).select_related("member"))
    with CaptureQueriesContext(connection) as ctx:
        built = weekly_news.build_weekly_digests(deliveries)
    assert sum(1 for m in built.values() if m) == n
    Delivery.objects.all().delete()
    return len(ctx.captured_queries)


def test_building_the_digest_takes_the_same_queries_for_3_members_as_for_30(quiet_week):
    assert _build_queries(3) == _build_queries(30)


def test_the_news_lists_the_meetings_a_member_is_invited_to_but_not_those_they_sent_apologies_for(quiet_week):
    member = factories.MemberFactory()
    coming = factories.MeetingFactory(title="Planning the garden")
    sorry = factories.MeetingFactory(title="Budget review")
    factories.MeetingFactory(title="Someone else's meeting")
    Invitation.objects.create(meeting=coming, member=member, response=Invitation.Response.ATTENDING)
    Invitation.objects.create(meeting=sorry, member=member, response=Invitation.Response.APOLOGIES)
    _run_digest()
    body = mail.outbox[0].body
    assert "Planning the garden" in body
    assert "Budget review" not in body and "Someone else's meeting" not in body


def test_a_meeting_renamed_while_the_news_goes_out_reaches_later_members_under_its_new_name(quiet_week):
    # Each meeting's line is written once and kept for the next batches: a change to the meeting is a new line.
    first, second = factories.MemberFactory(), factories.MemberFactory()
    meeting = factories.MeetingFactory(title="Carers & friends' forum", venue="Room 2")
    for member in (first, second):  # the same words, agreed at the same meeting: one line until it is renamed
        factories.ActionFactory(owner=member, what="Bring the leaflets", meeting=meeting, project=None)
    for member in (first, second):
        Invitation.objects.create(meeting=meeting, member=member)
    weekly_news.plan_weekly_digest()
    services.fan_out_due()
    services.send_pending(limit=1)
    meeting.title, meeting.venue = "Carers' forum, moved", "Hall"
    meeting.save()
    while services.send_pending(limit=1):
        pass
    to_first, to_second = mail.outbox  # in the order they were sent: before the change, after it
    assert "Carers & friends' forum: " in to_first.body and "Room 2" in to_first.body
    assert "Carers &amp; friends&#x27; forum</a>" in to_first.alternatives[0][0]
    assert "Bring the leaflets (agreed at Carers & friends' forum)" in to_first.body
    assert "Carers' forum, moved: " in to_second.body and "Hall" in to_second.body
    assert "Bring the leaflets (agreed at Carers' forum, moved)" in to_second.body
    assert "Carers & friends" not in to_second.body and "Room 2" not in to_second.body


def test_a_project_started_while_the_news_goes_out_is_in_the_emails_written_after_it(quiet_week):
    # The network's part of the news is worked out once and kept, until something it counts changes.
    factories.MemberFactory.create_batch(2)
    factories.ProjectFactory(title="Garden for everyone")
    weekly_news.plan_weekly_digest()
    services.fan_out_due()
    services.send_pending(limit=1)
    factories.ProjectFactory(title="Walk & talk group")
    while services.send_pending(limit=1):
        pass
    before, after = mail.outbox  # in the order they were sent
    assert "Garden for everyone" in before.body and "Walk & talk group" not in before.body
    assert "Garden for everyone" in after.body and "Walk & talk group" in after.body


def _slow_batch(quiet_week, monkeypatch, count=4):
    """A claimed batch whose sender is slow: by its second email, the lease is due to be renewed."""
    members = factories.MemberFactory.create_batch(count)
    for member in members:
        factories.ActionFactory(owner=member)
    weekly_news.plan_weekly_digest()
    services.fan_out_due()
    start = timezone.now()
    clock = iter(start + dt.timedelta(seconds=n * services.lease().total_seconds() / 2) for n in range(100))
    monkeypatch.setattr(services.timezone, "now", lambda: next(clock))
    return start


def test_a_slow_batch_renews_its_lease_and_sends_every_email_once(quiet_week, monkeypatch):
    _slow_batch(quiet_week, monkeypatch)
    assert services.send_pending() == 4
    assert len(mail.outbox) == 4
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_sender_whose_batch_was_taken_over_stops_and_leaves_the_rest_to_the_other(quiet_week, monkeypatch):
    _slow_batch(quiet_week, monkeypatch)
    real_send_one = services._send_one

    def another_worker_takes_over(message, connection, boundary):
        real_send_one(message, connection, boundary)
        Delivery.objects.filter(status=Delivery.Status.PENDING).update(claimed_until=timezone.now())

    monkeypatch.setattr(services, "_send_one", another_worker_takes_over)
    assert services.send_pending() == 1
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 3

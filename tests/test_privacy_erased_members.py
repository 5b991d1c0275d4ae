"""An erased member is neither online nor offline: they get no invitation, reminder or news, appear on no lead's
phone-and-post list or email, and their invitations to meetings still to come are withdrawn when they are erased."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from front import weekly_news
from meetings import reminders
from meetings import services as meetings
from meetings.models import Invitation, Meeting
from network.models import Member
from notifications import services as notifications
from notifications.models import Delivery, ReminderRule
from privacy.services import FORMER_MEMBER_NAME, erase_member
from tests import factories


@pytest.fixture
def reminder_times(db):
    ReminderRule.objects.get_or_create(hours_before=168, defaults={"label": "A week before"})


@pytest.fixture
def erased_offline_member(lead):
    person = factories.OfflineMemberFactory(display_name="Edna Erased", phone="01632 960999", added_by=lead)
    return erase_member(member=person)


@pytest.fixture
def doris(lead):
    return factories.OfflineMemberFactory(display_name="Doris Pembleton", phone="01632 960123", added_by=lead)


def left_over_invitation(meeting, person):
    """An invitation an erasure made before invitations were withdrawn would have left behind."""
    return Invitation.objects.create(meeting=meeting, member=person)


def test_an_erased_member_is_neither_online_nor_offline(erased_offline_member, doris):
    assert erased_offline_member.email is None and not erased_offline_member.is_offline
    assert list(Member.objects.offline()) == [doris]
    assert erased_offline_member not in Member.objects.not_erased()


def test_an_erased_member_gets_no_invitation_to_a_new_meeting(lead, member, erased_offline_member, doris):
    meeting = factories.MeetingFactory(status=Meeting.Status.DRAFT, audience=Meeting.Audience.NETWORK)
    meetings.publish_and_invite(meeting=meeting, by=lead)
    invited = set(meeting.invitations.values_list("member_id", flat=True))
    assert {member.pk, doris.pk} <= invited and erased_offline_member.pk not in invited


def test_an_erased_member_chosen_by_name_for_a_meeting_is_still_not_invited(lead, member, erased_offline_member):
    meeting = factories.MeetingFactory(status=Meeting.Status.DRAFT, audience=Meeting.Audience.CHOSEN)
    meeting.chosen_members.add(member, erased_offline_member)
    meetings.publish_and_invite(meeting=meeting, by=lead)
    assert list(meeting.invitations.values_list("member_id", flat=True)) == [member.pk]


def test_their_invitations_to_meetings_still_to_come_are_withdrawn_and_a_place_they_held_goes_to_the_next_person(
    member, other_member, tasks_run_at_once, django_capture_on_commit_callbacks
):
    full = factories.MeetingFactory(capacity=1)
    another = factories.MeetingFactory()
    meetings.reply(meeting=full, member=member, response=Invitation.Response.ATTENDING)
    meetings.reply(meeting=full, member=other_member, response=Invitation.Response.ATTENDING)
    Invitation.objects.create(meeting=another, member=member)  # not replied yet
    assert Invitation.objects.get(meeting=full, member=other_member).response == Invitation.Response.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        erase_member(member=member)
    assert not Invitation.objects.filter(member=member).exists()
    assert Invitation.objects.get(meeting=full, member=other_member).response == Invitation.Response.ATTENDING
    assert Delivery.objects.filter(member=other_member, kind="place_offered").exists()


def test_an_erased_member_is_on_no_phone_and_post_list(client, lead, erased_offline_member, doris):
    meeting = factories.MeetingFactory()
    left_over_invitation(meeting, erased_offline_member)
    Invitation.objects.create(meeting=meeting, member=doris)
    client.force_login(lead)
    page = client.get(reverse("meetings:offline_list", kwargs={"pk": meeting.pk})).content.decode()
    assert "Doris Pembleton" in page
    assert FORMER_MEMBER_NAME not in page and "01632 960999" not in page


def test_no_lead_email_lists_an_erased_member_and_they_get_no_reminder(reminder_times, lead, erased_offline_member,
                                                                      doris):
    meeting = factories.MeetingFactory()
    left_over_invitation(meeting, erased_offline_member)
    Invitation.objects.create(meeting=meeting, member=doris)
    when = meeting.starts_at - dt.timedelta(hours=168) + dt.timedelta(minutes=1)
    reminders.plan_meeting_reminders(now=when)
    notifications.fan_out_due(now=when)
    while notifications.send_pending(now=when):
        pass
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert "Doris Pembleton" in mail.outbox[0].body
    assert FORMER_MEMBER_NAME not in mail.outbox[0].body
    assert not Delivery.objects.filter(member=erased_offline_member).exists()


def test_when_every_offline_invitee_is_erased_no_lead_gets_a_list(reminder_times, lead, erased_offline_member):
    meeting = factories.MeetingFactory()
    left_over_invitation(meeting, erased_offline_member)
    reminders.tell_leads_about_offline_invitees(meeting.pk, "168h", [erased_offline_member.pk])
    assert not Delivery.objects.filter(kind="offline_contact_list").exists()


def test_an_erased_member_gets_no_weekly_news_and_no_meeting_emails(member, erased_offline_member):
    meeting = factories.MeetingFactory()
    left_over_invitation(meeting, erased_offline_member)
    Invitation.objects.create(meeting=meeting, member=member)
    assert erased_offline_member not in weekly_news.weekly_recipients("2026-48", "week")
    assert list(reminders.reminder_recipients(meeting.pk, "168h")) == [member]
    from meetings.tasks import send_cancellation, send_invitations

    send_invitations(meeting.pk)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    send_cancellation(meeting.pk)
    assert set(Delivery.objects.values_list("member_id", flat=True)) == {member.pk}


def test_a_lead_looking_after_an_erased_member_is_told_their_account_was_erased(client, lead, erased_offline_member):
    client.force_login(lead)
    page = client.get(reverse("network:manage_member", kwargs={"pk": erased_offline_member.pk})).content.decode()
    assert "their account was erased" in page
    assert "you keep in touch by phone or post" not in page


def test_the_migration_marks_accounts_erased_before_it_and_nobody_else(lead, db):
    old_stub = factories.OfflineMemberFactory(display_name=FORMER_MEMBER_NAME, is_active=False)
    old_stub.set_unusable_password()  # what the erasure before this migration left: no email, no password, inactive
    old_stub.save()
    deactivated = factories.OfflineMemberFactory(display_name="Olive Offline", is_active=False)
    same_name = factories.MemberFactory(display_name=FORMER_MEMBER_NAME)
    migration = importlib.import_module("network.migrations.0010_member_erased_at")
    before = timezone.now()
    migration.mark_accounts_erased_before(django_apps, None)
    old_stub.refresh_from_db()
    deactivated.refresh_from_db()
    same_name.refresh_from_db()
    assert old_stub.erased_at >= before
    assert deactivated.erased_at is None and same_name.erased_at is None

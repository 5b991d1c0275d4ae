import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from meetings import reminders
from meetings.models import AgendaItem, Invitation, Meeting
from notifications import services
from notifications.models import Delivery, DueNotification, Kind, ReminderRule
from tests import factories


@pytest.fixture
def rules(db):
    ReminderRule.objects.get_or_create(hours_before=168, defaults={"label": "A week before"})
    ReminderRule.objects.get_or_create(hours_before=24, defaults={"label": "The day before"})


@pytest.fixture
def meeting(rules):
    starts = (timezone.now() + dt.timedelta(days=10)).replace(second=0, microsecond=0)
    m = factories.MeetingFactory(
        title="Spring network meeting", starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
        venue="Riverside Centre", venue_access="Step-free entrance from the car park.",
        online_link="https://video.example.org/spring",
    )
    AgendaItem.objects.create(meeting=m, order=1, title="Welcome and introductions", minutes_allowed=10)
    return m


def invite(meeting, member, response=""):
    return Invitation.objects.create(meeting=meeting, member=member, response=response)


def run_at(when):
    reminders.plan_meeting_reminders(now=when)
    services.fan_out_due(now=when)
    while services.send_pending(now=when):
        pass


def week_before(meeting):
    return meeting.starts_at - dt.timedelta(hours=168) + dt.timedelta(minutes=1)


def test_invitees_get_a_reminder_a_week_before_with_agenda_access_information_and_calendar_file(meeting):
    member = factories.MemberFactory()
    invite(meeting, member, Invitation.Response.ATTENDING)
    run_at(week_before(meeting))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Welcome and introductions" in message.body
    assert "Step-free entrance from the car park." in message.body
    assert "https://video.example.org/spring" in message.body
    html, _ = message.alternatives[0]
    assert "Welcome and introductions" in html
    filename, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at


def test_nobody_who_sent_apologies_or_waits_for_a_place_is_reminded(meeting):
    coming = factories.MemberFactory()
    invite(meeting, coming, Invitation.Response.MAYBE)
    invite(meeting, factories.MemberFactory(), Invitation.Response.APOLOGIES)
    waiting = factories.MemberFactory()
    Invitation.objects.create(meeting=meeting, member=waiting, response=Invitation.Response.WAITING,
                              waiting_since=timezone.now())
    run_at(week_before(meeting))
    assert [m.to for m in mail.outbox] == [[coming.email]]


def test_each_reminder_goes_out_once_however_often_the_scan_runs(meeting):
    invite(meeting, factories.MemberFactory())
    when = week_before(meeting)
    run_at(when)
    run_at(when + dt.timedelta(minutes=1))
    run_at(when + dt.timedelta(hours=2))
    assert len(mail.outbox) == 1


def test_both_reminders_go_out_at_their_times(meeting):
    invite(meeting, factories.MemberFactory())
    run_at(week_before(meeting))
    run_at(meeting.starts_at - dt.timedelta(hours=23))
    assert len(mail.outbox) == 2


def test_a_worker_down_for_days_sends_only_the_closer_reminder_not_both(meeting):
    invite(meeting, factories.MemberFactory())
    reminders.plan_meeting_reminders(now=timezone.now())
    run_at(meeting.starts_at - dt.timedelta(hours=20))
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(occasion="24h").status == Delivery.Status.SENT


def test_no_reminder_is_ever_sent_for_a_meeting_already_over(meeting):
    invite(meeting, factories.MemberFactory())
    reminders.plan_meeting_reminders(now=timezone.now())
    run_at(meeting.ends_at + dt.timedelta(hours=1))
    assert mail.outbox == []


def test_a_cancelled_meeting_gets_no_reminders(meeting):
    invite(meeting, factories.MemberFactory())
    reminders.plan_meeting_reminders(now=timezone.now())
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    run_at(week_before(meeting))
    assert mail.outbox == []
    assert not DueNotification.objects.filter(processed_at__isnull=True).exists()


def test_moving_the_meeting_moves_its_reminders(meeting):
    invite(meeting, factories.MemberFactory())
    reminders.plan_meeting_reminders(now=timezone.now())
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at + dt.timedelta(days=7),
                                                 ends_at=meeting.ends_at + dt.timedelta(days=7))
    run_at(week_before(meeting))  # the old reminder time
    assert mail.outbox == []
    meeting.refresh_from_db()
    run_at(week_before(meeting))
    assert len(mail.outbox) == 1


def test_a_member_who_turned_reminders_off_is_not_reminded(meeting):
    member = factories.MemberFactory(wants_meeting_reminders=False)
    invite(meeting, member)
    run_at(week_before(meeting))
    assert mail.outbox == []
    assert Delivery.objects.get(member=member).skip_reason == Delivery.SkipReason.OPTED_OUT


def test_the_lead_of_an_offline_invitee_gets_the_list_of_people_to_phone_or_write_to(meeting):
    lead = factories.LeadFactory()
    offline = factories.OfflineMemberFactory(display_name="Doris Pembleton", phone="01632 960123", added_by=lead)
    invite(meeting, offline)
    run_at(week_before(meeting))
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert "Doris Pembleton" in mail.outbox[0].body and "01632 960123" in mail.outbox[0].body
    assert Delivery.objects.get(member=offline).skip_reason == Delivery.SkipReason.NO_EMAIL


def test_a_new_reminder_time_set_by_a_lead_applies_to_meetings_already_planned(meeting):
    invite(meeting, factories.MemberFactory())
    reminders.plan_meeting_reminders(now=timezone.now())
    ReminderRule.objects.create(hours_before=2, label="Two hours before")
    run_at(meeting.starts_at - dt.timedelta(hours=1, minutes=59))
    assert Delivery.objects.filter(kind=Kind.MEETING_REMINDER, occasion="2h", status=Delivery.Status.SENT).count() == 1


def test_a_lead_resends_one_reminder_on_purpose(meeting, lead):
    member = factories.MemberFactory()
    invite(meeting, member)
    run_at(week_before(meeting))
    first = Delivery.objects.get(member=member)
    again = services.resend(delivery=first, requested_by=lead)
    while services.send_pending(now=week_before(meeting)):
        pass
    assert len(mail.outbox) == 2
    again.refresh_from_db()
    assert again.status == Delivery.Status.SENT and again.requested_by == lead


def test_a_lead_sees_on_the_meeting_admin_page_who_was_reminded_and_who_could_not_be(client, lead, meeting):
    from django.core.management import call_command

    call_command("sync_lead_permissions", verbosity=0)
    reminded = factories.MemberFactory(display_name="Rhiannon Reminded")
    offline = factories.OfflineMemberFactory(display_name="Owen Offline", added_by=lead)
    invite(meeting, reminded)
    invite(meeting, offline)
    run_at(week_before(meeting))
    client.force_login(lead)
    page = client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    # The meeting's page stays the same size however many are invited: it links to the list of its emails.
    emails_list = f"/admin/notifications/delivery/?meeting__id__exact={meeting.pk}"
    assert f'href="{emails_list}"' in page
    ledger = client.get(emails_list)
    assert ledger.status_code == 200
    ledger = ledger.content.decode()
    assert "Rhiannon Reminded" in ledger and "Owen Offline" in ledger
    assert "No email address" in ledger

"""The admin's home is the leads' home: what needs doing first, each with a link to where to do it; technical
sections are for administrators only; reminder timings have a plain page of their own."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Invitation, Meeting
from network.models import Blockage, Enquiry
from projects.models import ProjectMembership
from tests import factories

Reply = Invitation.Response


@pytest.fixture
def superuser(db):
    return factories.MemberFactory(display_name="Ada Admin", is_staff=True, is_superuser=True)


def _home(client, who):
    client.force_login(who)
    answer = client.get(reverse("admin:index"))
    assert answer.status_code == 200
    return answer.content.decode()


def _started(title, hours_ago=1, **kwargs):
    start = timezone.now() - dt.timedelta(hours=hours_ago)
    return factories.MeetingFactory(title=title, starts_at=start, ends_at=start + dt.timedelta(minutes=90), **kwargs)


def test_a_lead_sees_meetings_coming_up_with_who_is_coming_not_coming_and_not_replied(client, lead):
    meeting = factories.MeetingFactory(title="Carers' voices")
    for response in [Reply.ATTENDING, Reply.ATTENDING, Reply.APOLOGIES, Reply.NO_REPLY, Reply.NO_REPLY, Reply.NO_REPLY]:
        factories.InvitationFactory(meeting=meeting, response=response)
    page = _home(client, lead)
    assert "Carers&#x27; voices" in page
    assert "2 coming" in page and "1 not coming" in page and "3 not replied yet" in page
    assert reverse("admin:meetings_meeting_change", args=[meeting.pk]) in page


def test_a_draft_meeting_coming_up_says_nobody_has_been_invited_and_a_cancelled_one_is_not_listed(client, lead):
    factories.MeetingFactory(title="Still planning", status=Meeting.Status.DRAFT)
    factories.MeetingFactory(title="Called off", status=Meeting.Status.CANCELLED)
    page = _home(client, lead)
    assert "Still planning" in page and "Draft: nobody has been invited yet" in page
    assert "Called off" not in page


def test_a_meeting_that_has_started_with_nobody_on_the_register_asks_for_the_register(client, lead, member):
    waiting = _started("Walking group catch-up")
    done = _started("Already registered")
    Attendance.objects.create(meeting=done, member=member)
    page = _home(client, lead)
    assert "Take the register for Walking group catch-up" in page
    assert "Take the register for Already registered" not in page
    assert reverse("admin:meetings_meeting_run_sheet", args=[waiting.pk]) in page


def test_a_meeting_that_has_ended_without_minutes_asks_for_them(client, lead):
    ended = _started("Spring network meeting", hours_ago=3)
    with_minutes = _started("Winter network meeting", hours_ago=5)
    factories.MinutesFactory(meeting=with_minutes)
    page = _home(client, lead)
    assert "Write the minutes of Spring network meeting" in page
    assert "Write the minutes of Winter network meeting" not in page
    assert reverse("admin:meetings_meeting_run_sheet", args=[ended.pk]) in page


def test_join_requests_blockages_and_enquiries_waiting_are_listed_with_where_to_answer_them(client, lead, member,
                                                                                          project):
    request = factories.ProjectMembershipFactory(project=project, status=ProjectMembership.Status.REQUESTED,
                                                 member=factories.MemberFactory(display_name="Nia New"))
    blockage = Blockage.objects.create(raised_by=member, you_said="The bus does not run in the evening")
    enquiry = Enquiry.objects.create(name="Pat Public", email="pat@example.org", message="Can I come along?")
    Enquiry.objects.create(name="Already answered", email="a@example.org", message="Hello",
                           answered_at=timezone.now())
    page = _home(client, lead)
    assert "Nia New asks to join Calmer waiting rooms" in page
    assert reverse("admin:projects_projectmembership_change", args=[request.pk]) in page
    assert "The bus does not run in the evening" in page
    assert reverse("admin:network_blockage_change", args=[blockage.pk]) in page
    assert "From Pat Public" in page and reverse("admin:network_enquiry_change", args=[enquiry.pk]) in page
    assert "Already answered" not in page


def test_an_empty_network_says_there_is_nothing_waiting_and_still_lists_the_sections(client, lead):
    page = _home(client, lead)
    assert "No meetings are planned." in page
    assert "Nobody is waiting to join a project." in page
    assert reverse("admin:meetings_meeting_changelist") in page  # the usual sections, below


def test_a_long_list_shows_the_first_few_and_says_how_many_there_are(client, lead, project):
    for _n in range(9):
        factories.ProjectMembershipFactory(project=project, status=ProjectMembership.Status.REQUESTED)
    page = _home(client, lead)
    assert "See all 9 requests" in page
    assert f'{reverse("admin:projects_projectmembership_changelist")}?status__exact=requested' in page
    assert client.get(f'{reverse("admin:projects_projectmembership_changelist")}?status__exact=requested'
                      ).status_code == 200


def _fill(size, project):
    for n in range(size):
        upcoming = factories.MeetingFactory(project=project)
        factories.InvitationFactory(meeting=upcoming, response=Reply.ATTENDING)
        _started(f"Started {n}")
        _started(f"Ended {n}", hours_ago=4)
        factories.ProjectMembershipFactory(project=project, status=ProjectMembership.Status.REQUESTED)
        someone = factories.MemberFactory()
        Blockage.objects.create(raised_by=someone, you_said=f"Blockage {n}")
        Enquiry.objects.create(name=f"Person {n}", phone="01234 567890", message="Hello")


def test_the_home_asks_the_same_number_of_queries_with_2_and_with_20_of_everything_waiting(client, lead, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(lead)
    counts = []
    for size in (2, 18):  # 2, then 20 of each
        _fill(size, project)
        client.get(reverse("admin:index"))  # the session and the counts kept in the cache settle
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin:index")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


TECHNICAL = [
    "/admin/django_celery_beat/periodictask/",
    "/admin/django_celery_beat/intervalschedule/",
    "/admin/django_celery_beat/crontabschedule/",
    "/admin/django_celery_beat/solarschedule/",
    "/admin/django_celery_beat/clockedschedule/",
    "/admin/notifications/duenotification/",
]


@pytest.mark.parametrize("address", TECHNICAL)
def test_a_lead_who_is_not_an_administrator_is_refused_the_technical_pages(client, lead, address):
    client.force_login(lead)
    assert client.get(address).status_code in (403, 404)


@pytest.mark.parametrize("address", TECHNICAL)
def test_an_administrator_opens_the_technical_pages(client, superuser, address):
    client.force_login(superuser)
    assert client.get(address).status_code == 200


def test_the_leads_home_does_not_name_the_technical_sections(client, lead, superuser):
    page = _home(client, lead)
    for words in ["Periodic tasks", "Intervals", "Crontabs", "Solar events", "Clocked", "Scheduled emails"]:
        assert words not in page
    assert "Periodic tasks" in _home(client, superuser)


def test_reminder_timings_read_in_plain_words(client, lead):
    from notifications.models import ReminderRule

    ReminderRule.objects.all().delete()
    ReminderRule.objects.create(hours_before=24 * 7, label="a week before")
    ReminderRule.objects.create(hours_before=3, label="on the day", is_active=False)
    client.force_login(lead)
    page = client.get(reverse("admin:notifications_reminderrule_changelist")).content.decode()
    assert "Send a reminder 7 days before the meeting" in page
    assert "Send a reminder 3 hours before the meeting" in page
    assert "hours_before" not in page
    assert "When reminders go out before a meeting" in page


def test_a_lead_adds_a_reminder_timing_in_days_and_it_is_kept_in_hours(client, lead):
    from notifications.models import ReminderRule

    client.force_login(lead)
    answer = client.post(reverse("admin:notifications_reminderrule_add"),
                         {"amount": "2", "unit": "days", "is_active": "on"})
    assert answer.status_code == 302
    rule = ReminderRule.objects.get(hours_before=48)
    assert rule.is_active and rule.label == "2 days before"


def test_the_same_reminder_timing_twice_is_refused_with_words_on_the_form(client, lead):
    from notifications.models import ReminderRule

    ReminderRule.objects.get_or_create(hours_before=48, defaults={"label": "2 days before"})
    client.force_login(lead)
    answer = client.post(reverse("admin:notifications_reminderrule_add"), {"amount": "48", "unit": "hours"})
    assert answer.status_code == 200
    assert "There is already a reminder at that time" in answer.content.decode()
    assert ReminderRule.objects.filter(hours_before=48).count() == 1


def test_the_side_of_the_home_lists_what_the_lead_changed_in_plain_words(client, lead):
    page = _home(client, lead)
    # "My actions" would be mistaken for the site's My actions (things a member has agreed to do).
    assert "My actions" not in page and "None available" not in page
    assert "What you changed lately" in page and "Nothing yet." in page
    meeting = factories.MeetingFactory(title="Carers' voices & what's next")
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.log_actions(user_id=lead.pk, queryset=[meeting], action_flag=CHANGE)
    page = _home(client, lead)
    assert "Changed:" in page and reverse("admin:meetings_meeting_change", args=[meeting.pk]) in page
    assert ContentType.objects.get_for_model(meeting).name.capitalize() in page

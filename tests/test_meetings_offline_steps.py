"""Members who do not use email, at every step: their lead gets the list of people to phone or write to when a
meeting is published, changed, reminded, minuted or cancelled (one list per lead per step, through the ledger); an
offline member added after publishing is invited at once; a reply a lead records starts from the profile's needs."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from meetings import reminders, services
from meetings.forms import InvitationAdminForm
from meetings.models import Invitation, Meeting, Minutes
from meetings.selectors import access_needs_sheet
from network import services as network_services
from network.models import AccessNeed
from notifications import services as ledger
from notifications.models import Delivery, Kind
from projects import services as project_services
from projects.models import JoinPolicy, ProjectMembership
from tests import factories

pytestmark = pytest.mark.usefixtures("tasks_run_at_once")  # every test here sends what it queues


@pytest.fixture
def doris(lead):
    return factories.OfflineMemberFactory(
        display_name="Doris Pembleton", phone="01632 960123", postal_address="12 Mill Lane\nAnytown\nAB1 2CD",
        access_needs=[AccessNeed.LARGE_PRINT, AccessNeed.SUPPORT_PERSON], access_needs_notes="My daughter comes too.",
        added_by=lead,
    )


@pytest.fixture
def draft(lead):
    return factories.MeetingFactory(title="Spring network meeting", status=Meeting.Status.DRAFT,
                                    audience=Meeting.Audience.NETWORK, venue="Mill Hall")


def _publish(capture, meeting, lead):
    with capture(execute=True):
        services.publish_and_invite(meeting=meeting, by=lead)


def _lists_to(person):
    return [m for m in mail.outbox if m.to == [person.email] and "Doris" in m.body]


def test_publishing_sends_the_lead_the_list_at_once_with_its_printable_page(
        django_capture_on_commit_callbacks, lead, doris, draft):
    _publish(django_capture_on_commit_callbacks, draft, lead)
    lists = _lists_to(lead)
    assert len(lists) == 1
    assert "Please invite them to Spring network meeting" in lists[0].body
    assert f"/meetings/{draft.pk}/phone-and-post/" in lists[0].body
    assert "Large print, A support person coming with me" in lists[0].body  # from her profile: not replied yet
    # Publishing again (or the task running twice) lists nobody twice.
    _publish(django_capture_on_commit_callbacks, draft, lead)
    assert len(_lists_to(lead)) == 1


def test_each_lead_gets_only_their_people_and_someone_nobody_looks_after_goes_to_every_lead(
        django_capture_on_commit_callbacks, lead, doris, draft):
    other_lead = factories.LeadFactory(display_name="Omar Otherlead")
    factories.OfflineMemberFactory(display_name="Ned Nolead")  # added by nobody (or by someone no longer a lead)
    _publish(django_capture_on_commit_callbacks, draft, lead)
    mine = [m for m in mail.outbox if m.to == [lead.email] and "phone or post" in m.body]
    theirs = [m for m in mail.outbox if m.to == [other_lead.email] and "phone or post" in m.body]
    assert len(mine) == 1 and len(theirs) == 1
    assert "Doris" in mine[0].body and "Ned Nolead" in mine[0].body
    assert "Doris" not in theirs[0].body and "Ned Nolead" in theirs[0].body


def test_a_change_sends_the_lead_a_list_saying_what_it_was_and_what_it_is_now(
        django_capture_on_commit_callbacks, lead, doris, draft):
    _publish(django_capture_on_commit_callbacks, draft, lead)
    mail.outbox.clear()
    draft.refresh_from_db()
    draft.venue = "The Old Library"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_meeting(meeting=draft, by=lead)
    lists = _lists_to(lead)
    assert len(lists) == 1
    assert "has changed" in lists[0].body
    assert "Where: was Mill Hall; now The Old Library" in lists[0].body


def test_minutes_send_the_lead_what_to_post_or_read_out_with_the_printable_minutes(
        client, django_capture_on_commit_callbacks, lead, doris):
    meeting = factories.MeetingFactory(title="Winter meeting", starts_at=timezone.now() - dt.timedelta(hours=3),
                                       ends_at=timezone.now() - dt.timedelta(hours=1))
    Invitation.objects.create(meeting=meeting, member=doris)
    Minutes.objects.create(meeting=meeting, text="We agreed to meet in the library from now on.")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_minutes(meeting=meeting, by=lead)
    lists = _lists_to(lead)
    assert len(lists) == 1
    body = lists[0].body
    assert "please post the notes to them, or read them out" in body
    printable = f"/meetings/{meeting.pk}/minutes/print/"
    assert printable in body
    client.force_login(lead)
    page = client.get(printable)
    assert page.status_code == 200
    assert "We agreed to meet in the library" in page.content.decode()
    assert "Print the notes" in page.content.decode()
    assert "large-print" in client.get(printable + "?large=1").content.decode()


def test_the_printable_minutes_are_only_for_people_who_may_see_the_meeting(client, lead, other_member):
    meeting = factories.MeetingFactory(audience=Meeting.Audience.CHOSEN, starts_at=timezone.now() - dt.timedelta(hours=3),
                                       ends_at=timezone.now() - dt.timedelta(hours=1))
    Minutes.objects.create(meeting=meeting, text="Private notes.", published_at=timezone.now())
    client.force_login(other_member)
    assert client.get(f"/meetings/{meeting.pk}/minutes/print/").status_code == 403


def test_a_cancellation_sends_the_lead_a_list_to_tell_everyone(django_capture_on_commit_callbacks, lead, doris, draft):
    _publish(django_capture_on_commit_callbacks, draft, lead)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=draft, by=lead, reason="The hall flooded.")
    lists = _lists_to(lead)
    assert len(lists) == 1 and "is cancelled" in lists[0].body


def test_an_offline_member_added_after_publishing_is_invited_at_once_and_is_on_the_next_list(
        django_capture_on_commit_callbacks, lead, draft):
    _publish(django_capture_on_commit_callbacks, draft, lead)
    mail.outbox.clear()
    added = factories.MemberFactory.build(display_name="Agnes Added", email=None, phone="01632 960555")
    with django_capture_on_commit_callbacks(execute=True):
        network_services.create_offline_member(lead=lead, member=added, consents={})
    assert Invitation.objects.filter(meeting=draft, member=added).exists()
    lists = [m for m in mail.outbox if m.to == [lead.email]]
    assert len(lists) == 1 and "Agnes Added" in lists[0].body
    assert Delivery.objects.filter(kind=Kind.OFFLINE_CONTACT_LIST, member=lead, status=Delivery.Status.SENT).count() == 1


def test_an_offline_member_brought_into_a_project_is_invited_to_its_published_meetings(
        django_capture_on_commit_callbacks, lead, project, doris):
    meeting = factories.MeetingFactory(title="Project catch-up", kind=Meeting.Kind.PROJECT, project=project,
                                       audience=Meeting.Audience.PROJECT)
    project.join_policy = JoinPolicy.OPEN
    project.requires_pledge = False
    project.save()
    with django_capture_on_commit_callbacks(execute=True):
        project_services.join_project(member=doris, project=project, why="", contribution="")
    assert Invitation.objects.filter(meeting=meeting, member=doris).exists()
    lists = _lists_to(lead)
    assert len(lists) == 1 and "Project catch-up" in lists[0].body


def test_a_lead_bringing_an_offline_member_into_a_project_in_the_admin_invites_them(client, lead, project, doris):
    from django.core.management import call_command

    call_command("sync_lead_permissions", verbosity=0)
    meeting = factories.MeetingFactory(kind=Meeting.Kind.PROJECT, project=project, audience=Meeting.Audience.PROJECT)
    client.force_login(lead)
    response = client.post("/admin/projects/projectmembership/add/", {
        "member": doris.pk, "project": project.pk, "status": ProjectMembership.Status.ACTIVE, "project_role": "",
        "why_involved": "", "contribution": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Invitation.objects.filter(meeting=meeting, member=doris).exists()


def test_the_reminder_scan_lists_a_late_invitee_only_once(django_capture_on_commit_callbacks, lead, doris, draft):
    _publish(django_capture_on_commit_callbacks, draft, lead)
    for _ in range(2):
        reminders.plan_meeting_reminders()
        ledger.fan_out_due()
        while ledger.send_pending():
            pass
    assert len(_lists_to(lead)) == 1


def test_a_reply_a_lead_records_starts_from_the_members_profile_needs(lead, doris, draft):
    _publish_quietly = services.publish_and_invite
    _publish_quietly(meeting=draft, by=lead)
    invitation = Invitation.objects.get(meeting=draft, member=doris)
    form = InvitationAdminForm(instance=invitation)
    assert form.initial["access_needs"] == [AccessNeed.LARGE_PRINT, AccessNeed.SUPPORT_PERSON]
    assert form.initial["access_needs_notes"] == "My daughter comes too."
    data = {"response": Invitation.Response.ATTENDING, "access_needs": form.initial["access_needs"],
            "access_needs_notes": form.initial["access_needs_notes"]}
    bound = InvitationAdminForm(data=data, instance=invitation)
    assert bound.is_valid(), bound.errors
    services.reply(meeting=draft, member=doris, response=Invitation.Response.ATTENDING,
                   access_needs=bound.cleaned_data["access_needs"],
                   access_needs_notes=bound.cleaned_data["access_needs_notes"])
    sheet = access_needs_sheet(draft)
    assert ("Large print", 1) in [(str(label), n) for label, n in sheet["summary"]]
    assert ("A support person coming with me", 1) in [(str(label), n) for label, n in sheet["summary"]]

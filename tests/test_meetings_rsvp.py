"""Replying to a meeting: coming / maybe / apologies, access needs from the profile, places and the waiting list."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from meetings import services
from meetings.models import Invitation, Meeting
from network.models import AccessNeed
from tests import factories

COMING, MAYBE, APOLOGIES, WAITING = (Invitation.Response.ATTENDING, Invitation.Response.MAYBE,
                                     Invitation.Response.APOLOGIES, Invitation.Response.WAITING)


pytestmark = pytest.mark.usefixtures("tasks_run_at_once")  # every test here sends what it queues


@pytest.fixture
def meeting(db):
    return factories.MeetingFactory(title="Planning the new year", audience=Meeting.Audience.NETWORK, capacity=2)


def _reply(client, meeting, response, **extra):
    return client.post(reverse("meetings:reply", kwargs={"pk": meeting.pk}), {"response": response, **extra})


def _state(meeting, person):
    return Invitation.objects.get(meeting=meeting, member=person).response


def test_a_member_says_they_are_coming_and_the_page_counts_them_by_role(client, member, meeting):
    member.show_role_in_directory = True  # the count shows roles people chose to show (tests/test_role_privacy.py)
    member.save()
    client.force_login(member)
    response = _reply(client, meeting, COMING, access_needs=[AccessNeed.STEP_FREE])
    assert response.status_code == 302
    assert _state(meeting, member) == COMING
    page = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "1 person is coming." in page
    assert "Service user / expert by experience: 1" in page


def test_the_reply_form_is_filled_in_with_the_access_needs_from_the_members_profile(client, member, meeting):
    member.access_needs = [AccessNeed.HEARING_LOOP, AccessNeed.BREAKS]
    member.access_needs_notes = "I lip-read, so please face me."
    member.save()
    client.force_login(member)
    form = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).context["reply_form"]
    assert set(form.initial["access_needs"]) == {AccessNeed.HEARING_LOOP, AccessNeed.BREAKS}
    assert form.initial["access_needs_notes"] == "I lip-read, so please face me."


def test_access_needs_given_for_this_meeting_are_kept_with_the_reply_not_the_profile(client, member, meeting):
    client.force_login(member)
    _reply(client, meeting, COMING, access_needs=[AccessNeed.QUIET_SPACE], access_needs_notes="Aisle seat")
    invitation = Invitation.objects.get(meeting=meeting, member=member)
    assert invitation.access_needs == [AccessNeed.QUIET_SPACE]
    assert invitation.access_needs_notes == "Aisle seat"
    member.refresh_from_db()
    assert member.access_needs == []


def test_when_the_meeting_is_full_the_next_person_goes_on_the_waiting_list_and_is_told(client, meeting):
    first, second, third = factories.MemberFactory.create_batch(3)
    for person in (first, second):
        services.reply(meeting=meeting, member=person, response=COMING)
    client.force_login(third)
    response = _reply(client, meeting, COMING)
    assert _state(meeting, third) == WAITING
    page = client.get(response["Location"]).content.decode()
    assert "waiting list" in page
    assert Invitation.objects.filter(meeting=meeting, response=COMING).count() == 2


def test_apologies_from_someone_coming_move_the_first_on_the_waiting_list_up_and_email_them(
    django_capture_on_commit_callbacks, meeting
):
    coming, also_coming, waiting_first, waiting_second = factories.MemberFactory.create_batch(4)
    for person in (coming, also_coming, waiting_first, waiting_second):
        services.reply(meeting=meeting, member=person, response=COMING)
    assert _state(meeting, waiting_first) == WAITING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(meeting=meeting, member=coming, response=APOLOGIES)
    assert _state(meeting, waiting_first) == COMING
    assert _state(meeting, waiting_second) == WAITING
    assert [m.to for m in mail.outbox] == [[waiting_first.email]]
    assert "place has come up" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_saying_maybe_gives_up_a_place_too(meeting):
    coming, waiting = factories.MemberFactory.create_batch(2)
    meeting.capacity = 1
    meeting.save()
    services.reply(meeting=meeting, member=coming, response=COMING)
    services.reply(meeting=meeting, member=waiting, response=COMING)
    services.reply(meeting=meeting, member=coming, response=MAYBE)
    assert _state(meeting, waiting) == COMING


def test_raising_the_number_of_places_in_the_admin_fills_them_from_the_waiting_list(client, lead, meeting):
    people = factories.MemberFactory.create_batch(3)
    for person in people:
        services.reply(meeting=meeting, member=person, response=COMING)
    meeting.capacity = 3
    services.save_meeting(meeting=meeting, by=lead)
    services.refresh_audience(meeting=meeting)
    assert _state(meeting, people[2]) == COMING


def test_nobody_can_reply_to_a_cancelled_meeting(member, meeting, lead):
    services.cancel_meeting(meeting=meeting, by=lead, reason="The venue flooded.")
    with pytest.raises(services.MeetingCancelled):
        services.reply(meeting=meeting, member=member, response=COMING)


def test_someone_not_invited_cannot_reply(client, other_member, project):
    meeting = factories.MeetingFactory(kind=Meeting.Kind.PROJECT, project=project, audience=Meeting.Audience.PROJECT)
    client.force_login(other_member)
    assert _reply(client, meeting, COMING).status_code == 403
    assert not Invitation.objects.filter(meeting=meeting, member=other_member).exists()


def test_a_lead_records_the_reply_of_an_offline_member_in_the_admin(client, lead, offline_member, meeting):
    services.publish_and_invite(meeting=meeting, by=lead)
    invitation = Invitation.objects.get(meeting=meeting, member=offline_member)
    client.force_login(lead)
    response = client.post(
        reverse("admin:meetings_invitation_change", args=[invitation.pk]),
        {"response": COMING, "access_needs": ["step_free"], "access_needs_notes": "Comes with her son."},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == COMING
    assert invitation.access_needs == ["step_free"]


@pytest.mark.django_db(transaction=True)
def test_two_people_replying_at_the_same_moment_never_both_get_the_last_place(postgres):
    meeting = factories.MeetingFactory(audience=Meeting.Audience.NETWORK, capacity=1)
    people = factories.MemberFactory.create_batch(6)
    start = threading.Barrier(len(people))
    errors = []

    def reply(person):
        try:
            start.wait(timeout=10)
            services.reply(meeting=meeting, member=person, response=COMING)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Invitation.objects.filter(meeting=meeting, response=COMING).count() == 1
    assert Invitation.objects.filter(meeting=meeting, response=WAITING).count() == 5


def test_a_phone_reply_recorded_by_a_lead_for_a_full_meeting_goes_on_the_waiting_list(client, lead, offline_member):
    meeting = factories.MeetingFactory(audience=Meeting.Audience.NETWORK, capacity=1)
    services.reply(meeting=meeting, member=factories.MemberFactory(), response=COMING)
    invitation = services.ensure_invitation(meeting=meeting, member=offline_member)
    client.force_login(lead)
    client.post(reverse("admin:meetings_invitation_change", args=[invitation.pk]),
                {"response": COMING, "access_needs": [], "access_needs_notes": ""})
    assert _state(meeting, offline_member) == WAITING


def test_the_phone_and_post_list_of_a_cancelled_meeting_asks_the_lead_to_tell_everyone(client, lead, offline_member):
    meeting = factories.MeetingFactory(audience=Meeting.Audience.NETWORK, status=Meeting.Status.DRAFT)
    services.publish_and_invite(meeting=meeting, by=lead)
    services.cancel_meeting(meeting=meeting, by=lead, reason="The venue flooded.")
    client.force_login(lead)
    page = client.get(reverse("meetings:offline_list", kwargs={"pk": meeting.pk})).content.decode()
    assert "This meeting is cancelled." in page and "The venue flooded." in page and "Olive Offline" in page

"""Support people (issue 20): a member names a care partner, advocate or family member and chooses what each may
do; each choice is a dated consent row, withdrawable at once; everything a support person does is shown to the
member; a support person sees nothing else of the member's, and a supporter-only account is not a member."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Invitation, Meeting
from network.models import AccessNeed, Member
from notifications.models import Delivery, Kind
from support import rules
from support.models import How, Permission, SupportAction, SupportConsent, SupportLink
from support.services import name_support_person
from tests import factories

pytestmark = pytest.mark.usefixtures("tasks_run_at_once")

MINE = reverse("support:mine")
EVERYTHING = list(Permission.values)


@pytest.fixture
def carer(db):
    return factories.MemberFactory(display_name="Cara Carer", email="cara@example.org")


def _name(member, supporter_email, permissions=EVERYTHING, name="Cara Carer", by=None, how=How.SITE):
    return name_support_person(member=member, email=supporter_email, name=name, relationship="care_partner",
                               permissions=permissions, how=how, by=by or member)


@pytest.fixture
def meeting(db):
    return factories.MeetingFactory(title="Spring network meeting", audience=Meeting.Audience.NETWORK)


@pytest.fixture
def invited(member, meeting):
    return factories.InvitationFactory(meeting=meeting, member=member)


def _signed_in(client, person):
    client.force_login(person)
    return client


# --- naming a support person ------------------------------------------------------------------------------------

def test_a_member_names_another_member_by_their_exact_email_and_each_choice_is_a_dated_consent(
        client, member, carer, django_capture_on_commit_callbacks):
    _signed_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MINE, {"email": "CARA@example.org", "name": "Cara", "relationship": "family",
                                      "permissions": ["reply", "copies"]})
    assert response.status_code == 302
    link = SupportLink.objects.get(member=member)
    assert link.supporter == carer
    consents = {(c.permission, c.given, c.how, c.recorded_by_id) for c in SupportConsent.objects.filter(link=link)}
    assert consents == {("reply", True, "site", member.pk), ("copies", True, "site", member.pk)}
    assert [m.to for m in mail.outbox] == [["cara@example.org"]]
    assert "named you as their support person" in mail.outbox[0].subject


def test_the_page_never_lists_members_to_choose_from(client, member, carer):
    page = _signed_in(client, member).get(MINE).content.decode()
    assert "Cara Carer" not in page and "cara@example.org" not in page
    assert 'type="email"' in page


def test_a_member_cannot_name_themselves_whatever_the_case_of_their_address(client, member):
    response = _signed_in(client, member).post(MINE, {"email": member.email.upper(), "name": "Me",
                                                      "relationship": "other", "permissions": ["reply"]})
    assert response.status_code == 400
    assert "That is your own email address" in response.content.decode()
    assert not SupportLink.objects.exists()


def test_an_address_that_is_not_an_email_is_refused_on_the_form_and_changes_nothing(client, member):
    before = Member.objects.count()
    response = _signed_in(client, member).post(MINE, {"email": "not an address", "name": "Cara",
                                                      "relationship": "other"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert Member.objects.count() == before and not SupportLink.objects.exists()


def test_naming_the_same_person_twice_says_so_and_adds_nothing(client, member, carer):
    _name(member, carer.email)
    response = _signed_in(client, member).post(MINE, {"email": carer.email, "name": "Cara", "relationship": "other"})
    assert response.status_code == 400
    assert "already named this person" in response.content.decode()
    assert SupportLink.objects.count() == 1


def test_the_page_says_the_same_whether_or_not_the_address_is_a_members(client, member, carer):
    _signed_in(client, member)
    one = client.post(MINE, {"email": carer.email, "name": "Cara", "relationship": "other"}, follow=True)
    two = client.post(MINE, {"email": "nobody-yet@example.org", "name": "Cara", "relationship": "other"}, follow=True)
    said = [str(m) for m in one.context["messages"]], [str(m) for m in two.context["messages"]]
    assert said[0] == said[1] == ["Thank you. We have added Cara and emailed them."]


def test_a_name_with_an_apostrophe_reads_as_typed_on_the_page_and_in_the_email(
        client, member, django_capture_on_commit_callbacks):
    _signed_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MINE, {"email": "siobhan@example.org", "name": "Siobhán O'Brien", "relationship": "family"})
    page = client.get(MINE).content.decode()
    assert "Siobhán O&#x27;Brien" in page and "&amp;#x27;" not in page
    assert "Hello Siobhán O'Brien," in mail.outbox[-1].body
    assert "O'Brien" in html.unescape(mail.outbox[-1].alternatives[0][0])


# --- the supporter-only account ----------------------------------------------------------------------------------

def test_someone_with_only_an_email_gets_a_supporter_account_that_is_not_a_member(client, member, meeting):
    link = _name(member, "family@example.org", name="Fay Family")
    supporter = link.supporter
    assert supporter.supporter_only and not supporter.has_usable_password()
    assert supporter not in Member.objects.active()  # not counted, not invited
    supporter.in_directory = True
    supporter.save()
    assert supporter not in Member.objects.in_directory()
    assert supporter not in meeting_services.audience_members(meeting)
    assert not Meeting.objects.of_member(supporter).exists()
    _signed_in(client, supporter)
    assert client.get(meeting.get_absolute_url()).status_code == 403


def test_publishing_a_meeting_does_not_invite_a_supporter_only_account(member, lead):
    _name(member, "family@example.org", name="Fay Family")
    meeting = factories.MeetingFactory(status=Meeting.Status.DRAFT, audience=Meeting.Audience.NETWORK)
    meeting_services.publish_and_invite(meeting=meeting, by=lead)
    assert not Invitation.objects.filter(meeting=meeting, member__supporter_only=True).exists()
    assert Invitation.objects.filter(meeting=meeting, member=member).exists()


def test_the_welcome_link_lets_the_supporter_choose_a_password_and_works_once(
        client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _name(member, "family@example.org", name="Fay Family")
    link_in_email = next(line for line in mail.outbox[-1].body.splitlines() if "/support/welcome/" in line)
    path = "/" + link_in_email.strip().split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": "a-long-new-password-26", "password2": "a-long-new-password-26"})
    assert response.status_code == 302
    assert client.get(MINE).status_code == 200
    assert "What you can do for Mo Member" in client.get(MINE).content.decode()
    client.logout()
    assert client.get(path).status_code == 404


def test_passwords_that_do_not_match_are_refused_on_the_form(client, member):
    link = _name(member, "family@example.org", name="Fay Family")
    from support.models import welcome_token

    response = client.post(reverse("support:welcome", args=[welcome_token(link.supporter)]),
                           {"password1": "a-long-new-password-26", "password2": "something-else-26"})
    assert response.status_code == 400
    assert "not the same" in response.content.decode()
    link.supporter.refresh_from_db()
    assert not link.supporter.has_usable_password()


# --- replying for the member -----------------------------------------------------------------------------------

def test_a_supporter_replies_for_the_member_and_the_member_sees_who_replied(client, member, carer, meeting, invited):
    _name(member, carer.email, permissions=["reply"])
    _signed_in(client, carer)
    url = reverse("support:reply_for", args=[member.pk, meeting.pk])
    assert client.post(url, {"response": "attending", "coming_with": "on"}).status_code == 302
    invited.refresh_from_db()
    assert invited.response == Invitation.Response.ATTENDING
    assert invited.replied_by == carer and invited.coming_with == "Cara Carer"
    action = SupportAction.objects.get()
    assert (action.supporter, action.member, action.meeting, action.what) == (carer, member, meeting, "replied")
    _signed_in(client, member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Replied by Cara Carer for you." in page and "Cara Carer is coming with you." in page
    assert "Cara Carer did this for you: Replied to a meeting" in client.get(MINE).content.decode()


def test_a_reply_the_member_makes_afterwards_is_theirs_again(client, member, carer, meeting, invited):
    _name(member, carer.email, permissions=["reply"])
    _signed_in(client, carer).post(reverse("support:reply_for", args=[member.pk, meeting.pk]),
                                   {"response": "attending"})
    meeting_services.reply(meeting=meeting, member=member, response=Invitation.Response.MAYBE)
    invited.refresh_from_db()
    assert invited.replied_by is None


def test_a_supporters_reply_to_a_full_meeting_goes_on_the_waiting_list_as_the_members_would(client, member, carer):
    meeting = factories.MeetingFactory(capacity=1)
    factories.InvitationFactory(meeting=meeting, response=Invitation.Response.ATTENDING)
    factories.InvitationFactory(meeting=meeting, member=member)
    _name(member, carer.email, permissions=["reply"])
    response = _signed_in(client, carer).post(reverse("support:reply_for", args=[member.pk, meeting.pk]),
                                              {"response": "attending"}, follow=True)
    assert Invitation.objects.get(meeting=meeting, member=member).response == Invitation.Response.WAITING
    assert "waiting list" in response.content.decode()


def test_without_the_reply_permission_a_supporter_cannot_reply(client, member, carer, meeting, invited):
    _name(member, carer.email, permissions=["see_actions"])
    _signed_in(client, carer)
    url = reverse("support:reply_for", args=[member.pk, meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"response": "attending"}).status_code == 403
    invited.refresh_from_db()
    assert invited.response == "" and not SupportAction.objects.exists()


def test_a_withdrawn_supporter_loses_access_on_the_very_next_request(client, member, carer, meeting, invited):
    link = _name(member, carer.email)
    url = reverse("support:reply_for", args=[member.pk, meeting.pk])
    supporter_client = _signed_in(client, carer)
    assert supporter_client.get(url).status_code == 200
    from django.test import Client

    member_client = _signed_in(Client(), member)
    member_client.post(reverse("support:change", args=[link.pk]), {"withdraw": "1"})
    for path in (url, reverse("support:supporting", args=[member.pk]),
                 reverse("support:access_needs_for", args=[member.pk])):
        assert supporter_client.get(path).status_code == 403, path
    assert supporter_client.post(url, {"response": "attending"}).status_code == 403


def test_a_withdrawal_is_a_new_row_and_nothing_is_deleted(member, carer):
    link = _name(member, carer.email, permissions=["reply", "copies"])
    from support.services import withdraw

    withdraw(link=link, by=member)
    rows = list(SupportConsent.objects.filter(link=link).order_by("pk").values_list("permission", "given"))
    assert rows == [("copies", True), ("reply", True), ("copies", False), ("reply", False)]
    assert not rules.reply_for(carer, member)


def test_taking_one_permission_away_keeps_the_others(client, member, carer):
    link = _name(member, carer.email, permissions=["reply", "see_actions"])
    _signed_in(client, member).post(reverse("support:change", args=[link.pk]), {f"link{link.pk}-permissions": ["reply"]})
    assert rules.reply_for(carer, member) and not rules.see_actions_of(carer, member)


# --- what a supporter sees ---------------------------------------------------------------------------------------

def test_a_supporter_who_may_see_actions_sees_the_members_open_actions(client, member, carer, meeting):
    factories.ActionFactory(what="Ring the venue about the ramp", owner=member, meeting=meeting)
    _name(member, carer.email, permissions=["see_actions"])
    page = _signed_in(client, carer).get(reverse("support:supporting", args=[member.pk])).content.decode()
    assert "Ring the venue about the ramp" in page


def test_a_supporter_without_that_permission_sees_no_actions(client, member, carer, meeting):
    factories.ActionFactory(what="Ring the venue about the ramp", owner=member, meeting=meeting)
    _name(member, carer.email, permissions=["reply"])
    page = _signed_in(client, carer).get(reverse("support:supporting", args=[member.pk])).content.decode()
    assert "Ring the venue about the ramp" not in page


def test_a_supporter_cannot_see_the_members_profile_or_anyone_elses_anything(client, member, carer, other_member):
    _name(member, carer.email)
    _signed_in(client, carer)
    assert client.get(reverse("network:manage_member", args=[member.pk])).status_code in (403, 404)
    assert member.email not in client.get(reverse("network:profile")).content.decode()
    for path in (reverse("support:supporting", args=[other_member.pk]),
                 reverse("support:access_needs_for", args=[other_member.pk]),
                 reverse("support:for_offline", args=[member.pk])):
        assert client.get(path).status_code == 403, path


def test_nobody_opens_another_members_support_page_by_changing_the_address(client, member, other_member, carer):
    link = _name(member, carer.email)
    _signed_in(client, other_member)
    assert client.post(reverse("support:change", args=[link.pk]), {"withdraw": "1"}).status_code == 403
    assert rules.reply_for(carer, member)
    assert "Cara" not in client.get(MINE).content.decode()


def test_a_supporter_updates_the_members_access_needs_and_the_member_is_told(client, member, carer):
    _name(member, carer.email, permissions=["access_needs"])
    _signed_in(client, carer).post(reverse("support:access_needs_for", args=[member.pk]),
                                   {"access_needs": [AccessNeed.HEARING_LOOP], "access_needs_notes": "Sit near the front"})
    member.refresh_from_db()
    assert member.access_needs == [AccessNeed.HEARING_LOOP] and member.access_needs_notes == "Sit near the front"
    page = _signed_in(client, member).get(MINE).content.decode()
    assert "Cara Carer did this for you: Updated access needs" in page


def test_without_that_permission_access_needs_stay_as_they_were(client, member, carer):
    _name(member, carer.email, permissions=["reply"])
    response = _signed_in(client, carer).post(reverse("support:access_needs_for", args=[member.pk]),
                                              {"access_needs": [AccessNeed.HEARING_LOOP]})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.access_needs == []


# --- a lead for an offline member -----------------------------------------------------------------------------------

def test_a_lead_records_a_support_person_for_an_offline_member_with_how_they_were_told(client, lead, offline_member):
    _signed_in(client, lead)
    url = reverse("support:for_offline", args=[offline_member.pk])
    assert client.post(url, {"email": "daughter@example.org", "name": "Dee", "relationship": "family",
                             "permissions": ["reply"], "how": "phone"}).status_code == 302
    consent = SupportConsent.objects.get()
    assert (consent.how, consent.recorded_by, consent.link.member) == ("phone", lead, offline_member)


def test_only_a_lead_and_only_for_an_offline_member(client, lead, member, other_member):
    _signed_in(client, other_member)
    assert client.get(reverse("support:for_offline", args=[member.pk])).status_code == 403
    _signed_in(client, lead)
    assert client.get(reverse("support:for_offline", args=[member.pk])).status_code == 403


# --- copies of emails --------------------------------------------------------------------------------------------

def _publish(django_capture_on_commit_callbacks, lead):
    meeting = factories.MeetingFactory(title="Summer meeting", status=Meeting.Status.DRAFT,
                                       audience=Meeting.Audience.NETWORK)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.publish_and_invite(meeting=meeting, by=lead)
    return meeting


def test_a_supporter_with_copies_gets_a_copy_of_the_members_invitation(django_capture_on_commit_callbacks, lead,
                                                                        member, carer):
    _name(member, carer.email, permissions=["copies"])
    mail.outbox.clear()
    _publish(django_capture_on_commit_callbacks, lead)
    copies = [m for m in mail.outbox if m.to == [carer.email] and m.subject.startswith("Copy for you")]
    assert len(copies) == 1
    assert "a copy of an email we sent to Mo Member" in copies[0].body
    assert "List-Unsubscribe" not in copies[0].extra_headers
    assert Delivery.objects.filter(kind=Kind.SUPPORT_COPY, member=carer, status="sent").count() == 1


def test_no_copy_once_the_member_withdrew_it(django_capture_on_commit_callbacks, lead, member, carer):
    link = _name(member, carer.email, permissions=["copies", "reply"])
    _signed_in_member_withdraws = __import__("support.services", fromlist=["choose_permissions"]).choose_permissions
    _signed_in_member_withdraws(link=link, permissions=["reply"], by=member)
    mail.outbox.clear()
    _publish(django_capture_on_commit_callbacks, lead)
    assert not [m for m in mail.outbox if m.subject.startswith("Copy for you")]


def test_a_copy_already_queued_is_not_sent_when_withdrawn_before_it_goes(member, carer, meeting):
    from notifications.services import queue, send_pending

    link = _name(member, carer.email, permissions=["copies"])
    original = Delivery.objects.create(member=member, kind=Kind.MEETING_INVITATION, object_id=meeting.pk,
                                       occasion="invite", status=Delivery.Status.SENT, meeting_id=meeting.pk)
    factories.InvitationFactory(meeting=meeting, member=member)
    queue(kind=Kind.SUPPORT_COPY, object_id=original.pk, occasion="copy", members=[carer])
    from support.services import withdraw

    withdraw(link=link, by=member)
    mail.outbox.clear()
    send_pending()
    assert mail.outbox == []
    assert Delivery.objects.get(kind=Kind.SUPPORT_COPY).status == Delivery.Status.SKIPPED


# --- the organiser's sheet ---------------------------------------------------------------------------------------

def test_the_access_needs_sheet_says_who_is_coming_with_whom(client, lead, member, carer, meeting, invited):
    _name(member, carer.email, permissions=["reply"])
    _signed_in(client, carer).post(reverse("support:reply_for", args=[member.pk, meeting.pk]),
                                   {"response": "attending", "coming_with": "on"})
    page = _signed_in(client, lead).get(reverse("meetings:access_needs", args=[meeting.pk])).content.decode()
    assert "Coming with" in page and "Cara Carer" in page


# --- query counts ------------------------------------------------------------------------------------------------

def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def _more_helpers_and_meetings(member, n):
    helpers = [factories.MemberFactory() for _i in range(n)]
    for i, helper in enumerate(helpers):
        _name(member, helper.email, name=f"Helper {i}")
    for _i in range(n):
        factories.InvitationFactory(member=member, meeting=factories.MeetingFactory())
    return helpers


def test_your_support_people_page_takes_the_same_queries_with_3_or_30_rows(client, member):
    _more_helpers_and_meetings(member, 3)
    _signed_in(client, member)
    few = _queries(client, MINE)
    _more_helpers_and_meetings(member, 27)
    assert _queries(client, MINE) == few


def test_a_supporters_page_takes_the_same_queries_with_3_or_30_meetings(client, member):
    helper = _more_helpers_and_meetings(member, 3)[0]
    factories.ActionFactory(owner=member, meeting=factories.MeetingFactory())
    _signed_in(client, helper)
    url = reverse("support:supporting", args=[member.pk])
    few = _queries(client, url)
    _more_helpers_and_meetings(member, 27)
    for _i in range(5):
        factories.ActionFactory(owner=member, meeting=factories.MeetingFactory())
    assert _queries(client, url) == few


def test_the_sheet_leaves_nobody_out_who_only_comes_with_someone(lead, member, meeting):
    factories.InvitationFactory(meeting=meeting, member=member, response=Invitation.Response.ATTENDING,
                                coming_with="Cara Carer", responded_at=timezone.now() - dt.timedelta(hours=1))
    from meetings.selectors import access_needs_sheet

    assert [i.member for i in access_needs_sheet(meeting)["with_needs"]] == [member]


# --- erasing an account ------------------------------------------------------------------------------------------

def test_a_member_who_erases_their_account_takes_their_support_people_with_them(member, carer, meeting, invited):
    from privacy.services import erase_member

    _name(member, carer.email)
    from support.services import reply_for

    reply_for(supporter=carer, member=member, meeting=meeting, response="attending")
    erase_member(member=member)
    assert not SupportLink.objects.exists() and not SupportAction.objects.exists()
    assert not rules.reply_for(carer, member)


def test_a_support_person_who_erases_their_account_is_shown_as_a_former_member(client, member, carer, meeting,
                                                                                invited):
    from privacy.services import erase_member
    from support.services import reply_for

    _name(member, carer.email)
    reply_for(supporter=carer, member=member, meeting=meeting, response="attending", coming_with=True)
    erase_member(member=carer)
    assert not SupportLink.objects.exists()
    invited.refresh_from_db()
    assert invited.coming_with == "" and invited.response == Invitation.Response.ATTENDING
    page = _signed_in(client, member).get(MINE).content.decode()
    assert "A former member did this for you: Replied to a meeting" in page

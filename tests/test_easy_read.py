"""Easy Read mode (issue 20, line 1): a member or a visitor switches it on from any page; the key pages, the pledge
and the emails then come in Easy Read; a pledge version cannot be published without its Easy Read text."""

import pytest
from django.urls import reverse

from network.easy_read import COOKIE
from tests import factories

pytestmark = pytest.mark.django_db

SWITCH = "network:easy_read"


def switch(client, choice, next_url="/about/"):
    return client.post(reverse(SWITCH), {"easy_read": choice, "next": next_url})


def is_easy_read(response):
    return 'class="easy-read-mode"' in response.content.decode()


# --- switching on and off ----------------------------------------------------------------------------------


def test_every_page_header_offers_easy_read(client):
    response = client.get(reverse("network:about"))
    assert b'name="easy_read" value="on"' in response.content
    assert ">Easy Read</button>" in response.content.decode()


def test_a_visitor_switches_easy_read_on_and_it_is_kept_in_a_cookie(client):
    response = switch(client, "on")
    assert response.status_code == 302 and response.url == "/about/"
    assert client.cookies[COOKIE].value == "on"
    page = client.get(reverse("network:about"))
    assert is_easy_read(page)
    assert "Standard words</button>" in page.content.decode()


def test_a_visitor_switches_easy_read_off_again(client):
    switch(client, "on")
    switch(client, "off")
    assert not is_easy_read(client.get(reverse("network:about")))


def test_a_member_who_switches_easy_read_on_keeps_it_on_their_account(client, member):
    client.force_login(member)
    switch(client, "on")
    member.refresh_from_db()
    assert member.easy_read is True
    # On another device, with no cookie: still Easy Read.
    other_device = type(client)()
    other_device.force_login(member)
    assert is_easy_read(other_device.get(reverse("network:about")))


def test_a_member_switches_easy_read_off_from_their_profile(client, member):
    member.easy_read = True
    member.save()
    client.force_login(member)
    profile = client.get(reverse("network:profile"))
    assert "Turn Easy Read off</button>" in profile.content.decode()
    switch(client, "off", next_url=reverse("network:profile"))
    member.refresh_from_db()
    assert member.easy_read is False


def test_an_odd_answer_changes_nothing_and_says_so(client, member):
    client.force_login(member)
    response = switch(client, "maybe")
    member.refresh_from_db()
    assert member.easy_read is False
    page = client.get(response.url)
    assert "We could not tell if you wanted Easy Read on or off" in page.content.decode()


def test_the_switch_never_sends_you_to_another_site(client):
    response = switch(client, "on", next_url="https://elsewhere.example/")
    assert response.url == reverse("home")


def test_the_switch_is_a_button_not_a_link(client):
    assert client.get(reverse(SWITCH)).status_code == 405


# --- the pledge: no Easy Read text, no publishing ----------------------------------------------------------


def add_version(client, **extra):
    from django.utils import timezone

    data = {"title": "New pledge", "text": "We will **share** power.", "easy_read_text": "", "what_changed": "",
            "published_at_0": timezone.localdate().isoformat(), "published_at_1": "00:00:00", **extra}
    return client.post(reverse("admin:pledges_pledgeversion_add"), data)


def test_a_lead_cannot_publish_a_pledge_version_without_its_easy_read_text(client, lead):
    from pledges.models import PledgeVersion

    client.force_login(lead)
    response = add_version(client)
    assert response.status_code == 200
    assert "Write the pledge in Easy Read before you publish it." in response.content.decode()
    assert not PledgeVersion.objects.exists()


def test_a_lead_can_keep_a_draft_without_easy_read_text_and_publish_it_once_written(client, lead):
    from pledges.models import PledgeVersion

    client.force_login(lead)
    assert add_version(client, published_at_0="", published_at_1="").status_code == 302
    draft = PledgeVersion.objects.get()
    versions = reverse("admin:pledges_pledgeversion_changelist")
    refused = client.post(versions, {"action": "publish_now", "_selected_action": [draft.pk]}, follow=True)
    assert "Not published, because it has no Easy Read text yet: New pledge." in refused.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published
    draft.easy_read_text = "We share power."
    draft.save()
    client.post(versions, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published


# --- the key pages in Easy Read ----------------------------------------------------------------------------


@pytest.fixture
def easy_reader(member):
    member.easy_read = True
    member.save()
    return member


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_reads_the_home_page_in_easy_read(client):
    switch(client, "on")
    page = page_text(client, reverse("home"))
    assert "We work together as equals." in page
    assert "This page is not in Easy Read yet." not in page
    # Nothing hidden: the standard words are still there.
    assert "How to take part" in page


def test_a_member_reads_their_home_page_in_easy_read(client, easy_reader):
    client.force_login(easy_reader)
    page = page_text(client, reverse("home"))
    assert "Your meetings are in the list below." in page and "Your meetings" in page


def test_the_about_page_shows_each_principles_easy_read_text_or_says_it_has_none(client, easy_reader):
    from projects.models import Principle

    # The migration's seven principles have no Easy Read text yet; give one of them some.
    Principle.objects.filter(pk=Principle.objects.active().first().pk).update(easy_read_text="We share power.")
    Principle.objects.create(name="Listening", description="Mutual listening.", order=99)
    client.force_login(easy_reader)
    page = page_text(client, reverse("network:about"))
    assert "We share power." in page
    assert "This principle is not in Easy Read yet." in page and "Mutual listening." in page


def test_the_pledge_page_shows_the_versions_easy_read_text(client, easy_reader):
    factories.PledgeVersionFactory(text="We will share decisions.", easy_read_text="We decide together.")
    client.force_login(easy_reader)
    page = page_text(client, reverse("pledges:pledge"))
    assert "We decide together." in page and "We will share decisions." in page


def test_a_project_page_in_easy_read_uses_its_easy_read_summary(client, easy_reader, project):
    project.easy_read_summary = "Waiting rooms are loud. We will make them calm."
    project.save()
    client.force_login(easy_reader)
    page = page_text(client, project.get_absolute_url())
    assert page.index("In Easy Read") < page.index("Waiting rooms are loud.") < page.index("About this project")


def test_a_project_without_an_easy_read_summary_points_to_the_standard_words(client, easy_reader, project):
    project.easy_read_summary = ""
    project.save()
    client.force_login(easy_reader)
    page = page_text(client, project.get_absolute_url())
    assert "This project is not in Easy Read yet." in page and 'href="#about-heading"' in page


def test_a_meeting_page_in_easy_read_gives_the_date_and_place_first_then_the_reply(client, easy_reader):
    meeting = factories.MeetingFactory(title="Spring meeting", venue="Riverside Centre")
    factories.InvitationFactory(meeting=meeting, member=easy_reader)
    client.force_login(easy_reader)
    page = page_text(client, meeting.get_absolute_url())
    assert page.index("The meeting is on") < page.index("The place is: Riverside Centre.") < page.index(
        "Are you coming? Please tell us."
    )
    assert "Send my reply" in page


def test_my_actions_and_the_join_form_are_in_easy_read(client, easy_reader, other_project):
    factories.PledgeSignatureFactory(member=easy_reader)
    client.force_login(easy_reader)
    assert "An action is something you said you would do." in page_text(client, reverse("projects:my_actions"))
    join = page_text(client, reverse("projects:join", kwargs={"slug": other_project.slug}))
    assert "We ask you 2 questions." in join


def test_a_page_with_no_easy_read_words_yet_says_so_and_shows_the_standard_page(client, easy_reader):
    client.force_login(easy_reader)
    page = page_text(client, reverse("meetings:list"))
    assert "This page is not in Easy Read yet." in page
    assert "Show this page in standard words" in page


def test_every_picture_on_an_easy_read_page_has_words_for_people_who_cannot_see_it(client):
    import re

    switch(client, "on")
    page = page_text(client, reverse("home"))
    pictures = re.findall(r'<img class="pictogram"[^>]*>', page)
    assert len(pictures) >= 5
    assert all(re.search(r'alt="[^"]+"', img) for img in pictures)


# --- emails to a member who chose Easy Read ----------------------------------------------------------------


@pytest.fixture
def invited_meeting(lead):
    import datetime as dt

    from django.utils import timezone

    from meetings.models import Meeting

    starts = (timezone.now() + dt.timedelta(days=10)).replace(hour=18, minute=0, second=0, microsecond=0)
    return factories.MeetingFactory(title="Carers' voices & more", status=Meeting.Status.DRAFT,
                                    audience=Meeting.Audience.NETWORK, starts_at=starts,
                                    ends_at=starts + dt.timedelta(hours=2), venue="Mill Hall")


def emails_to(member):
    from django.core import mail

    return [m for m in mail.outbox if m.to == [member.email]]


def test_an_easy_read_members_invitation_is_the_easy_read_one_with_date_and_place_first(
    django_capture_on_commit_callbacks, tasks_run_at_once, lead, invited_meeting
):
    from meetings import services

    easy = factories.MemberFactory(display_name="Eve Easy", easy_read=True)
    standard = factories.MemberFactory(display_name="Stan Standard")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_and_invite(meeting=invited_meeting, by=lead)
    [easy_email], [standard_email] = emails_to(easy), emails_to(standard)
    lines = [line for line in easy_email.body.splitlines() if line.strip()]
    assert lines[1].startswith("Date: ") and lines[2].startswith("Time: ")
    assert lines[3] == "Place: Mill Hall"
    assert "The meeting is called: Carers' voices & more." in easy_email.body
    assert "&amp;" not in easy_email.body and "&#x27;" not in easy_email.body
    assert easy_email.subject.endswith(": you are invited to Carers' voices & more")
    assert "The meeting is called:" in easy_email.alternatives[0][0]
    assert "The meeting is called:" not in standard_email.body
    assert standard_email.subject.startswith("You are invited:")


def test_an_easy_read_member_gets_the_easy_read_reminder_and_minutes(
    django_capture_on_commit_callbacks, tasks_run_at_once, lead, invited_meeting
):
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from meetings import reminders, services
    from meetings.models import Decision, Meeting, Minutes
    from notifications import services as ledger
    from notifications.models import ReminderRule

    easy = factories.MemberFactory(display_name="Eve Easy", easy_read=True)
    ReminderRule.objects.get_or_create(hours_before=168, defaults={"label": "A week before"})
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_and_invite(meeting=invited_meeting, by=lead)
    mail.outbox.clear()
    week_before = invited_meeting.starts_at - dt.timedelta(hours=168) + dt.timedelta(minutes=1)
    reminders.plan_meeting_reminders(now=week_before)
    ledger.fan_out_due(now=week_before)
    while ledger.send_pending(now=week_before):
        pass
    [reminder] = emails_to(easy)
    assert "This is a reminder." in reminder.body and "Place: Mill Hall" in reminder.body
    mail.outbox.clear()
    Meeting.objects.filter(pk=invited_meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3),
                                                         ends_at=timezone.now() - dt.timedelta(hours=1))
    invited_meeting.refresh_from_db()
    Minutes.objects.create(meeting=invited_meeting, text="We heard from carers.")
    Decision.objects.create(meeting=invited_meeting, text="Meet monthly")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_minutes(meeting=invited_meeting, by=lead)
    while ledger.send_pending():
        pass
    [digest] = emails_to(easy)
    body = digest.body
    assert body.index("Date: ") < body.index("Place: Mill Hall") < body.index("These are the notes from a meeting.")
    assert "What we decided:\n- Meet monthly" in body


def test_an_address_that_is_not_one_sends_you_home(client):
    assert switch(client, "on", next_url="a b").url == reverse("home")


def test_an_easy_read_member_is_told_of_a_cancelled_meeting_in_easy_read(
    django_capture_on_commit_callbacks, tasks_run_at_once, lead, invited_meeting
):
    from meetings import services

    easy = factories.MemberFactory(display_name="Eve Easy", easy_read=True)
    standard = factories.MemberFactory(display_name="Stan Standard")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_and_invite(meeting=invited_meeting, by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=invited_meeting, by=lead, reason="The hall's heating is broken.")
    [easy_email], [standard_email] = [[m for m in emails_to(who) if "Cancel" in m.subject or "not happening" in
                                       m.subject] for who in (easy, standard)]
    lines = [line for line in easy_email.body.splitlines() if line.strip()]
    assert lines[1].startswith("Date: ")
    assert "This meeting is not happening." in lines and "Please do not go to the meeting." in lines
    assert "Why: The hall's heating is broken." in lines
    assert easy_email.subject.endswith(": Carers' voices & more is not happening")
    assert "This meeting is not happening." in easy_email.alternatives[0][0]
    assert "This meeting is not happening." not in standard_email.body


def test_an_easy_read_member_is_told_of_a_change_and_a_place_in_easy_read(lead, invited_meeting):
    from meetings import emails
    from meetings.models import Invitation

    easy = factories.MemberFactory(display_name="Eve Easy", easy_read=True)
    invitation = Invitation.objects.create(meeting=invited_meeting, member=easy)
    changed = emails.changed_email(invitation, changes=[("Place", "Town Hall", "Mill Hall")])
    lines = [line for line in changed.body.splitlines() if line.strip()]
    assert lines[1].startswith("Date: ") and "Place: Mill Hall" in lines
    assert "The meeting has changed." in lines
    assert "- Place: now Mill Hall. It was Town Hall." in lines
    assert changed.subject.endswith(": Carers' voices & more has changed")
    offered = emails.place_offered_email(invitation)
    assert "A place has come up for you." in offered.body and "We have put you down as coming." in offered.body
    assert offered.body.index("Date: ") < offered.body.index("Good news.")

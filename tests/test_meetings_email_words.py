"""Meeting emails read right: a title with ' & < and " reads as typed in every subject and plain-text body (and is
escaped once, not twice, in the HTML); a "changed" email says what it was and what it is now; every line that
points to the admin or a printable page carries its link."""

import datetime as dt
import html
import re

import pytest
from django.core import mail
from django.utils import timezone

from meetings import services
from meetings.models import AgendaSuggestion, Invitation, Meeting, Minutes
from network.models import AccessNeed
from notifications import services as ledger
from notifications.models import Delivery, Kind, ReminderRule
from tests import factories

pytestmark = pytest.mark.usefixtures("tasks_run_at_once")  # every test here sends what it queues

TITLE = """Carers' voices & "what works" <for us>"""


@pytest.fixture
def meeting(lead):
    starts = (timezone.now() + dt.timedelta(days=10)).replace(hour=18, minute=0, second=0, microsecond=0)
    return factories.MeetingFactory(title=TITLE, status=Meeting.Status.DRAFT, audience=Meeting.Audience.NETWORK,
                                    starts_at=starts, ends_at=starts + dt.timedelta(hours=2), venue="Mill Hall",
                                    online_link="https://meet.example.org/carers")


@pytest.fixture
def people(lead):
    online = factories.MemberFactory(display_name="Mo Member")
    offline = factories.OfflineMemberFactory(
        display_name="Doris Pembleton", phone="01632 960123", postal_address="12 Mill Lane\nAnytown\nAB1 2CD",
        preferred_contact="post", access_needs=[AccessNeed.LARGE_PRINT, AccessNeed.SUPPORT_PERSON], added_by=lead,
    )
    return online, offline


def _text_parts(message):
    html_body = message.alternatives[0][0]
    return message.subject, message.body, html_body


def _assert_reads_right(message):
    subject, body, html_body = _text_parts(message)
    assert TITLE in subject, subject
    assert TITLE in body, body
    assert "&#x27;" not in subject + body and "&amp;" not in subject + body and "&lt;" not in subject + body
    # The HTML holds the title escaped once: unescaped, it is the title; it never shows "&amp;#x27;".
    assert TITLE in html.unescape(html_body)
    assert "&amp;#x27;" not in html_body and "&amp;amp;" not in html_body and "<for us>" not in html_body


def _publish(django_capture_on_commit_callbacks, meeting, lead):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_and_invite(meeting=meeting, by=lead)


def _published_then_changed(capture, meeting, lead, *, send=True, **fields):
    """Publish (unless already), forget the invitations sent, then change the meeting as a lead would."""
    if not Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PUBLISHED).exists():
        _publish(capture, meeting, lead)
        mail.outbox.clear()
    meeting.refresh_from_db()
    for name, value in fields.items():
        setattr(meeting, name, value)
    if not send:
        return services.save_meeting(meeting=meeting, by=lead)
    with capture(execute=True):
        return services.save_meeting(meeting=meeting, by=lead)


def test_every_meeting_email_reads_the_title_as_typed(django_capture_on_commit_callbacks, lead, meeting, people):
    online, offline = people
    ReminderRule.objects.get_or_create(hours_before=168, defaults={"label": "A week before"})
    _publish(django_capture_on_commit_callbacks, meeting, lead)
    _published_then_changed(django_capture_on_commit_callbacks, meeting, lead, venue="The Old Library")
    services.reply(meeting=meeting, member=online, response=Invitation.Response.ATTENDING)
    suggestion = AgendaSuggestion.objects.create(meeting=meeting, suggested_by=online, title="Respite care")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_suggestion(suggestion=suggestion, by=lead, answer="It is on next month's agenda.")
    ledger.queue(kind=Kind.PLACE_OFFERED, object_id=meeting.pk, occasion="place-1", members=[online],
                 meeting_id=meeting.pk)
    week_before = meeting.starts_at - dt.timedelta(hours=168) + dt.timedelta(minutes=1)
    from meetings import reminders

    reminders.plan_meeting_reminders(now=week_before)
    ledger.fan_out_due(now=week_before)
    while ledger.send_pending(now=week_before):
        pass
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3),
                                                 ends_at=timezone.now() - dt.timedelta(hours=1))
    meeting.refresh_from_db()
    Minutes.objects.create(meeting=meeting, text="We heard from carers & staff.")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_minutes(meeting=meeting, by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, by=lead, reason="The hall is closed.")
    while ledger.send_pending():
        pass

    seen = {d.kind for d in Delivery.objects.filter(status=Delivery.Status.SENT)}
    assert {Kind.MEETING_INVITATION, Kind.MEETING_CHANGED, Kind.MEETING_REMINDER, Kind.SUGGESTION_ANSWER,
            Kind.PLACE_OFFERED, Kind.MINUTES_DIGEST, Kind.MEETING_CANCELLED, Kind.OFFLINE_CONTACT_LIST} <= seen
    assert len(mail.outbox) >= 10
    for message in mail.outbox:
        _assert_reads_right(message)


def test_a_changed_email_says_what_it_was_and_what_it_is_now(django_capture_on_commit_callbacks, lead, meeting,
                                                             people):
    online, _offline = people
    week = dt.timedelta(days=7)
    _published_then_changed(django_capture_on_commit_callbacks, meeting, lead, starts_at=meeting.starts_at + week,
                            ends_at=meeting.ends_at + week, venue="The Old Library", online_link="")
    changed = [m for m in mail.outbox if m.to == [online.email]]
    assert len(changed) == 1
    body = changed[0].body
    before, now = timezone.localtime(meeting.starts_at - week), timezone.localtime(meeting.starts_at)
    assert re.search(rf"When: was [A-Z][a-z]+day {before.day} {before:%B}.*; now [A-Z][a-z]+day {now.day} {now:%B}",
                     body), body
    assert "Where: was Mill Hall; now The Old Library" in body
    assert "Online joining link: was https://meet.example.org/carers; now (none)" in body
    html_body = changed[0].alternatives[0][0]
    assert "Mill Hall" in html_body and "The Old Library" in html_body


def test_two_quick_changes_tell_what_it_was_before_the_first(django_capture_on_commit_callbacks, lead, meeting,
                                                            people):
    """The first notice goes stale before it is sent; the second says what it was when people were last told."""
    online, _offline = people
    _published_then_changed(django_capture_on_commit_callbacks, meeting, lead, send=False, venue="Room 2")
    _published_then_changed(django_capture_on_commit_callbacks, meeting, lead, venue="Room 3")
    from meetings import tasks

    tasks.send_meeting_changed(meeting.pk, meeting.sequence - 1)  # the older notice: stale, nothing sent
    while ledger.send_pending():
        pass
    changed = [m for m in mail.outbox if m.to == [online.email]]
    assert len(changed) == 1
    assert "Where: was Mill Hall; now Room 3" in changed[0].body


def test_the_leads_list_keeps_each_address_line_and_links_to_its_printable_page(
        django_capture_on_commit_callbacks, lead, meeting, people):
    _publish(django_capture_on_commit_callbacks, meeting, lead)
    lists = [m for m in mail.outbox if m.to == [lead.email] and "phone or post" in m.body]
    assert len(lists) == 1
    body = lists[0].body
    assert "    12 Mill Lane\n    Anytown\n    AB1 2CD\n" in body
    assert "12 Mill LaneAnytown" not in body
    assert f"http://testserver/meetings/{meeting.pk}/phone-and-post/" in body or "/phone-and-post/" in body
    assert f"/admin/meetings/meeting/{meeting.pk}/change/" in body


def test_no_subject_or_plain_text_template_escapes_what_it_is_given():
    """Every subject and plain-text email, in every app, is drawn without HTML escaping."""
    from pathlib import Path

    from django.conf import settings

    from notifications.services import render_text

    templates = sorted(Path(settings.BASE_DIR, "templates").glob("*/email/*.txt"))
    assert templates
    for path in templates:
        name = str(path.relative_to(Path(settings.BASE_DIR, "templates")))
        if name.startswith("account/"):
            continue  # allauth's own
        text = render_text(name, {"network_name": "Carers' & friends", "site_url": "", "contact_email": "",
                                  "pledge": {"current": 1, "this_week": 0}})
        assert "&#x27;" not in text and "&amp;" not in text, name


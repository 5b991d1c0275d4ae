"""What a lead does in the meeting admin: publish and invite, cancel, copy as the next meeting, minutes, papers."""

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.forms import PaperAdminForm
from meetings.models import AgendaSuggestion, Invitation, Meeting
from projects.models import Action
from tests import factories

CHANGELIST = reverse_lazy("admin:meetings_meeting_changelist")


pytestmark = pytest.mark.usefixtures("tasks_run_at_once")  # every test here sends what it queues


@pytest.fixture
def draft(lead):
    return factories.MeetingFactory(title="Planning the new year", status=Meeting.Status.DRAFT,
                                    audience=Meeting.Audience.NETWORK, online_link="https://meet.example.org/ny",
                                    created_by=lead)


def _begin(meeting):
    """The meeting is under way: the register, minutes and digest are only recorded once it has started."""
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=now - dt.timedelta(minutes=30),
                                                 ends_at=now + dt.timedelta(minutes=90))
    meeting.refresh_from_db()
    return meeting


def _act(client, action, meetings, **extra):
    return client.post(CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [m.pk for m in meetings], **extra})


def test_publishing_invites_everyone_in_the_network_once_offline_members_included_and_emails_those_with_email(
    client, lead, member, other_member, offline_member, draft, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(client, "publish_and_invite", [draft])
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.PUBLISHED
    invited = set(Invitation.objects.filter(meeting=draft).values_list("member_id", flat=True))
    assert invited == {lead.pk, member.pk, other_member.pk, offline_member.pk}
    invitations = [m for m in mail.outbox if m.subject.startswith("You are invited")]
    assert sorted(m.to[0] for m in invitations) == sorted([lead.email, member.email, other_member.email])
    # The person who does not use email is on the lead's list of people to invite by phone or post.
    assert [m.to for m in mail.outbox if m not in invitations] == [[lead.email]]
    message = invitations[0]
    assert message.alternatives[0][1] == "text/html"
    assert any(name.endswith(".ics") for name, _content, _type in message.attachments)
    # Publishing again sends nobody a second invitation.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _act(client, "publish_and_invite", [draft])
    assert mail.outbox == []
    assert Invitation.objects.filter(meeting=draft).count() == 4


def test_a_project_meeting_invites_only_the_projects_members(lead, member, staff_member, other_member, project):
    meeting = factories.MeetingFactory(kind=Meeting.Kind.PROJECT, project=project, audience=Meeting.Audience.PROJECT,
                                       status=Meeting.Status.DRAFT)
    services.publish_and_invite(meeting=meeting, by=lead)
    assert set(meeting.invitations.values_list("member_id", flat=True)) == {member.pk, staff_member.pk}


def test_a_hand_picked_meeting_invites_only_the_people_chosen(lead, member, other_member, offline_member):
    meeting = factories.MeetingFactory(audience=Meeting.Audience.CHOSEN, status=Meeting.Status.DRAFT)
    meeting.chosen_members.set([member, offline_member])
    services.publish_and_invite(meeting=meeting, by=lead)
    assert set(meeting.invitations.values_list("member_id", flat=True)) == {member.pk, offline_member.pk}


def test_the_phone_and_post_list_shows_offline_invitees_with_how_to_reach_them(client, lead, member, draft):
    factories.OfflineMemberFactory(display_name="Olive Offline", phone="01632 960 123",
                                             postal_address="4 Mill Lane", added_by=lead)
    services.publish_and_invite(meeting=draft, by=lead)
    client.force_login(lead)
    page = client.get(reverse("meetings:offline_list", kwargs={"pk": draft.pk})).content.decode()
    assert "Olive Offline" in page and "01632 960 123" in page and "4 Mill Lane" in page
    assert member.display_name not in page
    assert "data-print-page" in page


def test_cancelling_tells_every_invitee_with_a_calendar_cancellation_attached(
    client, lead, member, offline_member, draft, django_capture_on_commit_callbacks
):
    services.publish_and_invite(meeting=draft, by=lead)
    client.force_login(lead)
    confirm = _act(client, "cancel_meetings", [draft])
    assert confirm.status_code == 200 and "Why is the meeting cancelled?" in confirm.content.decode()
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.PUBLISHED  # nothing happens before the lead confirms
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = _act(client, "cancel_meetings", [draft], confirm_cancel="yes", reason="The venue flooded.")
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.CANCELLED and draft.cancellation_reason == "The venue flooded."
    cancellations = [m for m in mail.outbox if m.subject.startswith("Cancelled")]
    assert sorted(m.to[0] for m in cancellations) == sorted([lead.email, member.email])
    assert [m.to for m in mail.outbox if m not in cancellations] == [[lead.email]]  # the list to phone or write to
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert "Cancelled" in message.subject and "The venue flooded." in message.body
    assert message.alternatives[0][1] == "text/html"
    (name, content, mimetype), = message.attachments
    assert "method=CANCEL" in mimetype
    calendar = Calendar.from_ical(content)
    assert str(calendar["method"]) == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == draft.calendar_uid
    assert int(event["sequence"]) == draft.sequence


def test_cancelling_needs_a_reason(client, lead, draft):
    services.publish_and_invite(meeting=draft, by=lead)
    client.force_login(lead)
    response = _act(client, "cancel_meetings", [draft], confirm_cancel="yes", reason="")
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.PUBLISHED


def test_duplicating_makes_a_draft_four_weeks_later_with_the_same_agenda(client, lead, draft):
    factories.AgendaItemFactory(meeting=draft, title="Welcome and introductions", order=1)
    factories.AgendaItemFactory(meeting=draft, title="What stops people getting involved", order=2)
    client.force_login(lead)
    _act(client, "duplicate_as_next", [draft])
    copy = Meeting.objects.exclude(pk=draft.pk).get()
    assert copy.status == Meeting.Status.DRAFT
    assert copy.starts_at - draft.starts_at == dt.timedelta(weeks=4)
    assert list(copy.agenda_items.values_list("title", flat=True)) == [
        "Welcome and introductions", "What stops people getting involved"
    ]


def test_publishing_the_minutes_sends_the_digest_to_invitees_who_want_it(
    client, lead, member, other_member, draft, django_capture_on_commit_callbacks
):
    services.publish_and_invite(meeting=draft, by=lead)
    other_member.wants_meeting_digests = False
    other_member.save()
    _begin(draft)
    factories.MinutesFactory(meeting=draft)
    draft.actions.create(what="Book the evening room", owner=member, due=dt.date(2031, 1, 10))
    client.force_login(lead)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _act(client, "publish_minutes", [draft])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, member.email])
    digest = mail.outbox[0]
    assert "Meet in the evening twice a year." in digest.body and "Book the evening room" in digest.body
    assert "Book the evening room" in digest.alternatives[0][0]


def test_publishing_minutes_that_are_not_written_is_refused_with_a_message(client, lead, draft):
    _begin(draft)
    client.force_login(lead)
    response = _act(client, "publish_minutes", [draft])
    assert "Write the minutes before publishing them." in client.get(response["Location"]).content.decode()


def _post_meeting_with_one_new_action(client, meeting, **action):
    """Minutes and one new action, written on the meeting's run-sheet."""
    data = {"part": "minutes", "minutes-text": "We met.", "actions-TOTAL_FORMS": "3", "actions-INITIAL_FORMS": "0",
            **{f"actions-0-{k}": v for k, v in action.items()}}
    response = client.post(reverse("admin:meetings_meeting_run_sheet", args=[_begin(meeting).pk]), data)
    assert response.status_code == 302, response.content.decode()


def test_a_project_meetings_actions_entered_in_the_admin_are_the_projects_actions(client, lead, member, project):
    meeting = factories.MeetingFactory(kind=Meeting.Kind.PROJECT, project=project, audience=Meeting.Audience.PROJECT)
    client.force_login(lead)
    _post_meeting_with_one_new_action(client, meeting, what="Print the new leaflet", owner=member.pk, due="2031-02-01")
    action = Action.objects.get()
    assert action.project == project and action.meeting == meeting and action.owner == member
    assert action.created_by == lead


def test_a_network_meetings_actions_entered_in_the_admin_belong_to_the_meeting_only(client, lead, member):
    meeting = factories.MeetingFactory(title="Network forum")
    client.force_login(lead)
    _post_meeting_with_one_new_action(client, meeting, what="Book the evening room", owner=member.pk)
    action = Action.objects.get()
    assert action.meeting == meeting and action.project is None and action.owner == member


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [("agenda.pdf", b"%PDF-1.7\n..."), ("notes.docx", _docx()), ("notes.odt", _odt()),
     ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32), ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 32)],
    ids=["pdf", "word", "opendocument", "png", "jpeg"],
)
def test_papers_in_allowed_formats_are_accepted(draft, name, content):
    form = PaperAdminForm(data={"title": "Paper"}, files={"file": _upload(name, content)},
                          instance=factories.AgendaItemFactory(meeting=draft).meeting.papers.model(meeting=draft))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "name,content,why",
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\0" * 64, "not really a PDF"),
        ("script.docx", b"PK\x03\x04" + b"\0" * 64, "not really a DOCX"),
        ("page.html", b"<html><script>alert(1)</script></html>", "can be PDF, Word"),
        ("renamed.png", b"%PDF-1.7\n...", "not really a PNG"),
    ],
    ids=["program named pdf", "not a word zip", "web page", "pdf named png"],
)
def test_papers_are_checked_from_their_content_not_only_their_name(draft, name, content, why):
    form = PaperAdminForm(data={"title": "Paper"}, files={"file": _upload(name, content)},
                          instance=draft.papers.model(meeting=draft))
    assert not form.is_valid()
    assert why in str(form.errors["file"])


def test_papers_over_ten_megabytes_are_refused(draft):
    big = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    form = PaperAdminForm(data={"title": "Paper"}, files={"file": _upload("big.pdf", big)},
                          instance=draft.papers.model(meeting=draft))
    assert not form.is_valid()
    assert "up to 10 MB" in str(form.errors["file"])


def test_a_lead_accepts_a_suggestion_into_the_agenda_and_the_member_is_told(
    client, lead, member, draft, django_capture_on_commit_callbacks
):
    services.publish_and_invite(meeting=draft, by=lead)
    suggestion = services.suggest_agenda_item(meeting=draft, member=member, title="Evening meetings")
    client.force_login(lead)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:meetings_agendasuggestion_change", args=[suggestion.pk]),
                               {"status": "accepted", "answer": "", "minutes_allowed": "15"})
    assert response.status_code == 302
    item = draft.agenda_items.get()
    assert item.title == "Evening meetings" and item.minutes_allowed == 15 and item.presenter == member
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_declining_a_suggestion_needs_a_reason_which_the_member_then_sees(client, lead, member, draft):
    services.publish_and_invite(meeting=draft, by=lead)
    suggestion = services.suggest_agenda_item(meeting=draft, member=member, title="Parking charges")
    client.force_login(lead)
    url = reverse("admin:meetings_agendasuggestion_change", args=[suggestion.pk])
    refused = client.post(url, {"status": "declined", "answer": ""})
    assert refused.status_code == 200 and "Say why" in refused.content.decode()
    client.post(url, {"status": "declined", "answer": "The hospital board decides this; we will ask them."})
    suggestion.refresh_from_db()
    assert suggestion.status == AgendaSuggestion.Status.DECLINED
    client.force_login(member)
    page = client.get(reverse("meetings:detail", kwargs={"pk": draft.pk})).content.decode()
    assert "The hospital board decides this" in page


def test_a_member_suggests_an_agenda_item_for_an_upcoming_network_meeting(client, member, draft, lead):
    services.publish_and_invite(meeting=draft, by=lead)
    client.force_login(member)
    response = client.post(reverse("meetings:suggest", kwargs={"pk": draft.pk}),
                           {"title": "Evening meetings", "details": "I work in the day."})
    assert response.status_code == 302
    assert AgendaSuggestion.objects.get().suggested_by == member


def test_suggestions_are_not_taken_for_project_meetings(client, member, project):
    meeting = factories.MeetingFactory(kind=Meeting.Kind.PROJECT, project=project, audience=Meeting.Audience.PROJECT)
    client.force_login(member)
    response = client.post(reverse("meetings:suggest", kwargs={"pk": meeting.pk}), {"title": "Anything"})
    assert response.status_code == 403


def test_the_attendance_register_starts_from_the_replies_and_the_lead_adds_guests_by_name(client, lead, member, draft):
    services.publish_and_invite(meeting=draft, by=lead)
    absent = factories.MemberFactory()
    services.reply(meeting=draft, member=member, response=Invitation.Response.ATTENDING)
    services.reply(meeting=draft, member=lead, response=Invitation.Response.APOLOGIES)
    services.reply(meeting=draft, member=absent, response=Invitation.Response.MAYBE)
    _begin(draft)
    client.force_login(lead)
    _act(client, "start_attendance_register", [draft])
    register = dict(draft.attendance.values_list("member_id", "status"))
    assert register == {member.pk: "present", lead.pk: "apologies", absent.pk: "absent"}
    draft.guests.create(name="Ruth Calder", about="Local camera society")
    _act(client, "start_attendance_register", [draft])  # running it again changes nothing
    assert draft.attendance.count() == 3 and draft.guests.count() == 1


def _change_form_data(client, meeting):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = client.get(url)
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    data = {
        "title": meeting.title, "kind": meeting.kind, "audience": meeting.audience, "venue": meeting.venue,
        "online_link": meeting.online_link,
        "starts_at_0": f"{start:%Y-%m-%d}", "starts_at_1": f"{start:%H:%M:%S}",
        "ends_at_0": f"{end:%Y-%m-%d}", "ends_at_1": f"{end:%H:%M:%S}",
    }
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return url, data


def test_a_lead_uploads_a_paper_in_the_admin_and_it_is_stored_privately_with_its_real_type(
    client, lead, draft, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "private"
    client.force_login(lead)
    url, data = _change_form_data(client, draft)
    data.update({"papers-TOTAL_FORMS": "1", "papers-0-title": "Draft leaflet",
                 "papers-0-file": _upload("Leaflet draft.pdf", b"%PDF-1.7\nleaflet")})
    response = client.post(url, data)
    assert response.status_code == 302
    paper = draft.papers.get()
    assert paper.content_type == "application/pdf" and paper.size == len(b"%PDF-1.7\nleaflet")
    assert paper.original_name == "Leaflet draft.pdf"
    assert paper.file.path.startswith(str(tmp_path / "private"))


def test_a_disguised_file_uploaded_in_the_admin_is_refused_with_a_message_and_nothing_saved(client, lead, draft):
    client.force_login(lead)
    url, data = _change_form_data(client, draft)
    data.update({"papers-TOTAL_FORMS": "1", "papers-0-title": "Minutes",
                 "papers-0-file": _upload("minutes.pdf", b"MZ\x90\x00" + b"\0" * 64)})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not really a PDF" in response.content.decode()
    assert not draft.papers.exists()


def test_moving_a_published_meeting_emails_invitees_the_new_time_with_an_updated_calendar_file(
    client, lead, member, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_and_invite(meeting=draft, by=lead)
    client.force_login(lead)
    url, data = _change_form_data(client, draft)
    data["venue"] = "The library, upstairs room"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert "Changed" in message.subject and "The library, upstairs room" in message.body
    (_name, content, _type), = message.attachments
    draft.refresh_from_db()
    assert int(Calendar.from_ical(content).walk("VEVENT")[0]["sequence"]) == draft.sequence == 2


def test_members_do_not_see_minutes_until_they_are_published(client, lead, member, draft):
    services.publish_and_invite(meeting=draft, by=lead)
    _begin(draft)
    factories.MinutesFactory(meeting=draft, text="Draft notes, not checked yet.")
    detail = reverse("meetings:detail", kwargs={"pk": draft.pk})
    client.force_login(member)
    assert "Draft notes, not checked yet." not in client.get(detail).content.decode()
    services.publish_minutes(meeting=draft, by=lead)
    assert "Draft notes, not checked yet." in client.get(detail).content.decode()


def test_a_meeting_longer_than_a_day_is_refused_with_a_message_and_nothing_changes(client, lead):
    meeting = factories.MeetingFactory(title="Network forum")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    client.force_login(lead)
    page = client.get(url)
    start = timezone.localtime(meeting.starts_at)
    end = start + dt.timedelta(days=2)
    data = {
        "title": "Renamed", "kind": meeting.kind, "project": "", "audience": meeting.audience, "venue": meeting.venue,
        "starts_at_0": f"{start:%Y-%m-%d}", "starts_at_1": f"{start:%H:%M:%S}",
        "ends_at_0": f"{end:%Y-%m-%d}", "ends_at_1": f"{end:%H:%M:%S}",
    }
    for formset in page.context["inline_admin_formsets"]:
        data.update({f"{formset.formset.prefix}-TOTAL_FORMS": "0", f"{formset.formset.prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A meeting can last at most a day" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "Network forum"

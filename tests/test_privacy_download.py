"""Download my data: a signed-in member takes away everything held about them, as one JSON file.

Profile, consents and their history, memberships, RSVPs, attendance, signatures, reflections, deliveries: found
through every relation onto Member, so a new kind of record is in the file the day it is added. Never a secret.
"""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from exports.models import ExportAudit, ExportFormat, ExportKind
from network.models import Consent, ConsentKind
from privacy.services import LEFT_OUT_RELATIONS, relation_key
from tests import factories


@pytest.fixture
def held(project, member, other_member, lead):
    return hold_something_of_every_kind(project, member, other_member, lead)


def hold_something_of_every_kind(project, member, other_member, lead):
    """Something of every kind held about the member, and one thing about somebody else."""
    Consent.objects.create(member=member, kind=ConsentKind.CONTACT, given=True, how="On the sign-up form")
    Consent.objects.create(member=member, kind=ConsentKind.CONTACT, given=False, how="Phoned to say stop",
                           recorded_by=lead)
    Consent.objects.create(member=other_member, kind=ConsentKind.PHOTOGRAPHS, given=True, how="Said yes at the photo walk")
    meeting = factories.MeetingFactory(project=project, title="Quiet corner planning")
    apps.get_model("meetings", "Invitation").objects.create(
        meeting=meeting, member=member, response="attending", access_needs=["step_free"],
        access_needs_notes="I need to sit near the door",
    )
    apps.get_model("meetings", "Attendance").objects.create(meeting=meeting, member=member, status="present")
    apps.get_model("meetings", "CalendarFeed").objects.create(member=member, token="a-secret-feed-token-123456")
    factories.PledgeSignatureFactory(member=member, commitment="I will listen first.")
    factories.ReflectionFactory(project=project, member=member, rating=5, comment="We really are equals here.")
    apps.get_model("notifications", "Delivery").objects.create(
        member=member, kind="meeting_reminder", object_id=meeting.pk, occasion="24h", meeting=meeting, status="sent"
    )
    return member


def _download(client, member):
    client.force_login(member)
    response = client.get(reverse("privacy:download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    return json.loads(response.content)


def test_a_member_downloads_their_profile_consents_projects_meetings_pledge_reflections_and_emails(client, held):
    data = _download(client, held)
    assert data["profile"]["display_name"] == "Mo Member"
    assert data["profile"]["email"] == held.email
    assert [c["how"] for c in data["consents"]] == ["On the sign-up form", "Phoned to say stop"]
    assert data["consents"][1]["recorded_by"] == "Lena Lead"
    assert data["project_memberships"][0]["project"] == "Calmer waiting rooms"
    assert data["meeting_invitations"][0]["access_needs_notes"] == "I need to sit near the door"
    assert data["meeting_attendance"][0]["status"] == "Present"
    assert data["pledge_signatures"][0]["commitment"] == "I will listen first."
    assert data["project_reflections"][0]["comment"] == "We really are equals here."
    assert data["deliveries"][0]["kind"] == "Meeting reminder"


def test_the_file_never_holds_a_password_or_a_secret_link(client, held):
    text = json.dumps(_download(client, held))
    assert "password" not in text
    assert held.password not in text
    assert "a-secret-feed-token-123456" not in text


def test_meetings_the_member_was_chosen_for_are_listed_by_title(client, held, project):
    meeting = factories.MeetingFactory(title="Carers' circle", audience="chosen")
    meeting.chosen_members.add(held)
    data = _download(client, held)
    assert [m["title"] for m in data["meeting_chosen_members"]] == ["Carers' circle"]


def test_a_leads_changes_in_the_admin_are_left_out(client, lead, member):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(user=lead, content_type=ContentType.objects.get_for_model(member), object_id=str(member.pk),
                            object_repr=member.display_name, action_flag=CHANGE)
    data = _download(client, lead)
    assert "logentry_set" not in data
    assert "Mo Member" not in json.dumps(data)


def test_the_file_keeps_machine_keys_but_leaves_out_the_systems_own_book_keeping(client, held):
    data = _download(client, held)
    keys = set()

    def walk(value):
        if isinstance(value, dict):
            keys.update(value)
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(data)
    internal = {"is_superuser", "is_staff", "is_active", "logentry_set", "emailaddress_set", "password", "groups",
                "user_permissions", "id", "attempts", "last_error", "claimed_until", "message_id", "sequence"}
    assert not keys & internal, keys & internal
    assert data["email_addresses"] == [{"email": held.email, "verified": True, "primary": True}]
    assert data["profile"]["powers"] == []
    assert {"display_name", "role", "access_needs", "date_joined"} <= set(data["profile"])


def test_the_file_holds_nothing_about_anybody_else(client, held, other_member):
    text = json.dumps(_download(client, held))
    assert other_member.email not in text and "Said yes at the photo walk" not in text


def test_every_kind_of_record_that_points_at_a_member_is_in_the_file(client, held):
    data = _download(client, held)
    for relation in get_user_model()._meta.related_objects:
        model = relation.related_model._meta
        if (model.app_label, model.model_name, relation.field.name) in LEFT_OUT_RELATIONS:
            continue  # the admin's own log, and allauth's copy of the addresses (given as email_addresses)
        assert relation_key(relation) in data, relation


def test_each_download_is_written_in_the_audit_log(client, held):
    _download(client, held)
    audit = ExportAudit.objects.get()
    assert (audit.who, audit.kind, audit.format) == (held, ExportKind.MY_DATA, ExportFormat.JSON)
    assert audit.row_count >= 9


def test_the_my_data_page_explains_both_choices(client, member):
    client.force_login(member)
    html = client.get(reverse("privacy:my_data")).content.decode()
    assert html.count("<h1") == 1
    assert reverse("privacy:download") in html and reverse("privacy:erase") in html


@pytest.mark.parametrize("url_name", ["privacy:my_data", "privacy:download", "privacy:erase"])
def test_visitors_who_are_not_signed_in_are_asked_to_sign_in(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]

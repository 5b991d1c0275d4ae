"""Delete my account: the member is told first what is erased and what is kept; then their personal data is erased
everywhere, while project records keep the fact of their taking part ("a former member, carer") so counts stay true.
"""

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client
from django.urls import reverse

from network.models import Consent, ConsentKind, Enquiry, Member, Role
from network.privacy.services import FORMER_MEMBER_NAME, erase_member, former_member_label
from projects.models import Project, ProjectMembership, Reflection
from tests import factories

NAME, PHONE, ADDRESS = "Mo Member", "07700 900123", "12 Riverside Road\nLeeds LS1 4AB"


def _model(label):
    return apps.get_model(label)


@pytest.fixture
def carer(project, lead):
    """A carer with personal data in every corner of the database."""
    person = factories.MemberFactory(
        display_name=NAME, role=Role.CARER, phone=PHONE, postal_address=ADDRESS, pronouns="she/her",
        access_needs=["hearing_loop"], access_needs_notes="Please face me when you speak", in_directory=True,
    )
    ProjectMembership.objects.create(member=person, project=project, project_role="Co-chair",
                                     why_involved="My son uses the service", contribution="I chair the meetings")
    Consent.objects.create(member=person, kind=ConsentKind.CONTACT, given=True, how=f"Told {NAME} on the phone")
    meeting = factories.MeetingFactory(project=project)
    _model("meetings.Invitation").objects.create(meeting=meeting, member=person, response="attending",
                                                 access_needs=["hearing_loop"], access_needs_notes="Near the loop")
    _model("meetings.Attendance").objects.create(meeting=meeting, member=person, status="present")
    _model("meetings.Minutes").objects.create(meeting=meeting, text=f"{NAME} thanked everyone. Call her on {PHONE}.")
    _model("meetings.AgendaItem").objects.create(meeting=meeting, title="Welcome", presenter=person)
    _model("meetings.CalendarFeed").objects.create(member=person)
    factories.PledgeSignatureFactory(member=person, commitment="I will speak up for carers", show_on_wall=True)
    factories.ReflectionFactory(project=project, member=person, rating=5, comment="I felt heard as a carer")
    factories.ActionFactory(project=project, owner=person, what="Ask the carers' group")
    _model("notifications.Delivery").objects.create(member=person, kind="meeting_reminder", object_id=meeting.pk,
                                                    occasion="24h", meeting=meeting)
    Enquiry.objects.create(name=NAME, email=person.email, phone=PHONE, message=f"I live at {ADDRESS}", sent_by=person)
    _model("network.Blockage").objects.create(raised_by=person, you_said="The bus does not run on Sundays",
                                              may_share=True)
    _model("network.Blockage").objects.create(raised_by=person, you_said="My husband's illness", may_share=False)
    LogEntry.objects.create(
        user=lead, content_type=ContentType.objects.get_for_model(Member), object_id=str(person.pk),
        object_repr=NAME, action_flag=CHANGE, change_message=f'[{{"changed": {{"fields": ["{PHONE}"]}}}}]',
    )
    return person


def _erase_through_the_page(client, person):
    client.force_login(person)
    return client.post(reverse("privacy:erase"), {"understood": "on"})


def personal_data_left(identifiers):
    """Every text, char, email and JSON column of every model, searched for each identifier: [(where, what)]."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField, models.JSONField)) or field.is_relation:
                continue
            for value in model._default_manager.values_list(field.attname, flat=True).iterator():
                text = json.dumps(value) if isinstance(field, models.JSONField) else (value or "")
                for needle in identifiers:
                    if needle.lower() in text.lower():
                        found.append((f"{model._meta.label}.{field.name}", needle))
    return found


def test_the_member_is_told_what_is_erased_and_what_is_kept_and_why_before_anything_happens(client, carer):
    client.force_login(carer)
    html = client.get(reverse("privacy:erase")).content.decode()
    assert "What we erase" in html and "What we keep, and why" in html
    assert "a former member, carer" in html
    assert Member.objects.get(pk=carer.pk).display_name == NAME


def test_without_the_tick_nothing_is_erased_and_the_page_says_why(client, carer):
    client.force_login(carer)
    response = client.post(reverse("privacy:erase"), {})
    assert response.status_code == 200
    assert "Tick the box to say you understand" in response.content.decode()
    carer.refresh_from_db()
    assert carer.display_name == NAME and carer.is_active


def test_after_erasure_no_personal_data_of_the_member_remains_anywhere_in_the_database(client, carer):
    email = carer.email
    assert personal_data_left([NAME, email, PHONE, ADDRESS, "Leeds LS1 4AB", "12 Riverside Road"])  # it was there
    response = _erase_through_the_page(client, carer)
    assert response.status_code == 200
    assert personal_data_left([NAME, email, PHONE, "07700900123", ADDRESS, "12 Riverside Road"]) == []


def test_the_account_is_kept_as_an_anonymous_stub_that_cannot_sign_in(client, carer):
    _erase_through_the_page(client, carer)
    stub = Member.objects.get(pk=carer.pk)
    assert stub.display_name == FORMER_MEMBER_NAME and stub.email is None
    assert (stub.phone, stub.postal_address, stub.pronouns, stub.access_needs_notes) == ("", "", "", "")
    assert stub.access_needs == [] and not stub.in_directory
    assert not stub.is_active and not stub.has_usable_password()
    assert stub.role == Role.CARER
    assert former_member_label(stub) == "a former member, carer"
    assert not _model("account.EmailAddress").objects.filter(user=stub).exists()


def test_the_member_is_signed_out_everywhere(client, carer):
    elsewhere = Client()
    elsewhere.force_login(carer)
    _erase_through_the_page(client, carer)
    profile = reverse("network:profile")
    assert client.get(profile).status_code == 302
    assert elsewhere.get(profile).status_code == 302
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(carer.pk)]


def test_what_exists_only_because_of_the_person_is_gone(client, carer):
    _erase_through_the_page(client, carer)
    assert not Consent.objects.filter(member=carer).exists()
    assert not _model("notifications.Delivery").objects.filter(member=carer).exists()
    assert not _model("meetings.CalendarFeed").objects.filter(member=carer).exists()
    assert not Enquiry.objects.filter(sent_by=carer).exists()
    assert list(_model("network.Blockage").objects.filter(raised_by=carer).values_list("you_said", flat=True)) == [
        "The bus does not run on Sundays"  # shared without a name already: stays in "you said, we did"
    ]


def test_the_fact_of_taking_part_stays_so_project_figures_stay_true(client, carer, project):
    before = Project.objects.with_role_counts().get(pk=project.pk)
    _erase_through_the_page(client, carer)
    after = Project.objects.with_role_counts().get(pk=project.pk)
    assert (after.count_carer, after.active_member_count) == (before.count_carer, before.active_member_count) != (0, 0)
    membership = ProjectMembership.objects.get(member=carer)
    assert (membership.project_role, membership.status) == ("Co-chair", ProjectMembership.Status.ACTIVE)
    assert (membership.why_involved, membership.contribution) == ("", "")
    assert _model("meetings.Attendance").objects.get(member=carer).status == "present"
    invitation = _model("meetings.Invitation").objects.get(member=carer)
    assert (invitation.response, invitation.access_needs, invitation.access_needs_notes) == ("attending", [], "")
    reflection = Reflection.objects.get(member=carer)
    assert (reflection.rating, reflection.role, reflection.comment) == (5, Role.CARER, "")
    signature = carer.pledge_signatures.get()
    assert (signature.commitment, signature.show_on_wall) == ("", False)


def test_another_member_with_the_same_name_keeps_their_name(project, lead):
    twin = factories.MemberFactory(display_name="Alex Smith")
    leaving = factories.MemberFactory(display_name="Alex Smith")
    meeting = factories.MeetingFactory()
    minutes = _model("meetings.Minutes").objects.create(meeting=meeting, text="Alex Smith opened the meeting.")
    erase_member(member=leaving)
    twin.refresh_from_db()
    minutes.refresh_from_db()
    assert twin.display_name == "Alex Smith"
    assert minutes.text == "Alex Smith opened the meeting."  # cannot tell which Alex: it stays


def test_a_lead_who_erases_their_account_is_no_longer_a_lead(client, lead):
    _erase_through_the_page(client, lead)
    lead.refresh_from_db()
    lead.forget_lead_cache()
    assert not lead.is_co_production_lead and not lead.is_staff


def test_a_superuser_is_refused_and_asked_to_find_another_administrator(client, db):
    admin_person = factories.MemberFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_person)
    assert client.get(reverse("privacy:erase")).status_code == 403
    assert client.post(reverse("privacy:erase"), {"understood": "on"}).status_code == 403
    admin_person.refresh_from_db()
    assert admin_person.is_active


@pytest.mark.parametrize("who", ["member", "other_member", "project_lead", "staff_member", "lead"])
def test_every_signed_in_member_may_open_their_own_data_pages(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url_name in ("privacy:my_data", "privacy:erase"):
        assert client.get(reverse(url_name)).status_code == 200


# --- offline members, who cannot sign in, ask their lead by phone or post -------------------------------------------


@pytest.mark.parametrize("url_name", ["privacy:offline_download", "privacy:offline_erase"])
@pytest.mark.parametrize("who", ["anonymous", "member", "other_member", "project_lead", "staff_member", "lead"])
def test_only_a_lead_acts_for_an_offline_member(client, request, offline_member, who, url_name):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(url_name, kwargs={"member_id": offline_member.pk}))
    if who == "anonymous":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == (200 if who == "lead" else 403)


def test_a_lead_cannot_delete_the_account_of_a_member_who_can_do_it_themselves(client, lead, member):
    client.force_login(lead)
    response = client.post(reverse("privacy:offline_erase", kwargs={"member_id": member.pk}), {"asked": "on"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.is_active


def test_a_lead_deletes_an_offline_members_account_when_they_ask(client, lead, offline_member, project):
    offline_member.phone, offline_member.postal_address = PHONE, ADDRESS
    offline_member.save()
    ProjectMembership.objects.create(member=offline_member, project=project)
    client.force_login(lead)
    url = reverse("privacy:offline_erase", kwargs={"member_id": offline_member.pk})
    assert "Olive Offline" in client.get(url).content.decode()
    response = client.post(url, {"asked": "on"})
    assert response.status_code == 302
    assert personal_data_left(["Olive Offline", PHONE, ADDRESS]) == []
    assert ProjectMembership.objects.filter(member=offline_member, project=project).exists()


def test_a_lead_downloads_an_offline_members_data_for_them_and_it_is_audited(client, lead, offline_member):
    from projects.exports.models import ExportAudit

    client.force_login(lead)
    response = client.get(reverse("privacy:offline_download", kwargs={"member_id": offline_member.pk}))
    assert json.loads(response.content)["profile"]["display_name"] == "Olive Offline"
    assert "Olive" not in response["Content-Disposition"]
    audit = ExportAudit.objects.get()
    assert (audit.who, audit.object_id) == (lead, offline_member.pk)

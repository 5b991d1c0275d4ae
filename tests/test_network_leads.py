"""What co-production leads do for members: offline members, invitations, roles, making leads; the leads group."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from coproduction.celery import app as celery_app
from network.models import LEADS_GROUP_NAME, Consent, ConsentKind, ContactMethod, JoinInvitation, Member, Role
from network.permissions import lead_permission_names, sync_lead_permissions
from tests import factories

ADD_OFFLINE = reverse("network:add_offline_member")
INVITE = reverse("network:invite")


@pytest.fixture
def tasks_run_inline():
    """Celery tasks queued after commit run at once, in this process."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def offline_data(**changes):
    data = {
        "display_name": "Doris Pembleton",
        "role": Role.SERVICE_USER,
        "phone": "0161 496 0000",
        "postal_address": "",
        "preferred_contact": ContactMethod.PHONE,
        "access_needs": ["large_print"],
        "consent_contact": "on",
        "consent_data_processing": "on",
        "how": "By phone, 3 March",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- who may open the lead pages --------------------------------------------------------------------------------


def lead_pages(offline_member):
    return [ADD_OFFLINE, INVITE, reverse("network:manage_member", args=[offline_member.pk])]


def test_anonymous_visitor_is_sent_to_sign_in_for_every_lead_page(client, offline_member):
    for url in lead_pages(offline_member):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"], url


@pytest.mark.parametrize("who", ["member", "other_member", "project_lead", "staff_member"])
def test_members_who_are_not_leads_are_refused_every_lead_page_and_action(client, request, who, offline_member):
    client.force_login(request.getfixturevalue(who))
    for url in lead_pages(offline_member):
        assert client.get(url).status_code == 403, url
    for name in ["network:change_role", "network:record_consent", "network:make_lead"]:
        assert client.post(reverse(name, args=[offline_member.pk]), {}).status_code == 403, name
    assert client.post(ADD_OFFLINE, offline_data()).status_code == 403
    assert not Member.objects.filter(display_name="Doris Pembleton").exists()


def test_a_lead_opens_every_lead_page(client, lead, offline_member):
    client.force_login(lead)
    for url in lead_pages(offline_member):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1


# --- offline members -------------------------------------------------------------------------------------------


def test_lead_adds_an_offline_member_who_cannot_sign_in(client, lead):
    client.force_login(lead)
    response = client.post(ADD_OFFLINE, offline_data())
    doris = Member.objects.get(display_name="Doris Pembleton")
    assert response.status_code == 302
    assert doris.is_offline and not doris.has_usable_password()
    assert doris.added_by == lead
    assert doris.phone == "0161 496 0000" and doris.access_needs == ["large_print"]


def test_consents_for_an_offline_member_record_the_lead_who_took_them_and_when(client, lead):
    client.force_login(lead)
    client.post(ADD_OFFLINE, offline_data())
    doris = Member.objects.get(display_name="Doris Pembleton")
    rows = {row.kind: row for row in Consent.objects.filter(member=doris)}
    assert rows[ConsentKind.CONTACT].given is True
    assert rows[ConsentKind.DATA_PROCESSING].given is True
    assert rows[ConsentKind.PHOTOGRAPHS].given is False  # asked, said no: recorded too
    assert all(row.recorded_by == lead and row.how == "By phone, 3 March" for row in rows.values())
    page = client.get(reverse("network:manage_member", args=[doris.pk])).content.decode()
    assert "Lena Lead, on their behalf" in page


def test_an_offline_member_needs_a_phone_or_address_and_nothing_is_saved_without(client, lead):
    client.force_login(lead)
    response = client.post(ADD_OFFLINE, offline_data(phone="", preferred_contact=ContactMethod.POST))
    page = response.content.decode()
    assert "Please give a postal address" in page
    assert not Member.objects.filter(display_name="Doris Pembleton").exists()


def test_an_offline_member_is_not_added_without_agreeing_to_us_keeping_their_details(client, lead):
    client.force_login(lead)
    data = offline_data()
    data.pop("consent_data_processing")
    response = client.post(ADD_OFFLINE, data)
    assert "We can only keep someone" in response.content.decode()
    assert not Member.objects.filter(display_name="Doris Pembleton").exists()
    assert not Consent.objects.exists()


def test_a_malformed_phone_for_an_offline_member_gets_a_message_and_saves_nothing(client, lead):
    client.force_login(lead)
    response = client.post(ADD_OFFLINE, offline_data(phone="01234"))
    assert "Please enter a UK phone number" in response.content.decode()
    assert not Member.objects.filter(display_name="Doris Pembleton").exists()


def test_lead_records_a_withdrawal_on_behalf_of_an_offline_member_and_the_history_stays(client, lead, offline_member):
    client.force_login(lead)
    url = reverse("network:record_consent", args=[offline_member.pk])
    client.post(url, {"consent-kind": ConsentKind.CONTACT, "consent-given": "yes", "consent-how": "At the drop-in"})
    client.post(url, {"consent-kind": ConsentKind.CONTACT, "consent-given": "no", "consent-how": "By letter"})
    rows = list(Consent.objects.filter(member=offline_member).order_by("recorded_at", "pk"))
    assert [(r.given, r.how, r.recorded_by) for r in rows] == [(True, "At the drop-in", lead), (False, "By letter", lead)]


# --- invitations -------------------------------------------------------------------------------------------------


def test_lead_invites_a_person_and_the_email_has_a_link_and_both_parts(client, lead, tasks_run_inline,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, {"email": "newcomer@example.org", "display_name": "Nia New", "message": "Do come!"})
    assert response.status_code == 302
    invitation = JoinInvitation.objects.get()
    assert invitation.invited_by == lead and invitation.sent_at is not None
    message = mail.outbox[-1]
    assert message.to == ["newcomer@example.org"]
    # The token is signed with the time it was made, so read it from the email rather than making another.
    path = re.search(r"https?://[^/\s]+(/invitations/[^\s/]+/)", message.body).group(1)
    token = path.split("/")[2]
    assert JoinInvitation.from_token(token) == invitation  # the link in the email is this invitation's
    assert "Do come!" in message.body
    assert message.alternatives[0][1] == "text/html" and path in message.alternatives[0][0]
    assert "newcomer" not in path  # no email address in the link


def test_the_invitation_email_is_sent_once_even_if_the_task_runs_twice(lead):
    from network import tasks

    invitation = JoinInvitation.objects.create(email="twice@example.org", invited_by=lead)
    assert tasks.send_invitation(invitation.pk) == 1
    assert tasks.send_invitation(invitation.pk) == 0
    assert len(mail.outbox) == 1


def test_the_invitation_link_leads_through_sign_up_with_the_email_filled_in(client, lead):
    invitation = JoinInvitation.objects.create(email="newcomer@example.org", invited_by=lead)
    response = client.get(reverse("network:accept_invitation", kwargs={"token": invitation.token}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_signup")
    assert 'value="newcomer@example.org"' in response.content.decode()


def test_signing_up_from_an_invitation_makes_a_verified_member_and_marks_it_accepted(client, lead):
    invitation = JoinInvitation.objects.create(email="newcomer@example.org", invited_by=lead)
    client.get(reverse("network:accept_invitation", kwargs={"token": invitation.token}))
    response = client.post(
        reverse("account_signup"),
        {"email": "newcomer@example.org", "password1": "a-long-new-password-77", "password2": "a-long-new-password-77",
         "display_name": "Nia New", "role": Role.CARER},
    )
    assert response.status_code == 302
    newcomer = Member.objects.get(email="newcomer@example.org")
    assert newcomer.role == Role.CARER
    assert EmailAddress.objects.get(user=newcomer).verified  # the invitation link proved the address
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None


def test_a_used_or_forged_invitation_link_shows_a_plain_message(client, lead):
    invitation = JoinInvitation.objects.create(email="used@example.org", invited_by=lead)
    token = invitation.token
    JoinInvitation.objects.filter(pk=invitation.pk).update(accepted_at=invitation.created_at)
    assert client.get(reverse("network:accept_invitation", kwargs={"token": token})).status_code == 404
    response = client.get(reverse("network:accept_invitation", kwargs={"token": token + "x"}))
    assert response.status_code == 404 and "does not work" in response.content.decode()


def test_inviting_an_existing_member_gets_a_message_and_sends_nothing(client, lead, member):
    client.force_login(lead)
    response = client.post(INVITE, {"email": member.email.upper()})
    assert "already a member" in response.content.decode()
    assert not JoinInvitation.objects.exists() and not mail.outbox


def test_inviting_a_malformed_address_gets_a_message_and_saves_nothing(client, lead):
    client.force_login(lead)
    response = client.post(INVITE, {"email": "not-an-address", "display_name": "x" * 121})
    page = response.content.decode()
    assert "Enter a valid email address" in page and "at most 120 characters" in page
    assert not JoinInvitation.objects.exists()


def test_inviting_the_same_address_twice_keeps_one_open_invitation(client, lead, tasks_run_inline,
                                                                  django_capture_on_commit_callbacks):
    client.force_login(lead)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(INVITE, {"email": "again@example.org"})
    assert JoinInvitation.objects.count() == 1
    assert len(mail.outbox) == 2  # sent again on request


# --- roles and leads ----------------------------------------------------------------------------------------------


def test_lead_changes_a_members_role(client, lead, member):
    client.force_login(lead)
    response = client.post(reverse("network:change_role", args=[member.pk]), {"role-role": Role.PEER_SUPPORT})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.PEER_SUPPORT


def test_an_unknown_role_changes_nothing(client, lead, member):
    client.force_login(lead)
    client.post(reverse("network:change_role", args=[member.pk]), {"role-role": "boss"})
    member.refresh_from_db()
    assert member.role == Role.SERVICE_USER


def test_lead_makes_a_service_user_a_lead_who_can_then_use_the_admin(client, lead, member):
    client.force_login(lead)
    client.post(reverse("network:make_lead", args=[member.pk]))
    member = Member.objects.get(pk=member.pk)
    assert member.is_co_production_lead and member.is_staff
    assert member.role == Role.SERVICE_USER  # any role can be a lead
    client.force_login(member)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(ADD_OFFLINE).status_code == 200


def test_an_offline_member_cannot_be_made_a_lead(client, lead, offline_member):
    client.force_login(lead)
    response = client.post(reverse("network:make_lead", args=[offline_member.pk]), follow=True)
    assert "does not sign in" in response.content.decode()
    offline_member = Member.objects.get(pk=offline_member.pk)
    assert not offline_member.is_co_production_lead and not offline_member.is_staff


# --- the leads group ----------------------------------------------------------------------------------------------


def _group_perms():
    group = Group.objects.get(name=LEADS_GROUP_NAME)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_leads_group_exists_after_migrating_with_exactly_the_listed_permissions_that_exist(db):
    existing = {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }
    assert _group_perms() == set(lead_permission_names()) & existing
    assert "network.change_member" in _group_perms()
    assert "network.delete_member" not in _group_perms()
    assert not any(name.startswith("auth.") for name in _group_perms())


def test_sync_lead_permissions_restores_the_list_and_takes_away_extras(db):
    group = Group.objects.get(name=LEADS_GROUP_NAME)
    group.permissions.add(Permission.objects.get(codename="delete_member"))
    group.permissions.remove(Permission.objects.get(codename="change_networkpage"))
    call_command("sync_lead_permissions", verbosity=0)
    assert "network.change_networkpage" in _group_perms()
    assert "network.delete_member" not in _group_perms()


def test_sync_lead_permissions_reports_listed_permissions_whose_models_do_not_exist_yet(db):
    added, removed, missing = sync_lead_permissions(names=["network.view_member", "futureapp.view_thing"])
    assert missing == ["futureapp.view_thing"]
    assert _group_perms() == {"network.view_member"}
    sync_lead_permissions()


def test_a_lead_made_by_the_factory_has_the_group_permissions(lead):
    assert lead.has_perm("network.change_member")
    assert lead.has_perm("network.manage_members")
    assert not lead.has_perm("auth.change_group")


def test_a_member_in_a_role_other_than_service_user_can_be_a_lead_too(db):
    carer_lead = factories.LeadFactory(role=Role.CARER)
    assert carer_lead.has_perm("network.manage_members")


def test_the_data_migration_itself_creates_the_group_with_permissions_of_models_that_exist(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("network.migrations.0004_leads_group_and_network_page")
    Group.objects.filter(name=LEADS_GROUP_NAME).delete()
    migration.create_leads_group(apps, None)
    granted = _group_perms()
    assert {"network.change_member", "network.add_consent", "projects.change_principle",
            "pledges.add_pledgeversion"} <= granted
    assert "network.delete_member" not in granted and "network.change_consent" not in granted

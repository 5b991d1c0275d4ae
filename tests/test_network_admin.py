"""The Member admin: filters by role, lead, consents and pledge; search by name or email; nothing secret shown."""

import pytest
from django.urls import reverse
from django.utils import timezone

from network import services
from network.models import ConsentKind, Member, Role
from tests import factories

CHANGELIST = reverse("admin:network_member_changelist")


def names(response):
    return {m.display_name for m in response.context["cl"].result_list}


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def test_anonymous_visitor_is_sent_to_the_admin_sign_in(client, db):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who", ["member", "other_member", "staff_member", "project_lead"])
def test_members_who_are_not_leads_cannot_open_the_member_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(CHANGELIST).status_code == 302


def test_a_lead_lists_members_and_searches_by_name_or_email(lead_client, member, other_member):
    assert lead_client.get(CHANGELIST).status_code == 200
    assert names(lead_client.get(CHANGELIST, {"q": "Mo Mem"})) == {"Mo Member"}
    assert names(lead_client.get(CHANGELIST, {"q": other_member.email})) == {"Olu Other"}


def test_filter_by_role_and_by_lead(lead_client, lead, member, other_member):
    assert names(lead_client.get(CHANGELIST, {"role__exact": Role.VOLUNTEER})) == {"Olu Other"}
    assert names(lead_client.get(CHANGELIST, {"lead": "yes"})) == {"Lena Lead"}
    assert "Lena Lead" not in names(lead_client.get(CHANGELIST, {"lead": "no"}))


def test_filter_by_consent_uses_the_latest_answer(lead_client, member, other_member, offline_member, lead):
    services.record_consent(member=member, kind=ConsentKind.PHOTOGRAPHS, given=True, recorded_by=member)
    services.record_consent(member=other_member, kind=ConsentKind.PHOTOGRAPHS, given=True, recorded_by=other_member)
    services.record_consent(member=other_member, kind=ConsentKind.PHOTOGRAPHS, given=False, recorded_by=other_member)
    given = names(lead_client.get(CHANGELIST, {"consent_photographs": "given"}))
    withdrawn = names(lead_client.get(CHANGELIST, {"consent_photographs": "withdrawn"}))
    never = names(lead_client.get(CHANGELIST, {"consent_photographs": "never"}))
    assert given == {"Mo Member"}
    assert withdrawn == {"Olu Other"}
    assert {"Olive Offline", "Lena Lead"} <= never and not never & {"Mo Member", "Olu Other"}


def test_filter_by_pledge_status(lead_client, member, other_member, staff_member):
    old = factories.PledgeVersionFactory(published_at=timezone.now() - timezone.timedelta(days=60))
    current = factories.PledgeVersionFactory(published_at=timezone.now() - timezone.timedelta(days=1))
    factories.PledgeSignatureFactory(member=member, version=current)
    factories.PledgeSignatureFactory(member=other_member, version=old)
    assert names(lead_client.get(CHANGELIST, {"pledge": "current"})) == {"Mo Member"}
    assert names(lead_client.get(CHANGELIST, {"pledge": "earlier"})) == {"Olu Other"}
    assert "Sam Staff" in names(lead_client.get(CHANGELIST, {"pledge": "none"}))
    assert "Mo Member" not in names(lead_client.get(CHANGELIST, {"pledge": "none"}))


def test_the_change_page_groups_personal_data_and_shows_no_password_hash(lead_client, member):
    member.phone = "07700 900123"
    member.save()
    response = lead_client.get(reverse("admin:network_member_change", args=[member.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Contact details (personal data)" in page and "Access needs (personal data)" in page
    assert member.password not in page
    assert "md5" not in page.lower() and "pbkdf2" not in page.lower() and "salt" not in page.lower()


def test_a_lead_cannot_grant_superuser_or_permissions_from_the_member_page(lead_client, member):
    page = lead_client.get(reverse("admin:network_member_change", args=[member.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert 'name="groups"' not in page


def test_a_lead_cannot_change_a_superuser(lead_client, db):
    boss = Member.objects.create_superuser(email="boss@example.org", password="x-long-password-1", display_name="Boss")
    assert lead_client.post(reverse("admin:network_member_change", args=[boss.pk]), {}).status_code == 403


def test_a_bad_phone_in_the_admin_gets_a_message_and_saves_nothing(lead_client, member):
    url = reverse("admin:network_member_change", args=[member.pk])
    data = {
        "display_name": member.display_name, "email": member.email, "role": member.role, "pronouns": "",
        "preferred_contact": "email", "phone": "999", "postal_address": "", "access_needs_notes": "",
        "is_active": "on", "consents-TOTAL_FORMS": "0", "consents-INITIAL_FORMS": "0",
    }
    response = lead_client.post(url, data)
    assert "Please enter a UK phone number" in response.content.decode()
    member.refresh_from_db()
    assert member.phone == ""


def test_the_make_leads_action_makes_leads_but_not_of_offline_members(lead_client, member, offline_member):
    lead_client.post(CHANGELIST, {"action": "make_leads", "_selected_action": [member.pk, offline_member.pk]})
    assert Member.objects.get(pk=member.pk).is_co_production_lead
    assert not Member.objects.get(pk=offline_member.pk).is_co_production_lead


def test_the_member_list_needs_the_same_queries_for_3_and_30_members(lead_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert lead_client.get(CHANGELIST).status_code == 200
        return len(queries)

    factories.MemberFactory.create_batch(2)
    three = count()
    factories.MemberFactory.create_batch(27)
    assert count() == three


def test_a_lead_invites_someone_from_the_admin_and_the_email_goes_after_commit(
    lead_client, lead, django_capture_on_commit_callbacks
):
    from network.models import JoinInvitation

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = lead_client.post(
            reverse("admin:network_joininvitation_add"), {"email": "fresh@example.org", "display_name": "Fay Fresh"}
        )
    assert response.status_code == 302
    invitation = JoinInvitation.objects.get()
    assert invitation.invited_by == lead and invitation.display_name == "Fay Fresh"
    assert len(callbacks) == 1


def test_inviting_a_member_from_the_admin_gets_a_message_and_a_waiting_address_is_invited_again(
    lead_client, lead, member, django_capture_on_commit_callbacks
):
    from network.models import JoinInvitation

    JoinInvitation.objects.create(email="waiting@example.org", invited_by=lead)
    url = reverse("admin:network_joininvitation_add")
    assert "already a member" in lead_client.post(url, {"email": member.email}).content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert lead_client.post(url, {"email": "Waiting@example.org"}).status_code == 302
    assert JoinInvitation.objects.count() == 1
    assert len(callbacks) == 1


def test_a_lead_cannot_set_a_members_password(lead_client, member):
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    assert lead_client.get(url).status_code == 403
    data = {"password1": "lead-chosen-pass-1", "password2": "lead-chosen-pass-1", "usable_password": "true"}
    assert lead_client.post(url, data).status_code == 403
    member.refresh_from_db()
    assert not member.check_password("lead-chosen-pass-1")


def test_a_lead_adding_a_member_in_the_admin_cannot_set_their_password_either(lead_client):
    url = reverse("admin:network_member_add")
    assert 'name="password1"' not in lead_client.get(url).content.decode()
    response = lead_client.post(url, {"display_name": "Ade Added", "email": "ade@example.org", "role": Role.CARER})
    assert response.status_code == 302
    added = Member.objects.get(email="ade@example.org")
    assert not added.has_usable_password() and added.role == Role.CARER

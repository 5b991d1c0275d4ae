"""Who may open each network page: anonymous, member, member of another project, lead, staff — one table."""

import pytest
from django.urls import reverse

from network.models import JoinInvitation

SIGN_IN = "sign-in"

# page -> expected answer for (anonymous, member, other_member, staff_member, lead)
TABLE = {
    "network:about": (200, 200, 200, 200, 200),
    "network:contact": (200, 200, 200, 200, 200),
    "network:contact_thanks": (200, 200, 200, 200, 200),
    "network:profile": (SIGN_IN, 200, 200, 200, 200),
    "network:directory": (SIGN_IN, 200, 200, 200, 200),
    "network:blockages": (SIGN_IN, 200, 200, 200, 200),
    "network:edit_about": (SIGN_IN, 403, 403, 403, 200),
    "network:add_offline_member": (SIGN_IN, 403, 403, 403, 200),
    "network:invite": (SIGN_IN, 403, 403, 403, 200),
    "network:manage_member": (SIGN_IN, 403, 403, 403, 200),
}
PEOPLE = ["anonymous", "member", "other_member", "staff_member", "lead"]
CASES = [(name, who, TABLE[name][i]) for name in TABLE for i, who in enumerate(PEOPLE)]


@pytest.mark.parametrize(("name", "who", "expected"), CASES)
def test_each_person_gets_the_answer_the_table_says(client, request, name, who, expected, offline_member):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse(name, args=[offline_member.pk]) if name == "network:manage_member" else reverse(name)
    response = client.get(url)
    if expected == SIGN_IN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who", ["member", "lead"])
def test_someone_already_signed_in_who_follows_an_invitation_link_goes_home(client, request, who, lead):
    invitation = JoinInvitation.objects.create(email="someone@example.org", invited_by=lead)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("network:accept_invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_member_page_that_does_not_exist_is_not_found_for_a_lead(client, lead):
    client.force_login(lead)
    assert client.get(reverse("network:manage_member", args=[999999])).status_code == 404


def test_pages_that_change_things_refuse_a_get(client, lead, member):
    client.force_login(lead)
    for name in ["network:change_role", "network:record_consent", "network:make_lead"]:
        assert client.get(reverse(name, args=[member.pk])).status_code == 405

"""Who may open each pledge page: the cast from conftest.py against every pledge URL."""

import pytest
from django.urls import reverse

from tests import factories

CAST = ["anonymous", "member", "other_member", "project_lead", "staff_member", "lead"]


@pytest.fixture
def world(member):
    version = factories.PledgeVersionFactory()
    earlier = factories.PledgeVersionFactory(published_at=version.published_at.replace(year=version.published_at.year - 1))
    signature = factories.PledgeSignatureFactory(member=member, version=version)
    return {"version": version, "earlier": earlier, "signature": signature}


def _client_for(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("page", ["pledges:pledge", "pledges:version"])
def test_the_pledge_and_its_earlier_versions_are_public(client, request, world, who, page):
    args = [world["earlier"].pk] if page == "pledges:version" else []
    assert _client_for(client, request, who).get(reverse(page, args=args)).status_code == 200


def test_anonymous_visitors_cannot_change_a_wall_choice(client, world):
    response = client.post(reverse("pledges:wall_choice"), {"show_on_wall": "on"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("page", ["pledges:sign", "pledges:signed", "pledges:withdraw", "pledges:my_certificate"])
def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, world, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse(page)}"


@pytest.mark.parametrize("who", ["other_member", "project_lead", "staff_member", "lead"])
def test_any_signed_in_member_may_open_the_signing_page(client, request, world, who):
    assert _client_for(client, request, who).get(reverse("pledges:sign")).status_code == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("member", 200), ("other_member", 403), ("project_lead", 403), ("staff_member", 403), ("lead", 200)],
)
def test_a_certificate_is_for_its_member_and_the_leads_only(client, request, world, who, expected):
    response = _client_for(client, request, who).get(reverse("pledges:certificate", args=[world["signature"].pk]))
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("page", ["pledges:signed", "pledges:withdraw"])
def test_pages_about_your_own_signature_send_a_member_who_has_not_signed_back_to_the_pledge(
    client, other_member, world, page
):
    client.force_login(other_member)
    response = client.get(reverse(page))
    assert response.status_code == 302 and response["Location"] == reverse("pledges:pledge")


def test_no_pledge_address_carries_a_name_or_an_email(world):
    for url in (
        reverse("pledges:certificate", args=[world["signature"].pk]),
        reverse("pledges:version", args=[world["earlier"].pk]),
    ):
        assert "@" not in url and world["signature"].member.display_name.split()[0].lower() not in url.lower()

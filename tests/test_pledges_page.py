"""The public pledge page: the current text, how many have signed, and the wall of those who chose to be on it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pledges.views import WALL_PAGE_SIZE
from tests import factories

PLEDGE_URL = reverse("pledges:pledge")


@pytest.fixture
def version(db):
    return factories.PledgeVersionFactory(title="Our pledge", text="We will **share power**.")


def test_anyone_can_read_the_current_pledge_and_see_how_many_have_signed(client, version):
    factories.PledgeSignatureFactory.create_batch(3, version=version)
    response = client.get(PLEDGE_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>share power</strong>" in page
    assert "3 members have taken this pledge." in page
    assert page.count("<h1") == 1


def test_the_page_shows_the_latest_published_version_not_an_earlier_one_or_a_draft(client, db):
    factories.PledgeVersionFactory(text="The first words.", published_at=timezone.now() - dt.timedelta(days=60))
    factories.PledgeVersionFactory(text="The newest words.", published_at=timezone.now() - dt.timedelta(days=1))
    factories.PledgeVersionFactory(text="Words still being drafted.", published_at=None)
    factories.PledgeVersionFactory(text="Words for next week.", published_at=timezone.now() + dt.timedelta(days=7))
    page = client.get(PLEDGE_URL).content.decode()
    assert "The newest words." in page
    assert "The first words." not in page
    assert "still being drafted" not in page and "next week" not in page


def test_take_the_pledge_sends_a_visitor_to_sign_in_and_back(client, version):
    page = client.get(PLEDGE_URL).content.decode()
    assert f'href="{reverse("account_login")}?next={reverse("pledges:sign")}"' in page
    response = client.get(reverse("pledges:sign"))
    assert response.status_code == 302
    assert response["Location"] == f'{reverse("account_login")}?next={reverse("pledges:sign")}'


def test_the_wall_shows_only_members_who_opted_in(client, version):
    factories.PledgeSignatureFactory(
        version=version, show_on_wall=True, commitment="I will listen first.",
        member=factories.MemberFactory(display_name="Wanda Wall"),
    )
    factories.PledgeSignatureFactory(
        version=version, show_on_wall=False, commitment="I will bring biscuits.",
        member=factories.MemberFactory(display_name="Quinn Quiet"),
    )
    page = client.get(PLEDGE_URL).content.decode()
    assert "Wanda Wall" in page and "I will listen first." in page
    assert "Quinn Quiet" not in page and "biscuits" not in page
    assert "2 members have taken this pledge." in page


def test_the_wall_leaves_out_withdrawn_signatures_and_inactive_members(client, version):
    factories.PledgeSignatureFactory(
        version=version, show_on_wall=True, withdrawn_at=timezone.now(),
        member=factories.MemberFactory(display_name="Wes Withdrawn"),
    )
    factories.PledgeSignatureFactory(
        version=version, show_on_wall=True, member=factories.MemberFactory(display_name="Ida Inactive", is_active=False)
    )
    page = client.get(PLEDGE_URL).content.decode()
    assert "Wes Withdrawn" not in page and "Ida Inactive" not in page
    assert "0 members have taken this pledge." in page


def test_the_wall_shows_signatures_of_the_current_version_only(client, version):
    earlier = factories.PledgeVersionFactory(published_at=version.published_at - dt.timedelta(days=90))
    factories.PledgeSignatureFactory(
        version=earlier, show_on_wall=True, member=factories.MemberFactory(display_name="Ellie Earlier")
    )
    page = client.get(PLEDGE_URL).content.decode()
    assert "Ellie Earlier" not in page


def test_the_wall_is_split_into_pages(client, version):
    factories.PledgeSignatureFactory.create_batch(WALL_PAGE_SIZE + 2, version=version, show_on_wall=True)
    first = client.get(PLEDGE_URL)
    second = client.get(PLEDGE_URL, {"page": 2})
    assert len(first.context["wall"].object_list) == WALL_PAGE_SIZE
    assert len(second.context["wall"].object_list) == 2
    assert "Page 1</span>" in first.content.decode() and "Next page" in first.content.decode()
    assert "Next page" not in second.content.decode()
    assert client.get(PLEDGE_URL, {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_pledge_page_costs_the_same_queries_with_3_or_30_names_on_the_wall(client, version, who, member):
    if who == "member":
        client.force_login(member)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PLEDGE_URL).status_code == 200
        return len(queries)

    factories.PledgeSignatureFactory.create_batch(3, version=version, show_on_wall=True)
    with_three = count_queries()
    factories.PledgeSignatureFactory.create_batch(27, version=version, show_on_wall=True)
    assert count_queries() == with_three


def test_before_any_version_is_published_the_page_says_the_pledge_is_being_written(client, db):
    factories.PledgeVersionFactory(published_at=None)
    response = client.get(PLEDGE_URL)
    assert response.status_code == 200
    assert "We are writing our pledge together" in response.content.decode()


def test_earlier_versions_can_still_be_read(client, version):
    earlier = factories.PledgeVersionFactory(
        title="First pledge", text="The words we first agreed.", published_at=version.published_at - dt.timedelta(days=90)
    )
    page = client.get(PLEDGE_URL).content.decode()
    assert reverse("pledges:version", args=[earlier.pk]) in page
    earlier_page = client.get(reverse("pledges:version", args=[earlier.pk])).content.decode()
    assert "The words we first agreed." in earlier_page and "has been replaced" in earlier_page


def test_a_draft_cannot_be_read_by_guessing_its_number(client, version):
    draft = factories.PledgeVersionFactory(published_at=None, text="Secret draft.")
    assert client.get(reverse("pledges:version", args=[draft.pk])).status_code == 404


def test_a_member_who_signed_can_take_their_name_off_the_wall_and_put_it_back(client, member, version):
    signature = factories.PledgeSignatureFactory(member=member, version=version, show_on_wall=True)
    client.force_login(member)
    client.post(reverse("pledges:wall_choice"), {})
    signature.refresh_from_db()
    assert signature.show_on_wall is False
    assert "Mo Member" not in client.get(PLEDGE_URL).content.decode().split('id="wall-heading"')[1]
    client.post(reverse("pledges:wall_choice"), {"show_on_wall": "on"})
    signature.refresh_from_db()
    assert signature.show_on_wall is True


def test_changing_the_wall_choice_without_having_signed_changes_nothing(client, other_member, version):
    client.force_login(other_member)
    response = client.post(reverse("pledges:wall_choice"), {"show_on_wall": "on"}, follow=True)
    assert "You have not taken the current pledge yet." in response.content.decode()
    assert not version.signatures.exists()


def test_after_signing_in_the_visitor_comes_back_to_take_the_pledge(client, member, version):
    login_url = f'{reverse("account_login")}?next={reverse("pledges:sign")}'
    response = client.post(login_url, {"login": member.email, "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("pledges:sign")
    assert "I take the pledge" in client.get(response["Location"]).content.decode()

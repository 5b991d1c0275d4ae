"""A new version: earlier signers are invited to re-affirm, and the figures keep the versions apart."""

import datetime as dt

import pytest
from django.core import mail
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pledges.models import PledgeSignature
from pledges.selectors import pledge_figures
from tests import factories

BANNER_INCLUDE = '{% include "pledges/_reaffirm_banner.html" %}'
BANNER_WORDS = "Our pledge has changed."


@pytest.fixture
def first(db):
    return factories.PledgeVersionFactory(title="First pledge", published_at=timezone.now() - dt.timedelta(days=100))


@pytest.fixture
def second(first):
    return factories.PledgeVersionFactory(
        title="Second pledge",
        text="New words about sharing power.",
        what_changed="We added a line about **sharing power**.",
        published_at=timezone.now() - dt.timedelta(days=2),
    )


def _banner_for(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return engines["django"].from_string(BANNER_INCLUDE).render({}, request)


def test_a_member_who_signed_an_earlier_version_sees_a_banner_inviting_them_to_reaffirm(member, first, second):
    factories.PledgeSignatureFactory(member=member, version=first)
    banner = _banner_for(member)
    assert BANNER_WORDS in banner
    assert f'href="{reverse("pledges:sign")}"' in banner


@pytest.mark.parametrize("situation", ["signed_current", "never_signed", "withdrawn", "anonymous", "no_new_version"])
def test_nobody_else_sees_the_reaffirm_banner(member, first, situation):
    from django.contrib.auth.models import AnonymousUser

    user = member
    if situation != "no_new_version":
        second = factories.PledgeVersionFactory(published_at=timezone.now() - dt.timedelta(days=1))
    if situation == "signed_current":
        factories.PledgeSignatureFactory(member=member, version=first)
        factories.PledgeSignatureFactory(member=member, version=second)
    elif situation == "withdrawn":
        factories.PledgeSignatureFactory(member=member, version=first, withdrawn_at=timezone.now())
    elif situation == "anonymous":
        user = AnonymousUser()
    elif situation == "no_new_version":
        factories.PledgeSignatureFactory(member=member, version=first)
    assert BANNER_WORDS not in _banner_for(user)


def test_a_version_still_to_come_does_not_trigger_the_banner(member, first):
    factories.PledgeSignatureFactory(member=member, version=first)
    factories.PledgeVersionFactory(published_at=timezone.now() + dt.timedelta(days=3))
    assert BANNER_WORDS not in _banner_for(member)


def test_reaffirming_shows_what_changed_and_keeps_the_earlier_signature(
    client, member, first, second, django_capture_on_commit_callbacks
):
    earlier = factories.PledgeSignatureFactory(member=member, version=first, commitment="I will listen.", show_on_wall=True)
    client.force_login(member)
    page = client.get(reverse("pledges:sign")).content.decode()
    assert "Re-affirm the pledge" in page and "<strong>sharing power</strong>" in page
    assert "I will listen." in page  # their earlier commitment is offered again
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pledges:sign"), {"version": second.pk, "commitment": "I will listen.", "show_on_wall": "on"})
    assert response["Location"] == reverse("pledges:signed")
    assert PledgeSignature.objects.filter(member=member).count() == 2
    earlier.refresh_from_db()
    assert earlier.withdrawn_at is None
    assert "Thank you for re-affirming the pledge" in client.get(reverse("pledges:signed")).content.decode()
    assert "re-affirming" in mail.outbox[0].subject
    assert BANNER_WORDS not in _banner_for(member)


def test_the_pledge_page_invites_an_earlier_signer_to_reaffirm(client, member, first, second):
    factories.PledgeSignatureFactory(member=member, version=first)
    client.force_login(member)
    page = client.get(reverse("pledges:pledge")).content.decode()
    assert "Re-affirm the pledge" in page and "earlier version" in page


def test_figures_count_the_current_version_apart_from_earlier_ones(first, second):
    only_first = factories.PledgeSignatureFactory.create_batch(3, version=first)
    for signature in only_first[:1]:  # one of them re-affirmed
        factories.PledgeSignatureFactory(member=signature.member, version=second)
    factories.PledgeSignatureFactory.create_batch(2, version=second)  # newcomers
    factories.PledgeSignatureFactory(version=second, withdrawn_at=timezone.now())
    factories.PledgeSignatureFactory(version=first, member=factories.MemberFactory(is_active=False))
    figures = pledge_figures()
    assert figures.version == second
    assert figures.current == 3  # one re-affirmed, two new
    assert figures.earlier_only == 2  # still behind the first version only
    assert figures.reaffirmed == 1
    assert figures.total == 5


def test_figures_since_a_date_count_new_signatures_and_withdrawals_for_the_digest(first, second):
    week_ago = timezone.now() - dt.timedelta(days=7)
    factories.PledgeSignatureFactory(version=second, signed_at=timezone.now() - dt.timedelta(days=1))
    factories.PledgeSignatureFactory(version=second, signed_at=timezone.now() - dt.timedelta(days=1, hours=1))
    factories.PledgeSignatureFactory(version=first, signed_at=timezone.now() - dt.timedelta(days=30),
                                     withdrawn_at=timezone.now() - dt.timedelta(days=2))
    figures = pledge_figures(since=week_ago)
    assert figures.new_since == 2
    assert figures.withdrawn_since == 1


def test_figures_are_all_zero_before_any_pledge_is_published(db):
    figures = pledge_figures()
    assert figures.version is None and figures.current == 0 and figures.total == 0


def test_the_pledge_page_counts_the_current_version_apart_from_earlier_ones(client, first, second):
    factories.PledgeSignatureFactory.create_batch(2, version=first)
    factories.PledgeSignatureFactory(version=second)
    page = " ".join(client.get(reverse("pledges:pledge")).content.decode().split())
    assert "1 member has taken this pledge." in page
    assert "2 more took an earlier version and have not re-affirmed it yet." in page


def test_the_banner_asks_the_database_nothing_on_the_next_page_and_follows_every_change(
    member, first, django_assert_num_queries, monkeypatch
):
    factories.PledgeSignatureFactory(member=member, version=first)
    assert BANNER_WORDS not in _banner_for(member)
    with django_assert_num_queries(0):
        _banner_for(member)
    # A new version published for tomorrow takes over tomorrow, with nothing saved in between.
    factories.PledgeVersionFactory(title="Third pledge", published_at=timezone.now() + dt.timedelta(days=1))
    assert BANNER_WORDS not in _banner_for(member)
    in_two_days = timezone.now() + dt.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: in_two_days)
    assert BANNER_WORDS in _banner_for(member)
    # Re-affirming takes the banner away at once.
    from pledges.selectors import current_version
    from pledges.services import sign_pledge

    sign_pledge(member=member, version=current_version())
    assert BANNER_WORDS not in _banner_for(member)

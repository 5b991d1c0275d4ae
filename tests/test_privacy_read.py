"""What we hold about you, as a page: the same records as the download, in words, grouped as the profile page is,
ready to print. Nothing secret, nothing internal, nothing about anybody else."""

import pytest
from django.urls import reverse

from tests import factories
from tests.test_privacy_download import hold_something_of_every_kind


@pytest.fixture
def held(project, member, other_member, lead):
    """The same records as the download's tests, with needs and a phone number on the profile and an action."""
    hold_something_of_every_kind(project, member, other_member, lead)
    member.access_needs = ["step_free"]
    member.phone = "01632 960 111"
    member.save()
    factories.ActionFactory(project=project, owner=member, what="Ring the venue")
    return member


def _page(client, member):
    client.force_login(member)
    response = client.get(reverse("privacy:read"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_what_we_hold_in_words_grouped_as_the_profile_page_is(client, held):
    page = _page(client, held)
    headings = ["About you", "How we contact you", "What helps you take part", "What you agree to", "The pledge",
                "Your projects", "Your meetings", "Your actions", "Your reflections", "Emails we sent you"]
    places = [page.index(f">{heading}</h2>") for heading in headings]
    assert places == sorted(places)
    for words in ["Mo Member", "01632 960 111", "Step-free access", "On the sign-up form", "Phoned to say stop",
                  "Lena Lead", "I will listen first.", "Calmer waiting rooms", "Quiet corner planning", "Coming",
                  "I need to sit near the door", "Ring the venue", "We really are equals here.", "Meeting reminder"]:
        assert words in page, words


def test_the_page_shows_no_secret_nothing_internal_and_nothing_about_anybody_else(client, held, other_member):
    page = _page(client, held)
    assert "a-secret-feed-token-123456" not in page and held.password not in page
    assert "Said yes at the photo walk" not in page and other_member.email not in page
    assert "Superuser" not in page and "superuser" not in page


def test_the_page_can_be_printed_and_links_to_the_download(client, held):
    page = _page(client, held)
    assert "data-print-page" in page and "css/my-data.css" in page
    assert reverse("privacy:download") in page
    assert page.count("<h1") == 1


def test_the_profile_and_your_data_pages_link_to_it(client, member):
    client.force_login(member)
    for name in ("network:profile", "privacy:my_data"):
        assert reverse("privacy:read") in client.get(reverse(name)).content.decode(), name


def test_visitors_who_are_not_signed_in_are_asked_to_sign_in(client, db):
    response = client.get(reverse("privacy:read"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_what_a_member_brings_is_under_its_own_heading_with_who_may_see_each_piece(client, held):
    from network.what_i_bring import BringKind, TakingPart, WhatIBring, WhoMaySee

    WhatIBring.objects.create(member=held, kind=BringKind.LIVED_EXPERIENCE, text="Caring for my dad & his dementia",
                              who_may_see=WhoMaySee.LEADS)
    TakingPart.objects.create(member=held, ways=["talking"], who_may_see=WhoMaySee.DIRECTORY)
    page = _page(client, held)
    section = page[page.index(">What you bring</h2>"):page.index(">What you agree to</h2>")]
    assert "Caring for my dad &amp; his dementia" in section and "Only the co-production leads" in section
    assert "The ways you like to take part" in section and "Everyone in the member directory" in section
    assert "Other things we keep" not in page

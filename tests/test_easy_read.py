"""Easy Read mode (issue 20, line 1): a member or a visitor switches it on from any page; the key pages, the pledge
and the emails then come in Easy Read; a pledge version cannot be published without its Easy Read text."""

import pytest
from django.urls import reverse

from network.easy_read import COOKIE

pytestmark = pytest.mark.django_db

SWITCH = "network:easy_read"


def switch(client, choice, next_url="/about/"):
    return client.post(reverse(SWITCH), {"easy_read": choice, "next": next_url})


def is_easy_read(response):
    return 'class="easy-read-mode"' in response.content.decode()


# --- switching on and off ----------------------------------------------------------------------------------


def test_every_page_header_offers_easy_read(client):
    response = client.get(reverse("network:about"))
    assert b'name="easy_read" value="on"' in response.content
    assert ">Easy Read</button>" in response.content.decode()


def test_a_visitor_switches_easy_read_on_and_it_is_kept_in_a_cookie(client):
    response = switch(client, "on")
    assert response.status_code == 302 and response.url == "/about/"
    assert client.cookies[COOKIE].value == "on"
    page = client.get(reverse("network:about"))
    assert is_easy_read(page)
    assert "Standard words</button>" in page.content.decode()


def test_a_visitor_switches_easy_read_off_again(client):
    switch(client, "on")
    switch(client, "off")
    assert not is_easy_read(client.get(reverse("network:about")))


def test_a_member_who_switches_easy_read_on_keeps_it_on_their_account(client, member):
    client.force_login(member)
    switch(client, "on")
    member.refresh_from_db()
    assert member.easy_read is True
    # On another device, with no cookie: still Easy Read.
    other_device = type(client)()
    other_device.force_login(member)
    assert is_easy_read(other_device.get(reverse("network:about")))


def test_a_member_switches_easy_read_off_from_their_profile(client, member):
    member.easy_read = True
    member.save()
    client.force_login(member)
    profile = client.get(reverse("network:profile"))
    assert "Turn Easy Read off</button>" in profile.content.decode()
    switch(client, "off", next_url=reverse("network:profile"))
    member.refresh_from_db()
    assert member.easy_read is False


def test_an_odd_answer_changes_nothing_and_says_so(client, member):
    client.force_login(member)
    response = switch(client, "maybe")
    member.refresh_from_db()
    assert member.easy_read is False
    page = client.get(response.url)
    assert "We could not tell if you wanted Easy Read on or off" in page.content.decode()


def test_the_switch_never_sends_you_to_another_site(client):
    response = switch(client, "on", next_url="https://elsewhere.example/")
    assert response.url == reverse("home")


def test_the_switch_is_a_button_not_a_link(client):
    assert client.get(reverse(SWITCH)).status_code == 405


# --- the pledge: no Easy Read text, no publishing ----------------------------------------------------------


def add_version(client, **extra):
    from django.utils import timezone

    data = {"title": "New pledge", "text": "We will **share** power.", "easy_read_text": "", "what_changed": "",
            "published_at_0": timezone.localdate().isoformat(), "published_at_1": "00:00:00", **extra}
    return client.post(reverse("admin:pledges_pledgeversion_add"), data)


def test_a_lead_cannot_publish_a_pledge_version_without_its_easy_read_text(client, lead):
    from pledges.models import PledgeVersion

    client.force_login(lead)
    response = add_version(client)
    assert response.status_code == 200
    assert "Write the pledge in Easy Read before you publish it." in response.content.decode()
    assert not PledgeVersion.objects.exists()


def test_a_lead_can_keep_a_draft_without_easy_read_text_and_publish_it_once_written(client, lead):
    from pledges.models import PledgeVersion

    client.force_login(lead)
    assert add_version(client, published_at_0="", published_at_1="").status_code == 302
    draft = PledgeVersion.objects.get()
    versions = reverse("admin:pledges_pledgeversion_changelist")
    refused = client.post(versions, {"action": "publish_now", "_selected_action": [draft.pk]}, follow=True)
    assert "Not published, because it has no Easy Read text yet: New pledge." in refused.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published
    draft.easy_read_text = "We share power."
    draft.save()
    client.post(versions, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published

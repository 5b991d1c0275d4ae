"""One of each small thing: one kind of refusal (every exception a service raises to say no is a Refusal,
carrying words for the person), and one way to write a page's full address."""

import importlib

import pytest

from network.refusals import Refusal

SERVICES = ["network.services", "projects.services", "meetings.services", "pledges.services", "privacy.erasure"]


@pytest.mark.parametrize("module_name", SERVICES)
def test_every_refusal_a_service_defines_is_a_refusal_with_a_message(module_name):
    module = importlib.import_module(module_name)
    defined = [obj for obj in vars(module).values()
               if isinstance(obj, type) and issubclass(obj, Exception) and obj.__module__ == module_name]
    assert defined, module_name
    for refusal in defined:
        assert issubclass(refusal, Refusal), refusal
        assert str(refusal()), f"{refusal.__name__} has no words for the person"


def test_a_refusal_can_carry_its_own_words():
    assert str(Refusal("This meeting is full.")) == "This meeting is full."


def test_one_way_to_write_a_full_address(settings):
    from notifications.services import absolute_url

    settings.SITE_URL = "https://network.example"
    assert absolute_url("meetings:detail", pk=3) == "https://network.example/meetings/3/"
    assert absolute_url("/pledge/") == "https://network.example/pledge/"


def _email_templates(suffix):
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    return sorted(p for p in root.glob(f"*/email/*{suffix}")
                  if not p.name.startswith("_") and not p.name.endswith("_subject.txt")
                  and p.name not in {"base.html", "footer.txt", "base_message.html", "base_message.txt"})


def test_every_html_email_is_drawn_in_the_one_email_layout():
    templates = _email_templates(".html")
    assert len(templates) > 20
    layouts = ('{% extends "notifications/email/base.html" %}', '{% extends "account/email/base_message.html" %}')
    outside = [p.name for p in templates if not p.read_text().startswith(layouts)]
    assert outside == []


def test_a_meeting_invitation_ends_with_the_one_footer_in_text_and_in_html(member, settings):
    from notifications.services import render_email

    settings.NETWORK_CONTACT_EMAIL = "hello@network.example"
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(title="Carers' voices & <friends>")
    message = render_email(template="meetings/email/invitation", to=[member.email],
                           context={"member": member, "meeting": meeting, "agenda": [], "meeting_url": "/m/"},
                           preference="wants_meeting_reminders", member_id=member.pk)
    text, html = message.body, message.alternatives[0][0]
    assert text.rstrip().splitlines()[-3:] == [
        f"{settings.NETWORK_NAME} · hello@network.example",
        f"Choose which emails you get: {settings.SITE_URL}/notifications/preferences/",
        f"Stop these emails: {message.extra_headers['List-Unsubscribe'][1:-1]}",
    ]
    assert "Carers' voices & <friends>" in text and "&#x27;" not in text
    assert html.count("<html") == 1 and "Choose which emails you get" in html and "Carers&#x27; voices &amp; &lt;friends&gt;" in html

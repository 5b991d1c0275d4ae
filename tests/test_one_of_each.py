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

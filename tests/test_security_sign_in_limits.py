"""Sign-in limits that a shared address cannot turn against everyone.

Behind a reverse proxy every visitor arrives from the proxy's address. Wrong passwords count against the account
tried, so a stranger's guesses never stop anyone else signing in; the attacked account itself waits after five.
The visitor's own address is read from the proxy's header only when TRUSTED_PROXY_HEADER is set, and only from
the proxy (FORWARDED_ALLOW_IPS); a made-up header from anyone else changes nothing.
"""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from network import services
from network.client_address import client_address
from tests import factories
from tests.factories import PASSWORD
from tests.services import need, redis_answers, redis_url

BEHIND_PROXY = override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP", TRUSTED_PROXY_ADDRESSES=["10.0.0.0/8"])
PROXY = "10.0.0.2"
GUESSES = 12  # more than the ten a minute from one address that used to shut everyone out


def _sign_in(client, email, password, **where):
    response = client.post(reverse("account_login"), {"login": email, "password": password}, **where)
    return "_auth_user_id" in client.session, response


@pytest.fixture
def alice(db):
    return factories.MemberFactory(email="alice@example.org")


@pytest.fixture
def bob(db):
    return factories.MemberFactory(email="bob@example.org")


def test_after_a_strangers_guesses_on_a_shared_address_someone_else_still_signs_in(alice, bob):
    stranger = Client()
    for n in range(GUESSES):
        target = "alice@example.org" if n % 2 else f"nobody{n}@example.org"
        assert _sign_in(stranger, target, "wrong password 1")[0] is False
    assert _sign_in(Client(), "bob@example.org", PASSWORD)[0] is True


def test_the_attacked_account_waits_after_five_wrong_passwords_even_for_the_right_one(alice):
    stranger = Client()
    for _ in range(5):
        signed_in, response = _sign_in(stranger, "alice@example.org", "wrong password 1")
        assert not signed_in and "too many tries" not in response.content.decode()
    signed_in, response = _sign_in(Client(), "alice@example.org", PASSWORD)
    # Otherwise the sixth guess would tell a guesser whether it was right.
    assert not signed_in and "There have been too many tries" in response.content.decode()


def test_a_right_password_does_not_count_as_a_failure(alice):
    for _ in range(10):
        assert _sign_in(Client(), "alice@example.org", PASSWORD)[0] is True


def test_the_limits_are_kept_in_the_cache(alice):
    for _ in range(5):
        _sign_in(Client(), "alice@example.org", "wrong password 1")
    assert _sign_in(Client(), "alice@example.org", PASSWORD)[0] is False
    cache.clear()  # Redis in production, shared by every web process
    assert _sign_in(Client(), "alice@example.org", PASSWORD)[0] is True


def test_in_production_the_limits_live_in_redis_for_every_web_process(alice):
    url = redis_url()
    need(redis_answers(url), "needs Redis (REDIS_URL)")
    import redis

    redis_cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    with override_settings(CACHES=redis_cache):
        cache.clear()
        try:
            for _ in range(5):
                _sign_in(Client(), "alice@example.org", "wrong password 1")
            assert redis.Redis.from_url(url).keys("*login_failed_here*")
            assert _sign_in(Client(), "alice@example.org", PASSWORD)[0] is False
        finally:
            cache.clear()


@BEHIND_PROXY
def test_behind_the_proxy_a_guesser_elsewhere_does_not_lock_the_owner_out(alice):
    stranger = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.9")
    for _ in range(GUESSES):
        assert _sign_in(stranger, "alice@example.org", "wrong password 1")[0] is False
    assert _sign_in(stranger, "alice@example.org", PASSWORD)[0] is False  # the guesser is stopped
    owner = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.4")
    assert _sign_in(owner, "alice@example.org", PASSWORD)[0] is True


@BEHIND_PROXY
def test_guesses_spread_over_many_addresses_still_lock_the_account(alice):
    for n in range(20):
        guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=f"203.0.113.{n + 1}")
        assert _sign_in(guesser, "alice@example.org", "wrong password 1")[0] is False
    owner = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.4")
    assert _sign_in(owner, "alice@example.org", PASSWORD)[0] is False


def test_without_a_configured_proxy_header_a_made_up_one_is_ignored(alice):
    for n in range(5):
        _sign_in(Client(HTTP_X_REAL_IP=f"203.0.113.{n + 1}"), "alice@example.org", "wrong password 1")
    # Five addresses made up by one guesser are still one address: the guesser is stopped.
    assert _sign_in(Client(HTTP_X_REAL_IP="198.51.100.4"), "alice@example.org", PASSWORD)[0] is False


@BEHIND_PROXY
def test_the_header_is_believed_only_from_the_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.50", HTTP_X_REAL_IP="203.0.113.9")
    assert client_address(request) == "192.0.2.50"
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"


@override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Forwarded-For", TRUSTED_PROXY_ADDRESSES=["*"])
def test_from_x_forwarded_for_only_the_address_the_proxy_added_counts():
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"
    nonsense = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not an address")
    assert client_address(nonsense) == PROXY


@BEHIND_PROXY
def test_the_contact_form_limit_counts_the_visitor_not_the_proxy(db):
    message = {"name": "Pat", "email": "pat@example.org", "phone": "", "message": "Hello"}
    busy = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.9")
    for _ in range(services.ENQUIRIES_PER_HOUR):
        assert busy.post(reverse("network:contact"), message).status_code == 302
    assert busy.post(reverse("network:contact"), message).status_code == 429
    someone_else = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.4")
    assert someone_else.post(reverse("network:contact"), message).status_code == 302

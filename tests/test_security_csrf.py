"""Cross-site request forgery: every URL refuses a POST without the CSRF token, and every form carries one.

Data-driven over the same URL walk as tests/test_security_urls.py, so new forms are covered the day they land.
A view may only skip the check if CSRF_EXEMPT says why.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests import test_security_urls
from tests.factories import PASSWORD
from tests.test_security_urls import addresses, answer, client_for

world = test_security_urls.world  # the same small world as the URL walk (a fixture)

# URL name → why it is safe without a CSRF token.
CSRF_EXEMPT = {
    "notifications:unsubscribe": "RFC 8058 one-click unsubscribe: mail clients post without a session; a signed token is the proof",
}


def refused_for_csrf(response):
    return response.status_code == 403 and b"CSRF" in response.content


@pytest.mark.parametrize("who", ["anonymous", "member", "lead"])
def test_every_url_refuses_a_post_without_the_csrf_token(who, world):
    person = world.person(who)
    problems = []
    for name, address, _why in addresses(world):
        if address is None or name in CSRF_EXEMPT:
            continue
        client = client_for(person, enforce_csrf_checks=True)
        answer(client, "get", address)  # a CSRF cookie, like someone lured from an open tab; errors: the URL walk
        response = client.post(address, {"anything": "x"})
        if not refused_for_csrf(response):
            problems.append(f"POST {address} ({name}) as {who} without a token answered {response.status_code}")
    assert not problems, "\n".join(problems)


def test_views_listed_as_csrf_exempt_really_are_and_still_exist(world):
    built = {name: address for name, address, _ in addresses(world) if address}
    for name in CSRF_EXEMPT:
        assert name in built, f"CSRF_EXEMPT names {name}, which is not a URL any more"
        response = Client(enforce_csrf_checks=True).post(built[name])
        assert not refused_for_csrf(response), f"{name} is listed as exempt but refuses posts without a token"


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []  # [(method, action, has_token)]
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = [(attrs.get("method") or "get").lower(), attrs.get("action") or "", False]
        elif tag == "input" and self._current is not None and attrs.get("name") == "csrfmiddlewaretoken":
            self._current[2] = True

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append(tuple(self._current))
            self._current = None


def post_forms(html):
    parser = _Forms()
    parser.feed(html)
    return [form for form in parser.forms if form[0] == "post"]


@pytest.mark.parametrize("who", ["anonymous", "member", "project_lead", "lead"])
def test_every_post_form_on_every_page_carries_the_csrf_token(who, world):
    person = world.person(who)
    problems, seen = [], 0
    for name, address, _why in addresses(world):
        if address is None:
            continue
        response, _error = answer(client_for(person), "get", address)  # server errors: the URL walk reports them
        if response is None or response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for _method, action, has_token in post_forms(response.content.decode()):
            seen += 1
            if not has_token and not action.startswith(("http://", "https://")):
                problems.append(f"{address} ({name}) as {who}: a form posting to {action or 'itself'} has no token")
    assert seen, "the walk found no forms at all: the parser is broken"
    assert not problems, "\n".join(problems)


def test_a_form_sent_with_its_own_token_is_accepted(db):
    # The other half: the check refuses forgeries, not members. Sign-in with the token from the page works.
    from tests import factories

    factories.MemberFactory(email="real.person@example.org")
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {"login": "real.person@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session

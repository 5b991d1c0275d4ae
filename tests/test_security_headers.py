"""Security headers on every page, markup the Content Security Policy allows, and HSTS in production mode."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import test_security_urls
from tests.test_security_urls import addresses, answer, client_for

BASE_DIR = Path(__file__).resolve().parent.parent
world = test_security_urls.world  # the URL walk's small world (a fixture)


def test_the_home_page_sends_the_security_headers(client, db):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_the_content_security_policy_allows_no_inline_script_or_style(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name] and "'unsafe-eval'" not in directives[name]


INLINE_STYLE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def csp_breaking_markup(html, nonce):
    """What in this page the browser would block under our policy."""
    found = []
    if INLINE_STYLE.search(html):
        found.append("an inline style= attribute: " + INLINE_STYLE.search(html).group(0)[:120])
    if INLINE_HANDLER.search(html):
        found.append("an inline event handler: " + INLINE_HANDLER.search(html).group(0)[:120])
    for attrs in SCRIPT_TAG.findall(html):
        allowed = nonce is not None and f'nonce="{nonce}"' in attrs
        if "src=" not in attrs and not allowed and "application/json" not in attrs:
            found.append(f"a <script{attrs}> without src or this response's nonce")
    return found


@pytest.mark.parametrize("who", ["anonymous", "member", "project_lead", "lead"])
def test_every_page_sends_the_headers_and_only_markup_the_policy_allows(who, world):
    person = world.person(who)
    problems, pages = [], 0
    for name, address, _why in addresses(world):
        if address is None:
            continue
        response, _error = answer(client_for(person), "get", address)  # server errors: the URL walk reports them
        if response is None:
            continue
        for header in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
            if header not in response:
                problems.append(f"{address} ({name}): no {header} header")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        policy = response.get("Content-Security-Policy", "")
        if not policy:
            problems.append(f"{address} ({name}): no Content-Security-Policy header")
            continue
        used = re.search(r"'nonce-([^']+)'", policy)
        nonce = used.group(1) if used else None
        for problem in csp_breaking_markup(response.content.decode(), nonce):
            problems.append(f"{address} ({name}) as {who}: {problem}")
    assert pages > 5, "the walk reached almost no pages"
    assert not problems, "\n".join(problems)


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
secure = Client().get("/healthz", secure=True)
plain = Client().get("/healthz")
print(json.dumps({
    "secure_headers": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


@pytest.fixture(scope="module")
def production_answers():
    """Run a request in a separate process started in production mode (DJANGO_PRODUCTION=1)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coproduction.settings",
        "DJANGO_PRODUCTION": "1",
        "DJANGO_TESTING": "0",
        "DJANGO_SECRET_KEY": "production-probe-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_mode_sends_strict_transport_security_for_a_year_with_subdomains(production_answers):
    hsts = production_answers["secure_headers"]["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 31_536_000
    assert "includeSubDomains" in hsts


def test_production_mode_sends_plain_http_to_https(production_answers):
    assert production_answers["plain_status"] == 301
    assert production_answers["plain_location"].startswith("https://")


def test_production_mode_keeps_cookies_to_https_and_upgrades_insecure_requests(production_answers):
    assert production_answers["session_cookie_secure"] and production_answers["csrf_cookie_secure"]
    assert "upgrade-insecure-requests" in production_answers["secure_headers"]["Content-Security-Policy"]


def test_development_mode_sends_no_strict_transport_security(client, db):
    # HSTS on localhost would pin browsers to https for a site that has none.
    assert "Strict-Transport-Security" not in client.get("/", secure=True)

"""The web server's logs hold no personal data and no secret: no query string, visitor address, referring page or
browser, and no token or key from a calendar feed, invitation, unsubscribe, password-reset or email-confirmation
address (a real gunicorn, as in production, following the links in the emails the site really sends)."""

import http.client
import re
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coproduction.gunicorn_logging import private_path
from coproduction.private_paths import SECRET_ARGUMENTS
from tests.services import BASE_DIR, celery_env, stop_process, wait_for

TOKEN = "Tok3nThatMustNotBeLogged"
RESET_KEY = "cq3x8z-9a4c92ea9c413ef707cf9638ae541dbb"

# URL arguments that name something public (a project's slug, a row's number): logged as they are.
HARMLESS_ARGUMENTS = {"slug", "pk", "app_label", "object_id", "content_type_id", "url", "id",
                      "kind", "action",  # involvement: line or record; decline, paid or correct
                      "year"}  # a tax year


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("meetings:feed", {"token": TOKEN}),
        ("notifications:unsubscribe", {"token": TOKEN}),
        ("network:accept_invitation", {"token": TOKEN}),
        ("account_confirm_email", {"key": "MQ:1tXyZa:IXNyLSuOARdo13bnvbYxkyFBgQer8AWE_eb8xUwhpyE"}),
        ("account_confirm_email", {"key": "short"}),
    ],
)
def test_a_secret_in_a_path_is_left_out_of_the_log(name, kwargs):
    path = reverse(name, kwargs=kwargs)
    (secret,) = kwargs.values()
    logged = private_path(path)
    assert secret not in logged and logged == path.replace(secret, "…")


def test_a_password_reset_link_loses_both_the_account_number_and_the_key():
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "3f", "key": RESET_KEY})
    assert private_path(path) == "/accounts/password/reset/key/…-…/"
    # Where allauth sends the person next, with the key kept in their session.
    assert private_path("/accounts/password/reset/key/3f-set-password/") == "/accounts/password/reset/key/…-…/"


def test_a_secret_is_hidden_even_when_the_address_is_mistyped():
    token = secrets.token_urlsafe(32)
    assert private_path(f"/invitations/{TOKEN}") == "/invitations/…"  # redirected to the address with a slash
    assert private_path(f"/invitation/{token}/") == "/invitation/…/"
    assert private_path(f"/accounts/confirm-email/{RESET_KEY}/extra/") == "/accounts/confirm-email/…/extra/"
    assert private_path(f"/meetings/calendar/{secrets.token_hex(16)}") == "/meetings/calendar/…"


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/calendar/",
        "/meetings/calendar/new-address/",
        "/projects/quiet-rooms/members/",
        "/projects/calmer-waiting-rooms-in-the-outpatients/",
        "/projects/2026-spring-network-meeting-minutes/actions/",
        "/projects/easy-read-guide-for-people-with-learning-disabilities-2026/",
        "/projects/covid19-vaccine-clinics-for-carers-2021/",
        "/static/bootstrap/css/bootstrap.min.css",
        "/admin/network/member/12/change/",
    ],
)
def test_ordinary_paths_are_logged_as_they_are(path):
    assert private_path(path) == path


def test_every_url_argument_is_either_a_secret_or_known_to_be_harmless():
    names = set()

    def walk(patterns):
        for pattern in patterns:
            names.update(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            else:
                assert isinstance(pattern, URLPattern)

    walk(get_resolver().url_patterns)
    assert SECRET_ARGUMENTS <= names
    row_numbers = {name for name in names if name.endswith("_id")}
    assert names - SECRET_ARGUMENTS - row_numbers <= HARMLESS_ARGUMENTS, "a new URL argument: is it a secret?"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def _reachable(port):
    try:
        return _get(port, "/healthz") in (200, 503)
    except OSError:
        return False


@pytest.fixture
def gunicorn_site(tmp_path):
    """A real gunicorn serving the site from a database of its own, writing each email it sends to a file."""
    port = _free_port()
    env = celery_env(COPRODUCTION_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                     REDIS_URL=None, EMAIL_URL=None, EMAIL_TO_FILES="1")
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=BASE_DIR, env=env, check=True)
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    with open(access_log, "wb") as out, open(error_log, "wb") as err:
        # The repository's gunicorn.conf.py is read from the working directory, as in docker-compose.yml.
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "coproduction.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=err, start_new_session=True,
        )
        try:
            wait_for(lambda: _reachable(port), timeout=30, message="gunicorn to answer")
            yield Site(port, access_log, error_log, tmp_path / "mail")
        finally:
            stop_process(server)


class Site:
    def __init__(self, port, access_log, error_log, mail_dir):
        self.port, self.access_log, self.error_log, self.mail_dir = port, access_log, error_log, mail_dir

    def browser(self):
        return Browser(f"http://127.0.0.1:{self.port}")

    def link_in_new_email(self, pattern, seen):
        """The path of the first link matching pattern in an email not yet seen, once the site has written it."""

        def find():
            for message in sorted(self.mail_dir.glob("*")) if self.mail_dir.exists() else []:
                if message.name not in seen:
                    found = re.search(rf"https?://[^/\s]+({pattern})", _text_of(message))
                    if found:
                        seen.add(message.name)
                        return found.group(1)
            return None

        return wait_for(find, timeout=10, message=f"an email with a link like {pattern}")

    def logs(self, lines):
        wait_for(lambda: self.access_log.read_text().count("\n") >= lines, timeout=10, message="the access log lines")
        return self.access_log.read_text(), self.error_log.read_text()


def _text_of(mail_file):
    # Each file holds one email as a person reads it, plain words first (coproduction/dev_email.py).
    return mail_file.read_text()


class Browser:
    """Just enough of a browser: keeps cookies, follows redirects, posts forms with their CSRF token."""

    def __init__(self, base):
        self.base, self.cookies = base, CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 - always our local gunicorn

    def post(self, path, data):
        csrf = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **data}).encode()
        return self._open(urllib.request.Request(self.base + path, data=body))  # noqa: S310 - as above

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, urllib.parse.urlsplit(response.url).path, response.read().decode()
        except urllib.error.HTTPError as refusal:
            return refusal.code, urllib.parse.urlsplit(refusal.url).path, refusal.read().decode()


def test_gunicorn_logs_when_what_page_and_the_answer_but_nothing_personal(gunicorn_site):
    port = gunicorn_site.port
    _get(port, "/healthz?q=Priya+Patel", Referer="http://localhost/members/?q=Priya", **{"User-Agent": "Priya's phone"})
    _get(port, f"/meetings/calendar/{TOKEN}.ics")
    _get(port, f"/invitations/{TOKEN}/")
    access, errors = gunicorn_site.logs(4)
    assert '"GET /healthz HTTP/1.1"' in access
    assert '"GET /meetings/calendar/….ics HTTP/1.1" 404' in access
    # Django's own warning about the unknown invitation goes to the error log, with the token hidden there too.
    assert "Not Found: /invitations/…/" in errors
    for secret in ("Priya", "Patel", TOKEN, "phone"):
        assert secret not in access + errors, secret
    assert "127.0.0.1" not in access  # the visitor's address (the error log says where gunicorn listens)


def test_the_keys_in_real_confirmation_and_password_reset_emails_never_reach_the_logs(gunicorn_site):
    address, seen = "priya.patel@example.org", set()
    visitor = gunicorn_site.browser()
    visitor.get("/accounts/signup/")
    status, landed, _ = visitor.post("/accounts/signup/", {
        "email": address, "password1": "a long pass phrase 2026", "password2": "a long pass phrase 2026",
        "display_name": "Priya", "role": "carer",
    })
    assert (status, landed) == (200, "/accounts/confirm-email/")

    confirm = gunicorn_site.link_in_new_email(r"/accounts/confirm-email/[^/\s]+/", seen)
    assert visitor.get(confirm)[0] == 200
    assert visitor.post(confirm, {})[:2] == (200, "/")  # confirmed, and signed in

    forgetful = gunicorn_site.browser()
    forgetful.get("/accounts/password/reset/")
    asked = forgetful.post("/accounts/password/reset/", {"email": address})
    assert asked[:2] == (200, "/accounts/password/reset/done/")
    reset = gunicorn_site.link_in_new_email(r"/accounts/password/reset/key/[^/\s]+/", seen)
    status, form_page, _ = forgetful.get(reset)
    assert status == 200 and form_page.endswith("-set-password/")
    new_password = "another pass phrase 2026"
    changed = forgetful.post(form_page, {"password1": new_password, "password2": new_password})
    assert changed[:2] == (200, "/accounts/password/reset/key/done/")

    access, errors = gunicorn_site.logs(10)
    assert '"POST /accounts/confirm-email/…/ HTTP/1.1" 302' in access
    assert '"GET /accounts/password/reset/key/…-…/ HTTP/1.1" 302' in access
    confirmation_key = confirm.split("/")[-2]
    reset_id, reset_key = reset.split("/")[-2].split("-", 1)
    for secret in (confirmation_key, reset_key, f"/{reset_id}-", address, "priya.patel"):  # the id as in a link
        assert secret not in access + errors, secret

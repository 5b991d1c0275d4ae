"""The web server's access log holds no personal data: no query string, visitor address, referring page, browser,
and no secret from a calendar feed, invitation or unsubscribe address (a real gunicorn, as in production)."""

import http.client
import socket
import subprocess
import sys

import pytest
from django.urls import reverse

from coproduction.gunicorn_logging import private_path
from tests.services import BASE_DIR, celery_env, stop_process, wait_for

TOKEN = "Tok3nThatMustNotBeLogged"


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("meetings:feed", {"token": TOKEN}),
        ("notifications:unsubscribe", {"token": TOKEN}),
        ("network:accept_invitation", {"token": TOKEN}),
    ],
)
def test_a_secret_in_a_path_is_left_out_of_the_log(name, kwargs):
    path = reverse(name, kwargs=kwargs)
    logged = private_path(path)
    assert TOKEN not in logged and logged == path.replace(TOKEN, "…")


def test_ordinary_paths_are_logged_as_they_are():
    for path in ("/meetings/calendar/", "/meetings/calendar/new-address/", "/projects/quiet-rooms/members/"):
        assert private_path(path) == path


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


def test_gunicorn_logs_when_what_page_and_the_answer_but_nothing_personal(tmp_path):
    port = _free_port()
    log = tmp_path / "access.log"
    env = celery_env(COPRODUCTION_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                     REDIS_URL=None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=BASE_DIR, env=env, check=True)
    with open(log, "wb") as out:
        # The repository's gunicorn.conf.py is read from the working directory, as in docker-compose.yml.
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "coproduction.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            wait_for(lambda: _reachable(port), timeout=30, message="gunicorn to answer")
            _get(port, "/healthz?q=Priya+Patel", Referer="http://localhost/members/?q=Priya", **{"User-Agent": "Priya's phone"})
            _get(port, f"/meetings/calendar/{TOKEN}.ics")
            wait_for(lambda: log.read_text().count("\n") >= 3, timeout=10, message="the access log lines")
        finally:
            stop_process(server)
    lines = log.read_text()
    assert '"GET /healthz HTTP/1.1"' in lines
    assert '"GET /meetings/calendar/….ics HTTP/1.1" 404' in lines
    for secret in ("Priya", "Patel", TOKEN, "127.0.0.1", "phone"):
        assert secret not in lines, secret


def _reachable(port):
    try:
        return _get(port, "/healthz") in (200, 503)
    except OSError:
        return False

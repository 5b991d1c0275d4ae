"""When the database drops its connections in the middle of a request, people get the site's own "please try again"
page (503, with Retry-After) rather than a bare error, the next request works again, and /healthz keeps answering.

The last test runs a real gunicorn on PostgreSQL (persistent connections, CONN_MAX_AGE and health checks as in
production) and kills every connection it holds, several times, while members load their pages.
"""

import http.client
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from coproduction import errors
from tests import factories
from tests.services import celery_env, need, stop_process, wait_for

BASE_DIR = Path(__file__).resolve().parent.parent
TRY_AGAIN_MARKER = 'data-page="try-again"'


def _drop_the_connection(monkeypatch, error):
    def lost(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr("front.views.current_signature_count", lost)  # the visitor's home asks for it
    monkeypatch.setattr("front.selectors.member_home", lost)  # and a signed-in member's home for this


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_that_loses_the_database_shows_our_try_again_page_with_a_503(error, member, monkeypatch):
    _drop_the_connection(monkeypatch, error)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.get("/?from=somewhere")
    text = response.content.decode()
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert TRY_AGAIN_MARKER in text and "Please try again in a minute" in text
    assert "Nothing already saved has been lost" in text
    assert 'href="/?from=somewhere"' in text  # the "Try again" button reloads the same page
    assert "Server Error" not in text and "no-store" in response["Cache-Control"]


def test_the_try_again_page_is_drawn_without_the_database(rf, db, django_assert_num_queries):
    request = rf.get("/projects/")
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError:
        with django_assert_num_queries(0):
            response = errors.server_error(request)
    assert response.status_code == 503 and TRY_AGAIN_MARKER in response.content.decode()


def test_any_other_server_error_shows_our_own_page_in_plain_words_not_a_bare_error(member, monkeypatch):
    _drop_the_connection(monkeypatch, ZeroDivisionError)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 500 and "Sorry, something went wrong" in text
    assert "Server Error (500)" not in text and TRY_AGAIN_MARKER not in text


# --- a real server, real connections killed ---------------------------------------------------------------------

PAGES = ["/", "/projects/", "/members/", "/meetings/", "/profile/", "/pledge/", "/projects/my-actions/"]
THREADS, ROUNDS_PER_THREAD, KILLS = 4, 30, 5


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port, path, cookie=""):
    """(status, headers, text) of one GET, on a new connection (as a browser tab would)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


def _answers(port):
    try:
        return _get(port, "/healthz")[0] in (200, 503)
    except OSError:
        return False


@pytest.fixture
def gunicorn_on_postgres(transactional_db, tmp_path):
    """A real gunicorn (2 workers × 3 threads, each thread keeping its connection) on this test's PostgreSQL
    database."""
    need(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    if settings.get("PASSWORD"):
        database_url = database_url.replace("@", f":{settings['PASSWORD']}@", 1)
    port = _free_port()
    env = celery_env(COPRODUCTION_VAR_DIR=str(tmp_path), DATABASE_URL=database_url, DATABASE_CONN_MAX_AGE="60")
    log = open(tmp_path / "gunicorn.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "coproduction.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--threads", "3", "--timeout", "60"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: _answers(port), timeout=30, message="gunicorn to answer")
        yield port
    finally:
        stop_process(server)
        log.close()


def _kill_the_sites_connections():
    """What a database restart or a failover does to the site: every connection but this test's own is cut."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return sum(1 for (killed,) in cursor.fetchall() if killed)


def _session_cookie(member):
    client = Client()
    client.force_login(member)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.mark.postgres
def test_members_loading_pages_while_the_database_cuts_every_connection_see_their_page_or_try_again(
    gunicorn_on_postgres,
):
    port = gunicorn_on_postgres
    members = [factories.MemberFactory(display_name=f"Member {n}", in_directory=True) for n in range(THREADS)]
    factories.PledgeVersionFactory()
    factories.ProjectFactory(title="Calmer waiting rooms")
    cookies = [_session_cookie(m) for m in members]
    for page in PAGES:  # every page works before anything is cut (and each thread holds a connection)
        assert _get(port, page, cookies[0])[0] == 200, page

    answers, lock, failures = [], threading.Lock(), []

    def load_pages(cookie):
        for n in range(ROUNDS_PER_THREAD):
            path = PAGES[n % len(PAGES)]
            try:
                status, headers, text = _get(port, path, cookie)
            except OSError as error:
                failures.append(f"{path}: no answer at all ({error})")
                return
            with lock:
                answers.append((path, status, headers, text))

    threads = [threading.Thread(target=load_pages, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    killed = 0
    for round_ in range(KILLS):
        # Wait until the members have loaded a few more pages, so each cut falls among requests in progress.
        wait_for(lambda r=round_: len(answers) >= (r + 1) * 8 or not any(t.is_alive() for t in threads), timeout=60)
        killed += _kill_the_sites_connections()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert killed >= KILLS, f"only {killed} of the site's connections were cut"
    wrong, tried_again = [], 0
    for path, status, headers, text in answers:
        if status == 503 and TRY_AGAIN_MARKER in text and int(headers.get("Retry-After", "0")) > 0:
            tried_again += 1
        elif status != 200:
            wrong.append(f"{path}: {status} {text[:200]!r}")
    assert len(answers) == THREADS * ROUNDS_PER_THREAD
    assert not wrong, f"{len(wrong)} answers were neither the page nor 'try again':\n" + "\n".join(wrong)
    # Afterwards every page works again at once, and the health check says the database is fine.
    for page in PAGES:
        assert _get(port, page, cookies[0])[0] == 200, page
    _kill_the_sites_connections()
    status, _headers, text = _get(port, "/healthz")
    assert status == 200 and '"database": "ok"' in text, text
    print(f"{len(answers)} answers, {tried_again} of them 'try again', {killed} connections cut")  # noqa: T201

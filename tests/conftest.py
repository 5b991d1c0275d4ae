"""The cast every permission test uses, and the real services the integration tests need.

The cast (one line each on what they may do):
- lead: a co-production lead — runs meetings in the admin, manages every project and member, exports anything.
- project_lead: leads `project` — approves joins, moves its stage, records actions and impact.
- member: an active member of `project` — sees its internal pages, joins, RSVPs, reflects; cannot move stages.
- other_member: a member of `other_project` only — sees `project`'s summary, nothing internal.
- staff_member: a member of `project` whose role is staff and whom a lead let download project records — may
  export `project`'s record (the power, not the role, is what lets them).
- offline_member: no email, no sign-in — recorded by a lead; cannot sign in at all.
- anonymous: not signed in — sees the public pages only.
"""

import pytest
from django.db import connection

from network.models import Power, Role
from tests import factories
from tests.services import chromium_available, need, redis_answers, redis_url


@pytest.fixture
def tasks_run_at_once():
    """Celery tasks run in the test's own process as soon as they are queued (for tests of what they send)."""
    from coproduction.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def lead(db):
    return factories.LeadFactory(display_name="Lena Lead", role=Role.SERVICE_USER)


@pytest.fixture
def project(db):
    return factories.ProjectFactory(title="Calmer waiting rooms")


@pytest.fixture
def other_project(db):
    return factories.ProjectFactory(title="Walking group")


@pytest.fixture
def project_lead(project):
    m = factories.MemberFactory(display_name="Pat Projectlead", role=Role.CARER)
    factories.ProjectMembershipFactory(member=m, project=project, is_project_lead=True)
    return m


@pytest.fixture
def member(project):
    m = factories.MemberFactory(display_name="Mo Member", role=Role.SERVICE_USER)
    factories.ProjectMembershipFactory(member=m, project=project)
    return m


@pytest.fixture
def other_member(other_project):
    m = factories.MemberFactory(display_name="Olu Other", role=Role.VOLUNTEER)
    factories.ProjectMembershipFactory(member=m, project=other_project)
    return m


@pytest.fixture
def staff_member(project):
    m = factories.MemberFactory(display_name="Sam Staff", role=Role.STAFF)
    factories.ProjectMembershipFactory(member=m, project=project)
    factories.grant_power(m, Power.EXPORT_PROJECT_RECORDS)
    return m


@pytest.fixture
def offline_member(db):
    return factories.OfflineMemberFactory(display_name="Olive Offline", role=Role.CARER)


@pytest.fixture
def postgres(db):
    need(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")
    return connection


@pytest.fixture
def redis_broker_url():
    """The test Redis database, emptied first: tasks queued by earlier tests must not reach this test's worker."""
    import redis

    url = redis_url()
    need(redis_answers(url), "needs a Redis server: set REDIS_URL=redis://…")
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def worker_and_mail(postgres, redis_broker_url, tmp_path):
    """A Celery worker process on the test database and broker, sending through an SMTP server on loopback (whose
    handler is yielded). REDIS_URL is set, so this process queues to the same broker the worker reads."""
    from tests.services import celery_env, celery_process, smtp_server, worker_database_url

    with smtp_server() as (handler, email_url):
        env = celery_env(DATABASE_URL=worker_database_url(), REDIS_URL=redis_broker_url, EMAIL_URL=email_url,
                         DJANGO_TESTING="0")
        with celery_process("worker", env=env, log_path=tmp_path / "worker.log"):
            yield handler


@pytest.fixture
def chromium():
    need(chromium_available(), "needs Debian's chromium at /usr/bin/chromium")
    return True


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits live in the cache: each test starts with none spent.
    from django.core.cache import cache

    cache.clear()
    yield


# --- Committing tests run after the others ----------------------------------------------------------------------
#
# A test that commits (a browser test's live server, a worker test) ends by emptying every table, the migrations'
# rows included (principles, checklists, reminder times). Run in one process, pytest-django puts those tests last.
# pytest-xdist could give a process an ordinary test after one, so they carry the marker `commits` and `make test`
# runs the ordinary tests first, then the committing ones, each spread over the cores.


def _commits(item):
    marker = item.get_closest_marker("django_db")
    committed = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                                        or (marker.args and marker.args[0]))
    return bool(committed) or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(tryfirst=True)  # before `-m` chooses by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if _commits(item):
            item.add_marker(pytest.mark.commits)

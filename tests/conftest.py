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
from pytest_django.plugin import blocking_manager_key

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


# --- The rows the migrations make (principles, checklists, levels, reminders, groups) survive a flush -------------
#
# A test that commits (a browser test's live server, a worker test) ends by emptying every table, migration rows
# included. Run alone, pytest-django puts those tests last; spread over processes by pytest-xdist, an ordinary test
# can come after one in the same process. So every test asks for Django's serialized rollback: the database as the
# migrations left it is kept once, a committing test starts from it and empties the tables without making groups
# and permissions again, and the hook below puts it back before an ordinary test that finds them emptied.


@pytest.fixture(autouse=True)
def django_db_serialized_rollback():
    """Overrides pytest-django's fixture of this name (which would give every test a database): its name in every
    test's fixtures is what makes pytest-django keep the migrated rows and roll committing tests back to them."""


def _empties_the_database(item):
    marker = item.get_closest_marker("django_db")
    committed = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                                        or (marker.args and marker.args[0]))
    return bool(committed) or bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _uses_the_database(item):
    return item.get_closest_marker("django_db") is not None or "db" in item.fixturenames


def _migration_rows_intact():
    """Rows the migrations make, which no ordinary test removes for good (its transaction is rolled back)."""
    from involvement.models import InvolvementLevel
    from notifications.models import ReminderRule
    from projects.models import Principle

    return all(model.objects.exists() for model in (Principle, ReminderRule, InvolvementLevel))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # A committing test starts from the kept rows itself (Django's serialized rollback). An ordinary one runs inside
    # a transaction, so before it, outside that transaction, the kept rows are put back if a committing test
    # emptied the tables: emptied again first, since pages and signals may since have made content types,
    # permissions or groups under other ids.
    kept = getattr(connection, "_test_serialized_contents", None)
    if kept and _uses_the_database(item) and not _empties_the_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            if not _migration_rows_intact():
                from django.core.management import call_command

                call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
                connection.creation.deserialize_db_from_string(kept)
    return (yield)

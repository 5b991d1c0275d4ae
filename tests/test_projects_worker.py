"""The stage-change email goes out through a real broker and a real worker, once, however often it is queued."""

import uuid

import pytest
from celery import Celery

from projects import services
from projects.models import StageChange
from tests import factories
from tests.services import celery_env, celery_process, worker_database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_emails_each_project_member_once_even_when_the_task_is_queued_twice(postgres, redis_broker_url, tmp_path):
    project = factories.ProjectFactory()
    leader = factories.MemberFactory(display_name="Pat")
    factories.ProjectMembershipFactory(project=project, member=leader, is_project_lead=True)
    factories.ProjectMembershipFactory(project=project, member=factories.MemberFactory(display_name="Mo"))
    change = services.move_stage(project=project, to_stage="doing", by=leader, reason="Plan agreed.",
                                 confirmed_unticked=True)

    queue = f"test-projects-{uuid.uuid4().hex[:8]}"
    env = celery_env(REDIS_URL=redis_broker_url, DATABASE_URL=worker_database_url(), EMAIL_TO_FILES="1",
                     COPRODUCTION_VAR_DIR=str(tmp_path), EMAIL_URL="")
    with celery_process("worker", env=env, args=["-Q", queue], log_path=tmp_path / "worker.log"):
        app = Celery("test-client", broker=redis_broker_url, backend=redis_broker_url)
        name = "projects.tasks.tell_members_about_stage_change"
        first = app.send_task(name, args=[change.pk], queue=queue)
        second = app.send_task(name, args=[change.pk], queue=queue)
        assert sorted([first.get(timeout=60), second.get(timeout=60)]) == [0, 2]

    mail_files = list((tmp_path / "mail").glob("*.txt"))
    sent = "".join(path.read_text() for path in mail_files)
    assert sent.count("Subject: ") == 2 and "Plan agreed." in sent and "text/html" in sent
    assert StageChange.objects.get(pk=change.pk).members_notified_at is not None

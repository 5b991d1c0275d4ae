"""A task's round trip through a real broker and a real worker process, on Redis and on the embedded broker."""

import uuid

import pytest
from celery import Celery

from tests.services import celery_env, celery_process

pytestmark = pytest.mark.worker


def _client_app(broker, backend, transport_options=None):
    app = Celery("test-client", broker=broker, backend=backend)
    app.conf.broker_transport_options = transport_options or {}
    app.conf.task_serializer = "json"
    app.conf.accept_content = ["json"]
    return app


def test_a_task_goes_through_redis_to_a_worker_and_its_answer_comes_back(redis_broker_url, tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = celery_env(REDIS_URL=redis_broker_url)
    with celery_process("worker", env=env, args=["-Q", queue], log_path=tmp_path / "worker.log"):
        app = _client_app(redis_broker_url, redis_broker_url)
        result = app.send_task("network.tasks.ping", kwargs={"word": "hello"}, queue=queue)
        assert result.get(timeout=60) == {"ping": "pong", "echo": "hello"}


def test_with_no_redis_the_embedded_broker_carries_tasks_to_a_real_worker(tmp_path):
    broker_dir = tmp_path / "broker"
    for folder in ("queue", "processed", "results", "control"):
        (broker_dir / folder).mkdir(parents=True)
    env = celery_env(REDIS_URL="", COPRODUCTION_VAR_DIR=str(tmp_path))
    with celery_process("worker", env=env, log_path=tmp_path / "worker.log"):
        app = _client_app(
            "filesystem://",
            f"file://{broker_dir / 'results'}",
            {"data_folder_in": str(broker_dir / "queue"), "data_folder_out": str(broker_dir / "queue"),
             "processed_folder": str(broker_dir / "processed"), "control_folder": str(broker_dir / "control"),
             "store_processed": False},
        )
        result = app.send_task("network.tasks.ping", kwargs={"word": "offline"})
        assert result.get(timeout=60) == {"ping": "pong", "echo": "offline"}

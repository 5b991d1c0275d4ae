"""`docker compose up --scale worker=2` must be valid: a scaled service may not pin a container name or a host
port (two containers cannot share either). No Docker engine runs here, so we read the file as Compose does."""

from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


def _service(name):
    return yaml.safe_load(COMPOSE.read_text())["services"][name]


def test_two_workers_can_run_side_by_side():
    worker = _service("worker")
    assert "container_name" not in worker
    assert not worker.get("ports"), "a host port can be bound by one container only"
    assert worker["command"].startswith("celery -A coproduction worker")
    assert "-n " not in worker["command"] and "--hostname" not in worker["command"], (
        "each container's own hostname names its worker; a fixed one would make two workers one name"
    )


def test_the_workers_share_one_broker_and_one_database_with_the_web():
    web, worker = _service("web"), _service("worker")
    assert worker["environment"]["REDIS_URL"] == web["environment"]["REDIS_URL"]
    assert worker["environment"]["DATABASE_URL"] == web["environment"]["DATABASE_URL"]

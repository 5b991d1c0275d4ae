"""docker-compose.yml stays valid and true to the settings (no Docker engine runs here, so we read it)."""

import re
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent


def _compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_web_worker_beat_postgres_and_redis():
    assert set(_compose()["services"]) == {"web", "worker", "beat", "postgres", "redis"}


def test_compose_commands_match_the_app():
    services = _compose()["services"]
    assert "gunicorn coproduction.wsgi" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A coproduction worker")
    assert "django_celery_beat.schedulers:DatabaseScheduler" in services["beat"]["command"]


def test_every_variable_compose_sets_is_one_the_settings_read():
    settings_text = (BASE_DIR / "coproduction" / "settings.py").read_text()
    read = set(re.findall(r'env\.\w+\("([A-Z_]+)"', settings_text)) | set(re.findall(r'env\.db\("([A-Z_]+)"', settings_text))
    for service in ("web", "worker", "beat"):
        env = _compose()["services"][service]["environment"]
        unknown = set(env) - read
        assert not unknown, f"{service} sets variables the settings never read: {unknown}"
    assert {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_PRODUCTION"} <= set(
        _compose()["services"]["web"]["environment"]
    )

import json
import subprocess
import sys

import pytest
from django.test import override_settings

from front import health
from tests.services import BASE_DIR


def test_healthz_says_ok_when_the_database_and_broker_answer(client, db, tmp_path, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_healthz_answers_503_naming_the_broker_when_it_is_down(client, db, monkeypatch):
    from coproduction.celery import app

    # A broker address where nothing listens: the check must fail fast and say which part is down.
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["broker"] and body["checks"]["database"] == "ok"


def test_healthz_names_the_database_when_it_is_down(client, db, monkeypatch):
    monkeypatch.setattr(health, "database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


def test_healthz_shows_no_personal_data(client, member):
    body = client.get("/healthz").content.decode()
    assert member.email not in body and member.display_name not in body


def _deploy_check(extra_env):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        "DJANGO_ALLOWED_HOSTS": "network.example.org",
        "DJANGO_TESTING": "0",
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


def test_production_mode_passes_django_deploy_checks_with_no_warnings():
    result = _deploy_check({})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = _deploy_check({"DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0


@pytest.mark.parametrize("header", ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"])
def test_every_page_carries_the_security_headers(client, db, header):
    assert client.get("/").has_header(header)


def test_the_content_security_policy_allows_no_inline_script_or_outside_source(client, db):
    csp = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp


TZ_PROBE = (
    "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'coproduction.settings'; "
    "from django.conf import settings; print(json.dumps([settings.TIME_ZONE, settings.LANGUAGE_CODE]))"
)


def test_settings_read_the_time_zone_from_the_environment():
    env = {"PATH": "/usr/bin:/bin", "TIME_ZONE": "Europe/Belfast"}
    out = subprocess.run([sys.executable, "-c", TZ_PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert json.loads(out.stdout) == ["Europe/Belfast", "en-gb"]


def test_admin_pages_allow_inline_styles_for_their_widgets_but_never_inline_scripts(client, lead):
    client.force_login(lead)
    csp = client.get("/admin/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "script-src 'self'" in csp and "script-src 'self' 'unsafe-inline'" not in csp
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]

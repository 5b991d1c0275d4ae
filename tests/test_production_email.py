"""In production with no mail server set, an email's words (a sign-in code) never reach the logs: files only."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _email_settings(**env):
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.EMAIL_BACKEND, getattr(s, 'EMAIL_FILE_PATH', None)]))")
    clean = {k: v for k, v in os.environ.items() if k not in {"EMAIL_URL", "EMAIL_TO_FILES", "PYTEST_CURRENT_TEST"}}
    clean.update(DJANGO_SETTINGS_MODULE="coproduction.settings", DJANGO_SECRET_KEY="x" * 50,
                 DJANGO_ALLOWED_HOSTS="network.example", **env)
    out = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=clean, capture_output=True, text=True,
                         check=True, timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_without_a_mail_server_writes_emails_to_files_not_the_terminal():
    backend, folder = _email_settings(DJANGO_PRODUCTION="1")
    assert backend == "coproduction.dev_email.ReadableEmailBackend" and folder and folder.endswith("mail")


def test_development_prints_emails_in_the_terminal():
    backend, folder = _email_settings(DJANGO_PRODUCTION="0")
    assert backend == "coproduction.dev_email.ReadableEmailBackend" and folder is None

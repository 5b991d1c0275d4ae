"""The first of the README's two commands works on a fresh checkout: nothing it needs is assumed to exist."""

import subprocess
import sys

from tests.services import BASE_DIR, celery_env


def test_a_fresh_checkout_migrates_its_demo_database_into_a_var_folder_it_makes_itself(tmp_path):
    var = tmp_path / "not-there-yet" / "var"
    env = celery_env(COPRODUCTION_VAR_DIR=str(var), DATABASE_URL=None, REDIS_URL=None)
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=BASE_DIR, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (var / "db.sqlite3").stat().st_size > 0

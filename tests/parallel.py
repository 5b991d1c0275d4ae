"""Loaded with `-p tests.parallel`, before Django reads its settings: when pytest-xdist runs the suite in several
processes, each gets a Redis database of its own (REDIS_URL's number plus the process's), so one process emptying
its broker between worker tests, or a task queued by one process's test, never reaches another's Celery worker.
Every process already has its own PostgreSQL test database (pytest-django names them after the process)."""

import os
import re

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", … in a pytest-xdist process; "" otherwise
_url = os.environ.get("REDIS_URL", "")
if _worker.startswith("gw") and _url:
    number = int(_worker[2:])
    found = re.match(r"^(redis://[^/]*)(?:/(\d+))?/?$", _url)
    if found is None:
        raise RuntimeError("REDIS_URL must look like redis://host:port/number for the tests to share it out")
    base = int(found.group(2) or 0)
    os.environ["REDIS_URL"] = f"{found.group(1)}/{base + number}"  # Redis keeps databases 0 to 15 by default

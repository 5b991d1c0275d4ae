"""Real services for the tests: PostgreSQL, Redis, Chromium, Celery worker processes.

Outside CI a missing service skips its tests; with CI=true it fails them, so a green CI run never hides a skip.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def need(condition, why):
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{why} — with CI=true nothing may be skipped", pytrace=False)
    pytest.skip(why)


def redis_url():
    return os.environ.get("REDIS_URL", "")


def redis_answers(url):
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def chromium_available():
    return os.path.exists(CHROMIUM) or bool(shutil.which("chromium"))


def wait_for(condition, timeout=30.0, interval=0.1, message="condition"):
    """Poll until condition() is truthy or the deadline passes; never a bare sleep-and-hope."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")


def celery_env(**overrides):
    env = os.environ.copy()
    env.pop("PYTEST_CURRENT_TEST", None)
    env["DJANGO_TESTING"] = "0"
    env.update({k: v for k, v in overrides.items() if v is not None})
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
    return env


@contextmanager
def celery_process(kind, *, env, args=(), log_path=None):
    """Start `celery -A coproduction <kind>` as a real process; stop it (TERM, then KILL) afterwards."""
    cmd = [sys.executable, "-m", "celery", "-A", "coproduction", kind, "--loglevel=INFO", *args]
    if kind == "worker":
        cmd += ["--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        stop_process(proc)
        if log_path:
            log.close()


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_process(proc, sig=signal.SIGTERM, timeout=20):
    """Stop a process started in its own session, and every child it made (a worker's pool processes hold
    database connections: the test database can only be dropped once they are gone)."""
    pgid = proc.pid
    if proc.poll() is None:
        try:
            os.killpg(pgid, sig)
            proc.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)
    if _group_alive(pgid):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            return
        wait_for(lambda: not _group_alive(pgid), timeout=10, message="the process group to exit")


class RecordingSMTPHandler:
    """An aiosmtpd handler that keeps every accepted message and can refuse for a while (421, try later)."""

    def __init__(self):
        import threading

        self.messages = []
        self.refuse_next = 0
        self.delay_seconds = 0.0
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return "421 Service not available, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        from email import message_from_bytes

        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)  # pace the server so a test can act mid-batch
        with self._lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def message_ids(self):
        with self._lock:
            return [m["Message-ID"] for m in self.messages]

    def recipients(self):
        with self._lock:
            return [m["To"] for m in self.messages]


@contextmanager
def smtp_server():
    """A real SMTP server on loopback (aiosmtpd), on a free port."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = RecordingSMTPHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


def worker_database_url():
    """The address of the test database this process uses, for worker processes that must see its data."""
    from django.db import connection

    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

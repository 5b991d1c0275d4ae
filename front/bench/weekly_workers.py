"""The weekly news to every member through the real stack: two Celery worker processes on one Redis broker and
one PostgreSQL, sending to an SMTP server on loopback, with one worker killed (SIGKILL) a third of the way.

Counted from what the mail server received, not from the ledger: every Message-ID that arrived twice is a
duplicate, every member who should have had the news and whose Message-ID never arrived is a miss.

Where the kill lands: once a third has arrived the mail server holds every next message at RCPT, the ledger is
seen to have caught up with what the server took, and then one worker is killed with its batch half sent. The one
instant no SMTP sender can make exact (after the server's "250 OK" for a message, before the ledger's write of
it, well under a millisecond) is left out on purpose; a kill there sends that one message again with the same
Message-ID (notifications/services.py says so).
"""

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .load import database_url, free_port

BASE_DIR = Path(settings.BASE_DIR)
TARGET_SECONDS = 60.0
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)


class RecordingServer:
    """An aiosmtpd handler that keeps the Message-ID of every message it accepts (nothing else: it must keep up
    with two workers). `hold` makes every next message wait at RCPT until it is let go."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ids = []
        self.first_at = self.last_at = None
        self.hold = False
        self.held = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold:
            with self.lock:
                self.held += 1
            try:
                while self.hold:
                    await asyncio.sleep(0.005)
            finally:
                with self.lock:
                    self.held -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        head = content[: content.find(b"\r\n\r\n")]
        found = MESSAGE_ID.search(head)
        with self.lock:
            self.ids.append(found.group(1).decode() if found else "")
            now = time.monotonic()
            self.first_at = self.first_at or now
            self.last_at = now
        return "250 Message accepted for delivery"

    def received(self):
        with self.lock:
            return len(self.ids)

    def message_ids(self):
        with self.lock:
            return list(self.ids)


def wait_for(condition, *, timeout, message, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"Timed out after {timeout:.0f} s waiting for {message}")


class Worker:
    """`celery -A coproduction worker` as a real process in its own session (killpg reaches its pool too)."""

    def __init__(self, name, *, env, concurrency, log_dir):
        self.name, self.env, self.concurrency = name, env, concurrency
        self.log_path = Path(log_dir) / f"{name}.log"
        self.proc = None

    def start(self):
        cmd = [sys.executable, "-m", "celery", "-A", "coproduction", "worker", "--loglevel=INFO", "--pool=prefork",
               f"--concurrency={self.concurrency}", f"--hostname={self.name}@%h", "--without-gossip",
               "--without-mingle", "--without-heartbeat"]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        return self

    def wait_ready(self, timeout=60):
        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start: see {self.log_path}")
            return b"ready." in self.log_path.read_bytes()

        wait_for(ready, timeout=timeout, message=f"{self.name} to be ready")

    def kill(self, sig=signal.SIGKILL):
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            return
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        try:  # the pool processes too: they hold database connections
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes():
    """(name, fields after the name) of every process, from /proc: state, ppid, pgrp, …, utime (11), stime (12),
    cutime (13), cstime (14)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        yield text[text.find("(") + 1:text.rfind(")")], text.rpartition(")")[2].split()


def group_cpu_seconds(pgid):
    """CPU time (user + system) used so far by every process in a process group (a worker and its pool), read
    from /proc: on a shared machine this says more than the wall clock does."""
    return sum(int(f[11]) + int(f[12]) for _, f in _processes() if int(f[2]) == pgid) / TICKS


def postgres_cpu_seconds():
    """CPU time used so far by PostgreSQL on this machine: every live process of it, and (through the server's
    own count of its children's time) every connection that has already closed."""
    return sum(sum(map(int, f[11:15])) for name, f in _processes() if name == "postgres") / TICKS


def worker_env(*, email_url, lease_seconds):
    env = os.environ.copy()
    env.pop("PYTEST_CURRENT_TEST", None)
    env.update(DATABASE_URL=database_url(), REDIS_URL=settings.REDIS_URL, EMAIL_URL=email_url, DJANGO_TESTING="0",
               NOTIFICATIONS_LEASE_SECONDS=str(lease_seconds))
    env.pop("EMAIL_BACKEND", None)
    return env


def expected_message_ids(object_id, occasion):
    """The Message-ID of every member who should get this week's news: wants it, has an address, is active, and
    had something in it (a member with nothing new is not sent an empty email: the ledger says which)."""
    from network.models import Member
    from notifications import services
    from notifications.models import Delivery, Kind

    nothing_new = set(
        Delivery.objects.filter(kind=Kind.WEEKLY_DIGEST, object_id=object_id, occasion=occasion,
                                skip_reason=Delivery.SkipReason.NOTHING_NEW).values_list("member_id", flat=True)
    )
    wanting = (Member.objects.active().not_erased().filter(wants_weekly_digest=True).exclude(email="")
               .values_list("pk", flat=True))
    return {
        services.message_id_for(kind=Kind.WEEKLY_DIGEST, object_id=object_id, occasion=occasion, member_id=pk)
        for pk in wanting if pk not in nothing_new
    }


def measure_weekly_news_on_two_workers(*, members_expected, log=print, workers=2, concurrency=None, kill_after=1 / 3,
                                       lease_seconds=10, target_seconds=TARGET_SECONDS, timeout=None):
    """Send this week's news to every member on `workers` worker processes, kill one a third of the way and start
    it again, and count what the mail server received. Returns the figures as a dict.

    Each worker runs as the Procfile starts it: a pool of one sending process per core, Celery's own default
    (`concurrency` says otherwise). While one of them waits for the mail server or the database, the other sends."""
    concurrency = concurrency or os.cpu_count() or 1
    from aiosmtpd.controller import Controller

    from coproduction.celery import app
    from front import weekly_news
    from network.models import Member
    from notifications.models import Delivery, DueNotification, Kind

    if not settings.REDIS_URL:
        raise RuntimeError("Two workers need one broker: set REDIS_URL=redis://…")
    if connection.vendor != "postgresql":
        raise RuntimeError("Two workers need one PostgreSQL: set DATABASE_URL=postgres://…")
    members = Member.objects.count()
    if members != members_expected:
        log(f"  ({members:,} members here, {members_expected:,} expected)")
    timeout = timeout or max(300.0, members / 50)  # 2,000 s for 100,000: a busy shared machine is slow
    object_id, occasion = weekly_news.week_key(timezone.now())
    # A clean ledger, or a second run would find this week's news already sent; an empty queue, or tasks left
    # from elsewhere would run against this database.
    Delivery.objects.filter(kind=Kind.WEEKLY_DIGEST).delete()
    DueNotification.objects.filter(kind=Kind.WEEKLY_DIGEST).delete()
    app.control.purge()

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command of every message
    server = RecordingServer()
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port, data_size_limit=0)
    controller.start()
    env = worker_env(email_url=f"smtp://127.0.0.1:{port}", lease_seconds=lease_seconds)
    log_dir = tempfile.mkdtemp(prefix="weekly-workers-")
    pool = [Worker(f"weekly{n + 1}", env=env, concurrency=concurrency, log_dir=log_dir) for n in range(workers)]
    killed_at = killed_at_seconds = None
    try:
        for worker in pool:
            worker.start()
        for worker in pool:
            worker.wait_ready()
        log(f"  {workers} workers ready (concurrency {concurrency} each; logs in {log_dir})")

        def pending():
            return Delivery.objects.filter(kind=Kind.WEEKLY_DIGEST, occasion=occasion,
                                           status=Delivery.Status.PENDING).exists()

        def ledger_sent():
            return Delivery.objects.filter(kind=Kind.WEEKLY_DIGEST, occasion=occasion,
                                           status=Delivery.Status.SENT).count()

        def fanned_out():
            return DueNotification.objects.filter(kind=Kind.WEEKLY_DIGEST, processed_at__isnull=False).exists()

        worker_cpu = -sum(group_cpu_seconds(w.proc.pid) for w in pool)  # what starting up took is not counted
        own_cpu = -time.process_time()
        database_cpu = -postgres_cpu_seconds()
        started = time.monotonic()
        # As beat does on Monday morning; then, as beat's scan does every minute, a scan every second (a killed
        # worker's batch is sent by whoever scans after its lease runs out).
        app.send_task("network.notifications.tasks.plan_weekly_digest")
        next_scan = started + 1
        deadline = started + timeout
        third = max(1, int(members_expected * kill_after))
        while time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_scan:
                app.send_task("network.notifications.tasks.scan_due_notifications")
                next_scan = now + 1
            if killed_at is None and server.received() >= third:
                server.hold = True
                # Everything the server took is in the ledger, and each worker waits on the server mid-batch.
                wait_for(lambda: server.held >= 1 and ledger_sent() == server.received(), timeout=60,
                         message="the ledger to catch up with the mail server")
                killed_at, killed_at_seconds = server.received(), time.monotonic() - started
                worker_cpu += group_cpu_seconds(pool[0].proc.pid)
                pool[0].kill()
                server.hold = False
                log(f"  killed {pool[0].name} (SIGKILL) after {killed_at:,} emails, {killed_at_seconds:.1f} s")
                pool[0].start()
            if fanned_out() and not pending():
                break
            time.sleep(0.2)
        else:
            raise TimeoutError(f"The weekly news was not all sent within {timeout:.0f} s")
        finished = time.monotonic()
        worker_cpu += sum(group_cpu_seconds(w.proc.pid) for w in pool)
        own_cpu += time.process_time()
        database_cpu += postgres_cpu_seconds()
        ids = server.message_ids()
        seconds = (server.last_at or finished) - started
    finally:
        for worker in pool:
            worker.stop()
        controller.stop()

    expected = expected_message_ids(object_id, occasion)
    received = set(ids)
    emails = len(received)
    result = {
        "members": members,
        "workers": workers,
        "concurrency": concurrency,
        "seconds": seconds,
        "emails": emails,
        "received": len(ids),
        "expected": len(expected),
        "duplicates": len(ids) - emails,
        "misses": len(expected - received),
        "unexpected": len(received - expected),
        "per_1000_seconds": seconds / emails * 1000 if emails else None,
        "killed_at": killed_at,
        "killed_at_seconds": killed_at_seconds,
        "lease_seconds": lease_seconds,
        "target_seconds": target_seconds,
        "within_target": seconds <= target_seconds,
        "ledger_sent": ledger_sent(),
        # CPU, not wall time: the workers' (the restarted one's start-up included), and the mail server's with this
        # process's polling. On 2 cores to itself, the send would take about (workers + server) / 2 seconds.
        "worker_cpu_seconds": worker_cpu,
        "server_cpu_seconds": own_cpu,
        "database_cpu_seconds": database_cpu,
        "cpu_per_1000_seconds": (worker_cpu + own_cpu + database_cpu) / emails * 1000 if emails else None,
        "load_average": os.getloadavg()[0],
    }
    log(f"  {emails:,} emails in {seconds:.1f} s on {workers} workers: {result['per_1000_seconds'] or 0:.2f} s per "
        f"1,000; {result['duplicates']} duplicates, {result['misses']} misses "
        f"({'within' if result['within_target'] else 'over'} the {target_seconds:.0f} s target); CPU "
        f"{result['cpu_per_1000_seconds'] or 0:.2f} s per 1,000 (workers {worker_cpu:.1f} s, mail server "
        f"{own_cpu:.1f} s, PostgreSQL {database_cpu:.1f} s), load average {result['load_average']:.1f}")
    return result

"""Measurements: query counts, median server times against a minimal view, the weekly digest, a project export.

PAGES is the one list of main pages to measure; a page whose URL name does not exist yet is "not yet built".
"""

import re
import statistics
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse

BENCH_URLCONF = "front.bench.urls"


@dataclass
class PageSpec:
    name: str
    url_name: str
    kwargs: object = None  # seeder -> dict of URL kwargs
    who: str = "member"  # "member" (the bench member: in the big project, signed the pledge) or "lead"
    layout_target: float | None = None  # a page with its own target: within this many times the empty layout page


# The main pages, one line each. Add a page here and it is measured in every run.
PAGES = [
    PageSpec("Home", "home"),
    PageSpec("Projects list", "projects:list"),
    PageSpec("Project page", "projects:detail", lambda s: {"slug": s.big_project_slug()}),
    PageSpec("Project members", "projects:members", lambda s: {"slug": s.big_project_slug()}),
    PageSpec("Project actions", "projects:actions", lambda s: {"slug": s.big_project_slug()}),
    PageSpec("Meetings list", "meetings:list"),
    PageSpec("Meeting page", "meetings:detail", lambda s: {"pk": s.big_meeting_id()}),
    PageSpec("Pledge page", "pledges:pledge"),
    PageSpec("Member directory", "network:directory"),
    PageSpec("My actions", "projects:my_actions"),
    PageSpec("My profile", "network:profile"),
    PageSpec("Meeting access needs (lead)", "meetings:access_needs", lambda s: {"pk": s.big_meeting_id()}, "lead"),
    # Issue 19: the network's power-balance figures and its framework, within 3× the empty layout page when cached.
    PageSpec("Is power shared: figures (network)", "partnership:figures", who="lead", layout_target=3.0),
    PageSpec("Is power shared: framework (network)", "partnership:framework", who="lead", layout_target=3.0),
]


def pages_named(only=None):
    """PAGES, or those whose name holds `only` (any case): to measure a few pages again without the rest."""
    return [spec for spec in PAGES if not only or only.lower() in spec.name.lower()]

# Exports, first that exists is measured: a lead downloads the big project's whole record.
EXPORT_URL_NAMES = ["exports:project_record_xlsx", "exports:project_record_zip", "exports:project_record"]


class QueryCounter:
    """Counts queries and remembers only the slowest (the digest runs hundreds of thousands)."""

    def __init__(self):
        self.count = 0
        self.slowest = (0.0, "")

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            if took > self.slowest[0]:
                self.slowest = (took, sql)


@contextmanager
def counting_queries():
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def short_sql(sql, limit=400):
    """The query without its long column list: what it reads, joins, filters and sorts."""
    sql = " ".join(sql.split())
    sql = re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", sql, count=1)  # text for a report, never run
    return sql[:limit] + ("…" if len(sql) > limit else "")


def address(spec, seeder):
    try:
        kwargs = spec.kwargs(seeder) if spec.kwargs else None
        if kwargs and None in kwargs.values():
            return None
        return reverse(spec.url_name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _drain(response):
    if response.streaming:
        for _chunk in response.streaming_content:
            pass


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    _drain(response)
    return time.perf_counter() - started, response


SLOW_SECONDS = 2.0  # a page slower than this is timed fewer times: the point is made


def median_ms(client, url, repeat):
    warm_up, _ = timed_get(client, url)  # templates compiled, connections open
    if warm_up > SLOW_SECONDS:
        repeat = min(repeat, 3)
    return statistics.median(timed_get(client, url)[0] for _ in range(repeat)) * 1000


def interleaved_ms(client, url, yardstick_client, yardstick_url, repeat):
    """Median times of a page and of the yardstick, request by request in turn, so a busy machine slows both."""
    warm_up, _ = timed_get(client, url)
    timed_get(yardstick_client, yardstick_url)
    if warm_up > SLOW_SECONDS:
        repeat = min(repeat, 3)
    page, yardstick = [], []
    for _ in range(repeat):
        page.append(timed_get(client, url)[0])
        yardstick.append(timed_get(yardstick_client, yardstick_url)[0])
    return statistics.median(page) * 1000, statistics.median(yardstick) * 1000


def first_visit_after_a_change_ms(client, url, repeat=3):
    """The page's time when every kept figure and order has just been forgotten (as after someone signs the pledge
    or joins a project): the median of a few such first visits, and the queries of one."""
    from network.kept_counts import figures_changed

    times = []
    for _ in range(repeat):
        figures_changed()
        with counting_queries() as counter:
            times.append(timed_get(client, url)[0])
    return statistics.median(times) * 1000, counter.count


def clients(seeder):
    from network.models import Member

    people = {}
    for who, pk in (("member", seeder.bench_member_id), ("lead", seeder.lead_id)):
        client = Client()
        client.force_login(Member.objects.get(pk=pk))
        people[who] = client
    return people


def measure_pages(seeder, repeat, only=None):
    """{page name: {"queries", "ms", "status"} or None if not yet built}; plus the reference views. `only`: measure
    just the pages whose name holds it (pages_named)."""
    results = {}
    with override_settings(ROOT_URLCONF=BENCH_URLCONF):
        people = clients(seeder)
        reference = {
            "minimal": median_ms(people["member"], reverse("bench_minimal"), repeat),
            "layout": median_ms(people["member"], reverse("bench_layout"), repeat),
        }
        for spec in pages_named(only):
            url = address(spec, seeder)
            if url is None:
                results[spec.name] = None
                continue
            client = people[spec.who]
            timed_get(client, url)
            with counting_queries() as counter:
                _, response = timed_get(client, url)
            page_ms, minimal_ms = interleaved_ms(client, url, people["member"], reverse("bench_minimal"), repeat)
            after_change_ms, after_change_queries = first_visit_after_a_change_ms(client, url)
            if spec.layout_target:  # its own yardstick, the empty layout page, timed in turn with it
                _page_ms, layout_ms = interleaved_ms(client, url, people["member"], reverse("bench_layout"), repeat)
            results[spec.name] = {
                "queries": counter.count,
                "slowest_query_ms": counter.slowest[0] * 1000,
                "slowest_query": short_sql(counter.slowest[1]),
                "status": response.status_code,
                "ms": page_ms,
                "minimal_ms": minimal_ms,
                "after_change_ms": after_change_ms,
                "url_name": spec.url_name,
                "layout_target": spec.layout_target,
                "layout_ms": layout_ms if spec.layout_target else None,
                "after_change_queries": after_change_queries,
            }
    return results, reference


def measure_digest():
    """Send the weekly network news to every member: (seconds, queries, emails)."""
    from front import weekly_news
    from notifications import services
    from notifications.models import Delivery, DueNotification, Kind

    # A clean ledger each run, or the second run would find this week's digest already sent.
    Delivery.objects.filter(kind=Kind.WEEKLY_DIGEST).delete()
    DueNotification.objects.filter(kind=Kind.WEEKLY_DIGEST).delete()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        started = time.perf_counter()
        with counting_queries() as counter:
            weekly_news.plan_weekly_digest()
            while services.fan_out_due():
                pass
            sent = 0
            while True:
                batch = services.send_pending()
                if not batch and not Delivery.objects.claimable().exists():
                    break
                sent += batch
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "queries": counter.count, "sent": sent}


def _download(client, url):
    """(seconds, response, bytes) of one request, read to the end."""
    started = time.perf_counter()
    response = client.get(url)
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    return time.perf_counter() - started, response, size


def record_rows_in_memory(seeder):
    """[(title, headers, rows)] of the big project's record, read beforehand and made ready for openpyxl (as the
    export's cells are), so bare openpyxl is timed on exactly the rows the export writes and nothing else."""
    from exports.safety import cell
    from projects import record
    from projects.models import Project

    project = Project.objects.get(pk=seeder.big_project_id)
    return [
        (part.title, [cell(str(h)) for h in part.headers], [[cell(v) for v in row] for row in part.rows(project, all_roles=True)])
        for part in record.parts_for_record()
    ]


def bare_openpyxl_seconds(sheets):
    """The yardstick: openpyxl in write-only mode writing those rows (no styles, no widths, no filter) to a file."""
    import tempfile

    from openpyxl import Workbook

    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    with tempfile.TemporaryFile() as output:
        workbook.save(output)
    return time.perf_counter() - started


EXPORT_REPEAT = 3  # the export and the yardstick in turn, this many times each; the medians are compared


def measure_export(seeder):
    """A lead downloads the big project's record: seconds (and bare openpyxl's seconds for the same rows, timed in
    turn with it), peak Python memory (in a request of its own: tracemalloc slows what it watches), size; None if
    not yet built."""
    with override_settings(ROOT_URLCONF=BENCH_URLCONF):
        url_name = url = None
        for name in EXPORT_URL_NAMES:
            try:
                url, url_name = reverse(name, kwargs={"slug": seeder.big_project_slug()}), name
                break
            except NoReverseMatch:
                continue
        if url is None:
            return None
        client = clients(seeder)["lead"]
        _download(client, url)  # warm up
        sheets = record_rows_in_memory(seeder) if url_name.endswith("_xlsx") else None
        export_times, bare_times = [], []
        with counting_queries() as counter:
            _seconds, response, size = _download(client, url)
        for _ in range(EXPORT_REPEAT):
            export_times.append(_download(client, url)[0])
            if sheets is not None:
                bare_times.append(bare_openpyxl_seconds(sheets))
        bare_rows = sum(len(rows) for _title, _headers, rows in sheets) if sheets is not None else None
        del sheets
        tracemalloc.start()
        _download(client, url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "seconds": statistics.median(export_times),
        "bare_seconds": statistics.median(bare_times) if bare_times else None,
        "bare_rows": bare_rows,
        "peak_mb": peak / 1024 / 1024,
        "bytes": size,
        "status": response.status_code,
        "queries": counter.count,
        "url_name": url_name,
    }


def big_project_rows(seeder):
    """How many rows the big project's record holds (attendance, memberships, meetings): what the export reads."""
    from django.apps import apps

    counts = {}
    for label, filters in (
        ("meetings.Attendance", {"meeting__project_id": seeder.big_project_id}),
        ("projects.ProjectMembership", {"project_id": seeder.big_project_id}),
        ("meetings.Meeting", {"project_id": seeder.big_project_id}),
    ):
        try:
            counts[label.split(".")[1]] = apps.get_model(label).objects.filter(**filters).count()
        except LookupError:
            pass
    return counts

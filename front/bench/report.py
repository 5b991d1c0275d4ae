"""The benchmark's table, for the terminal and for docs/benchmarks.md."""

import os
import platform

import django
from django.db import connection
from django.utils import timezone

PAGE_TIME_TARGET = 6.0  # every page within 6× the minimal view
DIGEST_TARGET_SECONDS = 60.0


def _ms(value):
    return f"{value:.1f}" if value is not None else "–"


def page_rows(runs, factor):
    """[(cells...)] per page; `runs` = {1: (pages, reference), factor: (pages, reference)}."""
    pages_1, ref_1 = runs[1]
    pages_n, ref_n = runs.get(factor, ({}, None))
    rows = []
    for name, first in pages_1.items():
        last = pages_n.get(name) if pages_n else None
        if first is None:
            rows.append([name, "not yet built", "", "", "", "", "", "", "", ""])
            continue
        q1, qn = first["queries"], (last or {}).get("queries")
        same = "yes" if qn == q1 else ("–" if qn is None else "**no**")
        reference = ref_n or ref_1
        # Against the minimal view timed in turn with this page (a busy machine slows both alike).
        ratio = (last or first)["ms"] / (last or first).get("minimal_ms", reference["minimal"])
        within = "yes" if ratio <= PAGE_TIME_TARGET else "**no**"
        layout_ratio = (last or first)["ms"] / reference["layout"]
        layout_within = "yes" if layout_ratio <= PAGE_TIME_TARGET else "**no**"
        status = (
            first["status"] if first["status"] == (last or first)["status"] else f"{first['status']}/{last['status']}"
        )
        rows.append(
            [
                name,
                str(status),
                str(q1),
                str(qn) if qn is not None else "–",
                same,
                _ms(first["ms"]),
                _ms((last or {}).get("ms")),
                _ms((last or {}).get("after_change_ms")),
                f"{ratio:.0f}× {within}",
                f"{layout_ratio:.1f}× {layout_within}",
            ]
        )
    return rows


POWER_HEADERS = [
    "Page", "Queries 1×", "Queries 10×", "Equal", "Cached ms 1×", "Cached ms 10×", "Empty layout page ms 10×",
    "÷ empty layout page at 10×, within target?", "First visit after a change ms 1×",
    "First visit after a change ms 10×", "Queries then 1× / 10×",
]


def power_rows(runs, factor):
    """The pages with their own target against the empty layout page (the power-balance figures, issue 19)."""
    pages_1, _ = runs[1]
    pages_n, _ = runs.get(factor, ({}, None))
    rows = []
    for name, first in pages_1.items():
        if not first or not first.get("layout_target"):
            continue
        last = pages_n.get(name) or first
        ratio = last["ms"] / last["layout_ms"]
        within = "yes" if ratio <= first["layout_target"] else "**no**"
        rows.append([
            name, str(first["queries"]), str(last["queries"]), "yes" if last["queries"] == first["queries"] else "**no**",
            _ms(first["ms"]), _ms(last["ms"]), _ms(last["layout_ms"]),
            f"{ratio:.1f}× (target {first['layout_target']:g}×) {within}",
            _ms(first["after_change_ms"]), _ms(last["after_change_ms"]),
            f"{first['after_change_queries']} / {last['after_change_queries']}",
        ])
    return rows


def power_summary(runs, factor):
    rows = power_rows(runs, factor)
    if not rows:
        return []
    slow = [row[0] for row in rows if row[7].endswith("**no**")]
    growing = [row[0] for row in rows if row[3] != "yes"]
    return [
        "- Power-balance pages, same queries at 1× and 10×: " + ("yes." if not growing else "**no**: " + ", ".join(growing) + "."),
        "- Power-balance pages within 3× the empty layout page when cached, at 10×: "
        + ("yes." if not slow else "**no**: " + ", ".join(slow) + "."),
    ]


def power_lines(runs, factor, seeded):
    rows = power_rows(runs, factor)
    if not rows:
        return []
    counted = ("attendance", "invitations", "meeting chairs", "agenda items with a presenter", "published minutes",
               "actions", "project memberships", "members")
    held = ", ".join(f"{seeded.counts[kind]:,} {kind}" for kind in counted if kind in seeded.counts)
    return [
        "## Power-balance figures (issue 19)",
        "",
        "Targets: the network's figures and framework pages ask the same number of queries at 1× and 10×, and when "
        "their figures are cached answer within 3× the empty layout page (timed request by request in turn with it). "
        "\"First visit after a change\" forgets every kept figure first (as after someone comes to a meeting), so the "
        "figures are counted again in the database: one aggregate query per figure, over the last twelve whole "
        "months by quarter, whatever the size. The framework page also rolls every project's criteria up.",
        "",
        f"What the figures count at {factor}×: {held}. Every row keeps the person's role then. Not seeded: "
        "involvement records (hours), which need activities and levels of their own.",
        "",
        markdown_table(POWER_HEADERS, rows),
        "",
    ]


PAGE_HEADERS = [
    "Page",
    "HTTP",
    "Queries 1×",
    "Queries 10×",
    "Equal",
    "Median ms 1×",
    "Median ms 10×",
    "10×, first visit after a change, ms",
    "÷ minimal view, within 6×?",
    "÷ empty layout page, within 6×?",
]


def markdown_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(headers, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*[str(c).replace("**", "") for c in row]) for row in rows]
    return "\n".join(out)


def environment():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            database = f"{connection.vendor} {connection.Database.sqlite_version}"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "cpus": os.cpu_count(),
        "load": f"{load:.1f}" if load is not None else "?",
    }


def digest_cells(result, members):
    if result is None:
        return "not measured at this size (--digest-at-10x measures it)"
    verdict = "yes" if result["seconds"] <= DIGEST_TARGET_SECONDS else "**no**"
    return (
        f"{result['seconds']:.1f} s, {result['queries']:,} queries, {result['sent']:,} emails sent "
        f"for {members:,} members (within 60 s: {verdict})"
    )


def export_cells(result, rows):
    if result is None:
        return "not yet built"
    held = ", ".join(f"{n:,} {label}" for label, n in rows.items())
    return (
        f"{result['seconds']:.2f} s, {result['queries']:,} queries, peak Python memory {result['peak_mb']:.1f} MB, "
        f"{result['bytes'] / 1024:,.0f} KB "
        f"(HTTP {result['status']}, {result['url_name']}; the project holds {held})"
    )


MEMORY_FLAT = 1.5  # peak memory at 10× within 1.5× of 1× counts as flat
EXPORT_TARGET = 2.0  # the Excel record within 2× of bare openpyxl (write-only) writing the same rows

EXPORT_HEADERS = [
    "Size", "Rows", "Excel record, s", "Bare openpyxl write-only, same rows, s", "÷ bare, within 2×?",
    "Peak Python memory, MB", "Queries",
]


def export_ratio(result):
    if not result or not result.get("bare_seconds"):
        return None
    return result["seconds"] / result["bare_seconds"]


def export_table_rows(exports, factor):
    """The export side by side with bare openpyxl, one row per size."""
    rows = []
    for step in (1, factor):
        result = exports.get(step)
        if result is None:
            rows.append([f"{step}×", "not yet built", "", "", "", "", ""])
            continue
        ratio = export_ratio(result)
        verdict = "–" if ratio is None else f"{ratio:.1f}× {'yes' if ratio <= EXPORT_TARGET else '**no**'}"
        rows.append([
            f"{step}×", f"{result['bare_rows']:,}" if result.get("bare_rows") is not None else "–",
            f"{result['seconds']:.2f}",
            f"{result['bare_seconds']:.2f}" if result.get("bare_seconds") else "–",
            verdict, f"{result['peak_mb']:.1f}", str(result["queries"]),
        ])
    return rows


def summary(*, runs, factor, digests, exports):
    """One line per target: met, or what missed it."""
    pages_1, _ = runs[1]
    pages_n, _ = runs.get(factor, ({}, None))
    built = {name: r for name, r in pages_1.items() if r is not None}
    growing = [n for n, r in built.items() if pages_n.get(n) and pages_n[n]["queries"] != r["queries"]]
    slow = [
        f"{n} ({(pages_n.get(n) or r)['ms'] / (pages_n.get(n) or r)['minimal_ms']:.0f}×)"
        for n, r in built.items()
        if (pages_n.get(n) or r)["ms"] / (pages_n.get(n) or r)["minimal_ms"] > PAGE_TIME_TARGET
    ]
    lines = [
        "- Query counts equal at 1× and 10×: "
        + ("yes, on every page measured." if not growing else "**no**: " + ", ".join(growing) + "."),
        "- Every page within 6× the minimal view: "
        + ("yes." if not slow else f"**no**, {len(slow)} of {len(built)}: " + ", ".join(slow) + "."),
    ]
    reference = (runs.get(factor) or runs[1])[1]
    floor = reference["layout"] / reference["minimal"]
    over_layout = [
        n for n, r in built.items() if (pages_n.get(n) or r)["ms"] / reference["layout"] > PAGE_TIME_TARGET
    ]
    lines += [
        f"  - Why: an empty page in the site's layout (no content; the signed-in member, menu and footer) is itself "
        f"{floor:.0f}× the minimal view ({reference['layout']:.1f} ms against {reference['minimal']:.2f} ms), so no "
        "page of the site can be within 6× of a view that reads nothing and renders nothing."
        if floor > PAGE_TIME_TARGET
        else "  - An empty page in the site's layout is within 6× of the minimal view.",
        "- Every page within 6× of that empty layout page: "
        + ("yes." if not over_layout else f"**no**: {', '.join(over_layout)}."),
    ]
    digest = digests.get(1)
    if digest is None:
        lines.append("- Weekly digest within 60 s: not yet built.")
    else:
        verdict = "yes" if digest["seconds"] <= DIGEST_TARGET_SECONDS else "**no**"
        lines.append(f"- Weekly digest within 60 s: {verdict} ({digest['seconds']:.0f} s at 1×).")
    first, last = exports.get(1), exports.get(factor)
    if first is None or last is None:
        lines.append("- Export memory flat as rows grow: not yet built.")
    else:
        flat = last["peak_mb"] <= first["peak_mb"] * MEMORY_FLAT
        lines.append(
            f"- Export memory flat as rows grow: {'yes' if flat else '**no**'} "
            f"({first['peak_mb']:.1f} MB at 1×, {last['peak_mb']:.1f} MB at {factor}×)."
        )
        ratio = export_ratio(last)
        if ratio is None:
            lines.append(f"- Excel record within 2× of bare openpyxl at {factor}×: not measured.")
        else:
            lines.append(
                f"- Excel record within 2× of bare openpyxl (write-only, same rows) at {factor}×: "
                f"{'met' if ratio <= EXPORT_TARGET else '**not met**'} ({last['seconds']:.2f} s against "
                f"{last['bare_seconds']:.2f} s, {ratio:.1f}×)."
            )
    return lines


def slowest_queries(runs, factor):
    """The slowest query of each page at the largest size: where to look first."""
    pages = runs.get(factor, runs[1])[0]
    lines = [f"### The slowest query of each page at {factor}×", ""]
    for name, result in pages.items():
        if result and result.get("slowest_query"):
            lines.append(f"- {name}: {result['slowest_query_ms']:.1f} ms — `{result['slowest_query']}`")
    return [*lines, ""]


def measure_repeat():
    from .measure import EXPORT_REPEAT

    return EXPORT_REPEAT


def render_markdown(*, env, scale, factor, seeded, runs, digests, exports, export_rows, repeat, members, load=None,
                    charts=None, weekly=None):
    rows = page_rows(runs, factor)
    ref_1, ref_n = runs[1][1], runs.get(factor, (None, None))[1]
    lines = [
        "# Benchmarks",
        "",
        "Written by `python manage.py benchmark` (`make bench`). Do not edit by hand: run it again.",
        "",
        f"- Run: {env['when']}; Python {env['python']}, Django {env['django']}, {env['database']}; "
        f"{env['cpus']} CPUs (load {env['load']} at the start, shared with other work).",
        f"- Scale {scale:g} of the target network, then {factor}× that. Seeding took {seeded.seconds:.0f} s in all.",
        "- Rows at the largest size: " + ", ".join(f"{n:,} {kind}" for kind, n in sorted(seeded.counts.items())) + ".",
    ]
    if seeded.not_built:
        lines.append("- Not yet built, so not seeded: " + ", ".join(sorted(seeded.not_built)) + ".")
    lines += [
        f"- Each time is the median of {repeat} requests through Django's test client (full middleware, a signed-in "
        "member), after one warm-up request.",
        f"- Minimal view (`HttpResponse('ok')` through the same middleware): {_ms(ref_1['minimal'])} ms at 1×, "
        f"{_ms(ref_n['minimal']) if ref_n else '–'} ms at {factor}×. An empty page in the site layout: "
        f"{_ms(ref_1['layout'])} ms at 1×.",
        "",
        "## Against the targets",
        "",
        *summary(runs=runs, factor=factor, digests=digests, exports=exports),
        *power_summary(runs, factor),
        "",
        "## Pages",
        "",
        "Targets: the same number of queries at 1× and 10×; every page within 6× the minimal view. The ratios use the "
        "10× times. Two yardsticks, measured in the same run: the minimal view (`HttpResponse`, no template, no "
        "session read; timed request by request in turn with each page) and an empty page in the site layout (menu, "
        "footer, signed-in user, context processors), which is the least any page of the site can cost.",
        "",
        "Network-wide figures (how many members, projects and signatures; the directory's role counts; a project's "
        "role counts and member order; each member's pledge standing for the banner) are kept in the cache until "
        "something they count changes (network/kept_counts.py), so the median is the ordinary visit. The column "
        "\"first visit after a change\" times a page just after every kept figure was forgotten, as after someone "
        "signs the pledge or joins a project.",
        "",
        markdown_table(PAGE_HEADERS, rows),
        "",
        *slowest_queries(runs, factor),
        *power_lines(runs, factor, seeded),
        "## Weekly digest to every member",
        "",
        "Target: within 60 s.",
        "",
        f"- At 1×: {digest_cells(digests.get(1), members[1])}",
    ]
    if factor in digests:
        lines.append(f"- At {factor}×: {digest_cells(digests[factor], members[factor])}")
    lines += [
        "",
        "## Project export",
        "",
        "Targets: peak memory flat as the project's rows grow (the export streams); the Excel record within 2× of "
        "bare openpyxl in write-only mode writing the same rows (read beforehand, no styles), the two timed in turn "
        f"in this run ({measure_repeat()} times each, medians). Times are taken without tracemalloc; peak memory in "
        "a request of its own with it.",
        "",
        markdown_table(EXPORT_HEADERS, export_table_rows(exports, factor)),
        "",
        f"- At 1×: {export_cells(exports.get(1), export_rows.get(1, {}))}",
        f"- At {factor}×: {export_cells(exports.get(factor), export_rows.get(factor, {}))}",
        "",
        *weekly_workers_lines(weekly),
        *load_lines(load, factor),
        *chart_lines(charts),
    ]
    return "\n".join(lines)


# --- the load section (front/bench/load.py) ------------------------------------------------------------------

LOAD_HEADERS = ["At once", "Page", "Requests", "Requests/s", "p50 ms", "p95 ms", "p99 ms", "Errors"]


def _whole(value):
    return f"{value:.0f}" if value is not None else "–"


def load_rows(load):
    """One row per page and concurrency, then all pages together, then the empty layout page (its own run)."""
    from .load import PAGES

    steps = [(str(users), level["pages"], level["layout"]) for users, level in sorted(load["levels"].items())]
    if load.get("reading"):
        reading = load["reading"]
        for step in [reading, *load.get("more_readers", [])]:
            steps.append((f"{step['users']}, reading {reading['pause'][0]}–{reading['pause'][1]} s a page",
                          step["pages"], {}))
    rows = []
    for users, pages, layout in steps:
        names = [n for n in PAGES if n in pages] + [n for n in pages if n not in PAGES and n != "All" and
                                                     not n.startswith("_")]
        for name, stats in [*((n, pages[n]) for n in names), ("All pages", pages.get("All")),
                            ("Empty layout page (yardstick, run alone)", layout.get("All"))]:
            if not stats:
                continue
            rows.append([users, name, f"{stats['requests']:,}", _whole(stats["rps"]), _whole(stats["p50"]),
                         _whole(stats["p95"]), _whole(stats["p99"]),
                         str(stats["failures"]) if not stats["failures"] else f"**{stats['failures']}**"])
    return rows


def load_lines(load, factor):
    from .load import closed_loop_note, readers_held_line, verdicts

    if not load:
        return []
    top = max(load["levels"])
    generator = load["levels"][top]["pages"].get("_generator_cpu")
    lines = [
        f"## Under load at {factor}×, through HTTP",
        "",
        f"gunicorn with the production settings (`DJANGO_PRODUCTION`, {load['workers']} sync workers, access log on) "
        "served the throwaway database on 127.0.0.1; locust, in a second process, played "
        + ", ".join(str(n) for n in sorted(load["levels"]))
        + f" people at once for {load['seconds']} s each, every one signed in as a different member, asking again as "
        "soon as each page arrived (no pause: the busiest moment, not a typical one). The mix: home 3 parts, the "
        "projects list, the big project's page, the meetings list, a meeting's page and My actions 2 parts each, "
        "and a reply (RSVP POST with the CSRF token from the meeting's own form) 1 part, to a meeting with "
        f"{load['replies']['capacity']} places. Before each mix, the same number of people asked only for the empty "
        "layout page: the yardstick, on the same server in the same run. Then the most people at once went round "
        "the same mix as people do, each reading every page for a moment (a pause of "
        + (f"{load['reading']['pause'][0]} to {load['reading']['pause'][1]} s" if load.get("reading") else "–")
        + ") before the next click, the meeting's page before their reply included: the p99 target is judged there. "
        "Then twice and four times as many readers, to find how many the server holds within it (they are the "
        "same members again, so their replies are not checked one by one; the meeting's places are checked at "
        "the end). "
        "They arrive over one longest pause, and the figures are of the time after the last has come (locust's "
        "`--reset-stats`): while locust starts people it is slow to read the replies already on their way, and "
        "gunicorn's own log timed those same requests at a third of what locust said. Times are from the load "
        "generator: what a person waits, queueing included.",
        "",
        "Targets, at the most people at once:",
        "",
    ]
    for target, met, detail in verdicts(load):
        lines.append(f"- {target}: {'met' if met else '**not met**'} ({detail}).")
    held = readers_held_line(load)
    if held:
        lines += ["", f"- {held}."]
    note = closed_loop_note(load)
    if note:
        lines += ["", f"- {note}"]
    if generator is not None:
        lines += ["", f"- The load generator itself used {generator:.2f} of the 2 cores at {top} at once (it shares "
                  "the machine with gunicorn and PostgreSQL)."]
    lines += ["", markdown_table(LOAD_HEADERS, load_rows(load)), ""]
    return lines


def chart_lines(charts):
    if not charts:
        return []
    texts = {
        "pages": ("Bar chart: the median time of each page at 1× and at 10× the network. The pages table above "
                  "holds the same figures."),
        "load": ("Line chart: each page's p99 time against how many people use the site at once, with the 100 ms "
                 "target. The load table holds the same figures."),
    }
    lines = ["## Charts", ""]
    for kind, path in charts.items():
        lines += [f"![{texts[kind]}]({path.name})", ""]
    return lines


def render_load_markdown(*, env, scale, factor, seeded, load, charts):
    return "\n".join([
        "# Benchmarks (the load section only)",
        "",
        "Written by `python manage.py benchmark --only load`. A full run (`make bench`) writes the whole report.",
        "",
        f"- Run: {env['when']}; Python {env['python']}, Django {env['django']}, {env['database']}; "
        f"{env['cpus']} CPUs (load {env['load']} at the start, shared with other work).",
        f"- Scale {scale:g} of the target network, then {factor}× that. Seeding took {seeded.seconds:.0f} s in all.",
        "",
        *load_lines(load, factor),
        *chart_lines(charts),
    ])


def weekly_workers_lines(result):
    """The weekly news on two Celery workers (front/bench/weekly_workers.py), counted at the mail server."""
    if not result:
        return []
    lines = ["## Weekly news on two workers, one killed midway", ""]
    if "error" in result:
        return [*lines, f"Not measured: {result['error']}", ""]
    met = "met" if result["within_target"] else "**not met**"
    clean = "met" if not result["duplicates"] and not result["misses"] else "**not met**"
    return [
        *lines,
        f"{result['workers']} Celery worker processes on one Redis broker and one PostgreSQL sent the weekly news to "
        f"{result['members']:,} members through an SMTP server on loopback, which counted the Message-IDs it "
        "received; one worker was killed with SIGKILL midway and started again. Each worker ran as the Procfile "
        f"starts it, with Celery's default pool: {result['concurrency']} sending processes, one per core.",
        "",
        f"- Within {result['target_seconds']:.0f} s: {met} ({result['seconds']:.1f} s for {result['emails']:,} "
        f"emails, {result['per_1000_seconds'] or 0:.2f} s per 1,000).",
        f"- 0 duplicates and 0 misses: {clean} ({result['duplicates']} duplicates, {result['misses']} misses, "
        f"{result['unexpected']} unexpected, of {result['expected']:,} expected).",
        *_weekly_cpu_lines(result),
        "",
    ]


def _weekly_cpu_lines(result):
    if result.get("cpu_per_1000_seconds") is None:
        return []
    total = result["worker_cpu_seconds"] + result["server_cpu_seconds"] + result.get("database_cpu_seconds", 0)
    cores = os.cpu_count() or 1
    return [
        f"- CPU: {result['cpu_per_1000_seconds']:.2f} s per 1,000 emails, {total:.0f} s in all: the workers "
        f"{result['worker_cpu_seconds']:.0f} s, the mail server (with the benchmark's own polling) "
        f"{result['server_cpu_seconds']:.0f} s, PostgreSQL {result.get('database_cpu_seconds', 0):.0f} s. "
        f"{cores} cores give {cores * result['target_seconds']:.0f} s of CPU in {result['target_seconds']:.0f} s; "
        f"load average {result['load_average']:.1f} at the end.",
    ]

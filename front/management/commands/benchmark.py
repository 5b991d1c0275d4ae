"""python manage.py benchmark: seed a large network in a throwaway PostgreSQL database and measure the main pages,
the weekly digest and a project export at 1× and 10× the data. Writes docs/benchmarks.md.
`--only power` measures just the power-balance pages (issue 19), after the same seeding, and writes nothing.
After the 10× seeding, the load section (front/bench/load.py, issue 21) runs gunicorn with the production settings
and locust against it; `--only load` runs just that (and the seeding), `--load-seconds` shortens each step.
The charts (front/bench/chart.py) are written beside the report as SVG.

It never touches real data: it creates its own database (coprod_bench on the server DATABASE_URL names) with
Django's test-database machinery, and drops it at the end.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from front.bench import chart, load, measure, report
from front.bench.seed import NetworkSeeder

BENCH_DATABASE = "coprod_bench"
DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"


class Command(BaseCommand):
    help = "Seed a large network in a throwaway database and measure pages, the weekly digest and an export."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=None,
            help="Fraction of the target network to seed as 1× (default 1.0; 0.1 for a quick check).",
        )
        parser.add_argument("--factor", type=int, default=10, help="How much to grow the data for the second run.")
        parser.add_argument("--repeat", type=int, default=15, help="Requests per page for the median time.")
        parser.add_argument(
            "--small",
            action="store_true",
            help="A tiny run (scale 0.01 unless --scale says otherwise); allowed on SQLite.",
        )
        parser.add_argument(
            "--digest-at-10x",
            action="store_true",
            help="Also send the weekly digest at 10× (slow: one email per member).",
        )
        parser.add_argument(
            "--only",
            default="",
            help="Measure only the pages whose name holds this (e.g. 'power' for the power-balance pages), without the digest and "
            "the export; the report is written only if --output is given too.",
        )
        parser.add_argument(
            "--output",
            default=None,
            help="Where to write the Markdown table ('-' to write nothing; default docs/benchmarks.md).",
        )
        parser.add_argument(
            "--load-seconds",
            type=int,
            default=None,
            help=f"How long each load step runs (default {load.DEFAULT_SECONDS}; 0 leaves the load section out, "
            "as --small does unless this is given).",
        )
        parser.add_argument(
            "--load-workers",
            type=int,
            default=load.DEFAULT_WORKERS,
            help=f"gunicorn workers for the load section (default {load.DEFAULT_WORKERS}, for 2 cores).",
        )
        parser.add_argument("--keepdb", action="store_true", help="Keep the benchmark database afterwards.")
        parser.add_argument(
            "--database-name",
            default=BENCH_DATABASE,
            help=f"The throwaway database's name (default {BENCH_DATABASE}); the tests use their own.",
        )

    def handle(self, *args, **options):
        scale = options["scale"] if options["scale"] is not None else (0.01 if options["small"] else 1.0)
        if connection.vendor != "postgresql" and not options["small"]:
            raise CommandError(
                "The benchmark measures PostgreSQL, as in production. Set DATABASE_URL=postgres://… "
                "(it creates its own database, coprod_bench, on that server), or add --small for a quick check here."
            )
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        # Not Django's test environment: it wraps every template render to record contexts for assertions, which
        # production never does and which would be timed with every page. Only what the test client needs is set.
        environment = override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        environment.enable()
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "postgresql":
            test_settings["NAME"] = options["database_name"]
        self.stdout.write(f"Creating the throwaway database {test_settings.get('NAME') or '(in memory)'}…")
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        try:
            self.run(
                scale=scale,
                factor=options["factor"],
                repeat=options["repeat"],
                digest_at_10x=options["digest_at_10x"],
                output=options["output"] or ("-" if options["only"] else str(DEFAULT_OUTPUT)),
                only=options["only"],
                load_seconds=options["load_seconds"] if options["load_seconds"] is not None else (
                    0 if options["small"] else load.DEFAULT_SECONDS),
                small=options["small"],
                load_workers=options["load_workers"],
            )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=options["keepdb"])
            environment.disable()

    def say(self, message):
        self.stdout.write(message)
        self.stdout.flush()

    def run(self, *, scale, factor, repeat, digest_at_10x, output, only="", load_seconds=0, load_workers=None,
            small=False):
        from network.models import Member

        env = report.environment()
        seeder = NetworkSeeder(scale=scale, log=self.say)
        runs, digests, exports, export_rows, members = {}, {}, {}, {}, {}
        load_only = only == "load"

        for step in (1, factor):
            self.say(f"Seeding to {step}× (scale {scale:g})…")
            seeded = seeder.grow_to(step)
            members[step] = Member.objects.count()
            if load_only:
                continue
            self.say(f"Measuring pages at {step}×…")
            runs[step] = measure.measure_pages(seeder, repeat, only=only)
            for name, result in runs[step][0].items():
                if result is None:
                    self.say(f"  {name}: not yet built")
                else:
                    self.say(f"  {name}: {result['queries']} queries, {result['ms']:.1f} ms (HTTP {result['status']})")
            if only:
                continue  # only the pages asked for
            if step == 1 or digest_at_10x:
                self.say(f"Sending the weekly digest to {members[step]:,} members…")
                started = time.perf_counter()
                digests[step] = measure.measure_digest()
                self.say(
                    "  not yet built"
                    if digests[step] is None
                    else f"  {time.perf_counter() - started:.1f} s, {digests[step]['queries']:,} queries"
                )
            self.say("Exporting the big project…")
            exports[step] = measure.measure_export(seeder)
            export_rows[step] = measure.big_project_rows(seeder)
            self.say(
                "  not yet built"
                if exports[step] is None
                else f"  {exports[step]['seconds']:.2f} s (bare openpyxl, same rows: "
                f"{exports[step]['bare_seconds'] or 0:.2f} s), peak {exports[step]['peak_mb']:.1f} MB"
            )

        under_load = None
        if load_seconds and (load_only or not only):
            self.say(f"Under load at {factor}×: gunicorn and locust, {', '.join(map(str, load.CONCURRENCY))} at once…")
            under_load = load.run_load(seeder, seconds=load_seconds, workers=load_workers, log=self.say)
            self.say("")
            self.say(report.text_table(report.LOAD_HEADERS, report.load_rows(under_load)))
            for target, met, detail in load.verdicts(under_load):
                self.say(f"  {target}: {'met' if met else 'NOT met'} ({detail})")
            for note in (load.readers_held_line(under_load), load.closed_loop_note(under_load)):
                if note:
                    self.say(f"  {note}")
        weekly = None if only or small else self.weekly_news_on_two_workers(members[factor])
        if load_only:
            if output != "-":
                self.write_load_report(output, env=env, scale=scale, factor=factor, seeded=seeded, load=under_load)
            return

        self.say("")
        self.say(report.text_table(report.PAGE_HEADERS, report.page_rows(runs, factor)))
        power = report.power_rows(runs, factor)
        if power:
            self.say("")
            self.say("Power-balance figures (issue 19):")
            self.say(report.text_table(report.POWER_HEADERS, power))
        if only:
            return self.write_report(output, env=env, scale=scale, factor=factor, seeded=seeded, runs=runs,
                                     digests=digests, exports=exports, export_rows=export_rows, repeat=repeat,
                                     members=members)
        self.say("")
        self.say("Weekly digest at 1×: " + report.digest_cells(digests.get(1), members[1]).replace("**", ""))
        for step in (1, factor):
            self.say(f"Export at {step}×: " + report.export_cells(exports.get(step), export_rows.get(step, {})))
        self.say("")
        self.say(report.text_table(report.EXPORT_HEADERS, report.export_table_rows(exports, factor)))

        self.write_report(output, env=env, scale=scale, factor=factor, seeded=seeded, runs=runs, digests=digests,
                          exports=exports, export_rows=export_rows, repeat=repeat, members=members, load=under_load,
                          weekly=weekly)

    def weekly_news_on_two_workers(self, members):
        """Issue 21's weekly news on two Celery workers (front/bench/weekly_workers.py), at the largest size."""
        try:
            from front.bench.weekly_workers import measure_weekly_news_on_two_workers
        except ImportError:
            return None
        self.say(f"The weekly news to {members:,} members on two Celery workers, one killed midway…")
        try:
            return measure_weekly_news_on_two_workers(members_expected=members, log=self.say)
        except (RuntimeError, TimeoutError) as error:
            self.say(f"  not measured: {error}")
            return {"error": str(error)}

    def write_load_report(self, output, *, load, **parts):
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        charts = chart.write_charts(Path(output).parent, runs=None, factor=parts["factor"], load=load)
        text = report.render_load_markdown(load=load, charts=charts, **parts)
        Path(output).write_text(text, encoding="utf-8")
        self.say(f"Wrote {output} and {', '.join(str(c) for c in charts.values())}")

    def write_report(self, output, **parts):
        if output == "-":
            return
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        charts = chart.write_charts(Path(output).parent, runs=parts["runs"], factor=parts["factor"],
                                    load=parts.get("load"))
        text = report.render_markdown(charts=charts, **parts)
        Path(output).write_text(text, encoding="utf-8")
        self.say(f"Wrote {output}" + "".join(f" and {c}" for c in charts.values()))

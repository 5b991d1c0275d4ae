"""The benchmark command keeps working: a tiny run in a throwaway database prints the table and writes the report."""

import os
import subprocess
import sys

from tests.services import BASE_DIR


def test_a_tiny_benchmark_run_prints_every_page_with_its_queries_and_writes_the_report(tmp_path):
    report = tmp_path / "benchmarks.md"
    env = {**os.environ, "DJANGO_TESTING": "0", "COPRODUCTION_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "--small", "--scale", "0.002", "--repeat", "1",
         "--output", str(report), "--database-name", "coprod_bench_of_the_tests"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for page in ("Home", "Projects list", "Meetings list", "Pledge page", "My actions"):
        assert page in result.stdout
    assert "Weekly digest" in result.stdout and "Export at 10×" in result.stdout
    assert "Weekly digest at 1×: not" not in result.stdout, "the weekly news was not measured"
    assert "emails sent for" in result.stdout
    assert "| Page |" in report.read_text()
    for page in ("Is power shared: figures (network)", "Is power shared: framework (network)"):
        assert page in result.stdout
    assert "## Power-balance figures (issue 19)" in report.read_text()
    assert "First visit after a change ms 10×" in report.read_text()


def test_growing_the_network_in_bulk_leaves_no_figure_from_before(client, db):
    from front.bench.seed import NetworkSeeder
    from network.models import Member

    seeder = NetworkSeeder(scale=0.001, log=lambda message: None)
    seeder.grow_to(1)
    assert client.get("/").context["counts"]["members"] == Member.objects.active().count()
    seeder.grow_to(3)
    assert client.get("/").context["counts"]["members"] == Member.objects.active().count()


def test_the_big_network_has_what_the_power_balance_figures_count_with_each_role_then(db):
    from front.bench.seed import NetworkSeeder
    from meetings.models import Attendance, Invitation, Minutes
    from meetings.models_chairs import MeetingChair
    from partnership import figures
    from partnership.models import Figure

    NetworkSeeder(scale=0.002, log=lambda message: None).grow_to(1)
    for rows, role in ((MeetingChair.objects, "role_then"), (Invitation.objects, "role_then"),
                       (Attendance.objects, "role_then"), (Minutes.objects, "publisher_role_then")):
        assert rows.exists() and not rows.filter(**{role: ""}).exists()
    counted = {entry["figure"]: entry["all"].total for entry in figures.compute(figures.default_period())["figures"]}
    for figure in (Figure.INVITED, Figure.CAME, Figure.CHAIRS, Figure.PRESENTERS, Figure.ACTION_OWNERS,
                   Figure.MINUTE_WRITERS, Figure.PROJECT_LEADS):
        assert counted[figure] > 0, figure

"""The weekly news on two real workers, on its own throwaway database: `manage.py bench_weekly_news --scale 0.1`
(1,000 members; the benchmark's 10× is --scale 10)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Send the weekly news to a seeded network on two Celery workers, one killed midway, and count."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.03, help="1 is 10,000 members (default 0.03: 300).")
        parser.add_argument("--database-name", default="coprod_bench_weekly")
        parser.add_argument("--concurrency", type=int, default=1, help="Processes per worker (default 1).")

    def handle(self, *args, **options):
        from front.bench.seed import NetworkSeeder
        from front.bench.weekly_workers import measure_weekly_news_on_two_workers
        from network.models import Member

        if connection.vendor != "postgresql":
            raise CommandError("Set DATABASE_URL=postgres://… (and REDIS_URL=redis://…).")
        connection.settings_dict.setdefault("TEST", {})["NAME"] = options["database_name"]
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                NetworkSeeder(scale=options["scale"], log=self.stdout.write).grow_to(1)
            result = measure_weekly_news_on_two_workers(
                members_expected=Member.objects.count(), log=self.stdout.write, concurrency=options["concurrency"]
            )
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

from django.core.management.base import BaseCommand

from network.permissions import sync_lead_permissions


class Command(BaseCommand):
    help = "Give the “Co-production leads” group exactly the permissions listed in network/permissions.py."

    def handle(self, *args, **options):
        added, removed, missing = sync_lead_permissions()
        for name in added:
            self.stdout.write(f"granted {name}")
        for name in removed:
            self.stdout.write(f"taken away {name}")
        if missing and options["verbosity"] > 1:
            for name in missing:
                self.stdout.write(f"not yet in the database (skipped): {name}")
        self.stdout.write(self.style.SUCCESS(f"Leads group: {len(added)} granted, {len(removed)} taken away."))

from django.core.management.base import BaseCommand
from django.db import transaction

from involvement import demo as involvement_demo
from meetings import demo as meetings_demo
from network import demo as network_demo
from partnership import demo as partnership_demo
from pledges import demo as pledges_demo
from projects import demo as projects_demo


class Command(BaseCommand):
    help = "Build a believable demo network. Safe to run again: nothing is duplicated."

    @transaction.atomic
    def handle(self, *args, **options):
        members = network_demo.seed()
        projects = projects_demo.seed(members)
        pledges_demo.seed(members)
        involvement_demo.seed(members, meetings_demo.seed(members, projects))
        partnership_demo.seed(members)
        self.stdout.write(self.style.SUCCESS(f"Demo network ready: {len(members)} members, {len(projects)} projects."))

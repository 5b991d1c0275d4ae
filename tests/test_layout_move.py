"""The apps moved to the top level with their labels, tables and migrations unchanged: a database made before the
move needs nothing new, and every job Celery beat has stored still names a task the workers run."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_celery_beat.models import PeriodicTask

from coproduction.celery import app


def test_a_database_migrated_before_the_move_has_nothing_left_to_apply_and_no_unknown_migration(db):
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    applied = set(executor.loader.applied_migrations)
    assert applied <= set(executor.loader.disk_migrations)
    # The labels the tables and migrations are named by did not move with the folders.
    assert {label for label, _ in applied} >= {"network", "meetings", "notifications", "exports", "projects", "pledges"}


def test_every_scheduled_job_names_a_task_the_workers_know(db):
    app.loader.import_default_modules()
    stored = set(PeriodicTask.objects.values_list("task", flat=True))
    assert stored, "the migrations schedule the reminder scan and the weekly news"
    assert stored <= set(app.tasks), stored - set(app.tasks)


def test_the_scheduled_tasks_keep_the_names_they_were_stored_under(db):
    app.loader.import_default_modules()
    for name in ("network.notifications.tasks.scan_due_notifications",
                 "network.notifications.tasks.plan_weekly_digest",
                 "network.notifications.tasks.send_pending_deliveries",
                 "network.meetings.tasks.send_invitations"):
        assert name in app.tasks, name

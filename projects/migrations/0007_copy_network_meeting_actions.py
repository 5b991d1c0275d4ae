"""Copy every action from a network meeting (meetings.Action) into projects.Action, with no project.

meetings 0004 then deletes meetings.Action. Going backwards moves the project-less actions back.
"""

from django.db import migrations

FIELDS = ["meeting_id", "what", "owner_id", "due", "done_at"]


def copy_across(apps, schema_editor):
    NetworkAction = apps.get_model("meetings", "Action")
    Action = apps.get_model("projects", "Action")
    Action.objects.bulk_create(
        (Action(project=None, **{f: getattr(old, f) for f in FIELDS}) for old in NetworkAction.objects.order_by("pk")),
        batch_size=500,
    )


def copy_back(apps, schema_editor):
    NetworkAction = apps.get_model("meetings", "Action")
    Action = apps.get_model("projects", "Action")
    moving = Action.objects.filter(project__isnull=True).order_by("pk")
    NetworkAction.objects.bulk_create(
        (NetworkAction(**{f: getattr(action, f) for f in FIELDS}) for action in moving), batch_size=500
    )
    moving.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0003_agenda_papers_invitations_minutes_calendars"),
        ("projects", "0006_action_for_a_project_or_a_meeting"),
    ]

    operations = [migrations.RunPython(copy_across, copy_back)]

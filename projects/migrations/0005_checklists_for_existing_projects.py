"""Projects made before stage checklists existed get their own copy of the defaults too."""

from django.db import migrations


def copy_defaults(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    DefaultChecklistItem = apps.get_model("projects", "DefaultChecklistItem")
    StageChecklistItem = apps.get_model("projects", "StageChecklistItem")
    defaults = list(DefaultChecklistItem.objects.all())
    for project in Project.objects.filter(checklist_items__isnull=True):
        StageChecklistItem.objects.bulk_create(
            StageChecklistItem(project=project, stage=d.stage, text=d.text, order=d.order) for d in defaults
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_project_started_by")]

    operations = [migrations.RunPython(copy_defaults, migrations.RunPython.noop)]

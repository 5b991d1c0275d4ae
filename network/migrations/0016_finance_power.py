"""The finance power: a lead grants it to the people who approve and pay involvement payments and expenses."""

from django.db import migrations, models

FINANCE_GROUP_NAME = "Finance: approve and pay involvement"


def make_the_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=FINANCE_GROUP_NAME)


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0015_member_previous_seen_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="powerchange",
            name="power",
            field=models.CharField(
                choices=[
                    ("co_production_lead", "Co-production lead"),
                    ("export_project_records", "May download the full record of projects they are in"),
                    ("finance", "May approve and pay involvement payments and expenses"),
                ],
                max_length=30,
                verbose_name="power",
            ),
        ),
        migrations.RunPython(make_the_group, migrations.RunPython.noop),
    ]

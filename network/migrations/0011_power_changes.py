"""Powers are granted, never claimed: every grant is a dated PowerChange row, and exporting records is a power.

Existing leads get a row saying they held the power before grants were recorded. Members whose main role is
"staff" are NOT given the export power: a lead grants it to the people who need it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


LEADS_GROUP_NAME = "Co-production leads"
EXPORTERS_GROUP_NAME = "Staff who may export project records"


def record_existing_powers(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    PowerChange = apps.get_model("network", "PowerChange")
    Group.objects.get_or_create(name=EXPORTERS_GROUP_NAME)
    leads = Group.objects.filter(name=LEADS_GROUP_NAME).first()
    if leads is None:
        return
    PowerChange.objects.bulk_create(
        PowerChange(member_id=member_id, power="co_production_lead", granted=True,
                    note="Held before grants were recorded")
        for member_id in leads.user_set.values_list("pk", flat=True)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0010_member_erased_at'),
    ]

    operations = [
        migrations.CreateModel(
            name='PowerChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('power', models.CharField(choices=[('co_production_lead', 'Co-production lead'), ('export_project_records', 'May download the full record of projects they are in')], max_length=30, verbose_name='power')),
                ('granted', models.BooleanField(help_text='Ticked: the power was granted. Not ticked: withdrawn.', verbose_name='granted')),
                ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='why')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='power_changes', to=settings.AUTH_USER_MODEL, verbose_name='member')),
            ],
            options={
                'verbose_name': 'power granted or withdrawn',
                'verbose_name_plural': 'powers granted or withdrawn',
                'ordering': ['-changed_at', '-pk'],
                'indexes': [models.Index(fields=['member', 'power', '-changed_at'], name='power_change_latest')],
            },
        ),
        migrations.RunPython(record_existing_powers, migrations.RunPython.noop),
    ]

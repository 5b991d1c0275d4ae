"""Each decision becomes its own row (meetings.Decision), copied from the minutes' one-per-line text."""

import django.db.models.deletion
from django.db import migrations, models


def copy_decisions_into_rows(apps, schema_editor):
    Minutes = apps.get_model("meetings", "Minutes")
    Decision = apps.get_model("meetings", "Decision")
    rows = []
    for meeting_id, text in Minutes.objects.exclude(decisions="").values_list("meeting_id", "decisions").iterator():
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        rows += [Decision(meeting_id=meeting_id, text=line, order=n) for n, line in enumerate(lines, start=1)]
        if len(rows) >= 1000:
            Decision.objects.bulk_create(rows)
            rows = []
    Decision.objects.bulk_create(rows)


def copy_rows_back_into_decisions(apps, schema_editor):
    Minutes = apps.get_model("meetings", "Minutes")
    Decision = apps.get_model("meetings", "Decision")
    texts = {}
    for meeting_id, text in Decision.objects.order_by("meeting_id", "order", "pk").values_list("meeting_id", "text"):
        texts.setdefault(meeting_id, []).append(text)
    for minutes in Minutes.objects.filter(meeting_id__in=texts):
        minutes.decisions = "\n".join(texts[minutes.meeting_id])
        minutes.save(update_fields=["decisions"])


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_meeting_starts_at_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='decision')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='meetings.meeting')),
            ],
            options={
                'verbose_name': 'decision',
                'verbose_name_plural': 'decisions',
                'ordering': ['meeting', 'order', 'pk'],
            },
        ),
        migrations.RunPython(copy_decisions_into_rows, copy_rows_back_into_decisions),
        migrations.RemoveField(
            model_name='minutes',
            name='decisions',
        ),
    ]

from django.db import migrations

SCAN_TASK = "network.notifications.tasks.scan_due_notifications"
WEEKLY_TASK = "network.notifications.tasks.plan_weekly_digest"


def add_defaults(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    ReminderRule.objects.get_or_create(hours_before=168, defaults={"label": "A week before"})
    ReminderRule.objects.get_or_create(hours_before=24, defaults={"label": "The day before"})

    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Send reminders and digests that are due",
        defaults={"task": SCAN_TASK, "interval": every_minute,
                  "description": "Every minute: sends whatever is due and not yet sent. Catches up after a pause."},
    )
    monday_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="1", day_of_month="*", month_of_year="*", timezone="Europe/London"
    )
    PeriodicTask.objects.get_or_create(
        name="Weekly network news",
        defaults={"task": WEEKLY_TASK, "crontab": monday_morning,
                  "description": "Mondays at 8am: each member's weekly news, if there is anything new for them."},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]

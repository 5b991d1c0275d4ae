from django.db import migrations
from django.utils import timezone


def make_the_statement(apps, schema_editor):
    # One statement for leads to open in the admin, written today; its test date stays empty until they record one.
    statement = apps.get_model("network", "AccessibilityStatement")
    if not statement.objects.exists():
        statement.objects.create(prepared_on=timezone.localdate())


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0019_member_supporter_only"),
    ]

    operations = [migrations.RunPython(make_the_statement, migrations.RunPython.noop)]

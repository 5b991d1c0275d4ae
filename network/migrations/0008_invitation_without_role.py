from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0007_consent_labels"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="invitation",
            name="role",
        ),
    ]

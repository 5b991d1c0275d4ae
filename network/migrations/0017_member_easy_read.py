from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0016_finance_power"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="easy_read",
            field=models.BooleanField(default=False, verbose_name="Easy Read"),
        ),
    ]

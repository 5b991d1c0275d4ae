from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0014_action_for_the_network_plan"),
    ]

    operations = [
        migrations.AddField(
            model_name="principle",
            name="easy_read_text",
            field=models.TextField(
                blank=True,
                help_text="Short sentences, one idea in each. Everyday words.",
                verbose_name="what it means, in Easy Read",
            ),
        ),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pledges", "0003_pledge_wall_and_standing_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="pledgeversion",
            name="easy_read_text",
            field=models.TextField(
                blank=True,
                help_text="Short sentences, one idea in each. Everyday words. A version cannot be published without it.",
                verbose_name="the pledge in Easy Read",
            ),
        ),
    ]

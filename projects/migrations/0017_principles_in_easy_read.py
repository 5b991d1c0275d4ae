"""The seven starting principles (0003) in Easy Read, where a lead has not written their own yet."""

from django.db import migrations

EASY_READ = {
    "Sharing power fairly": "Everyone's voice counts the same.\nWe make decisions together.",
    "Every kind of knowledge counts": "What you have lived through matters.\nIt matters as much as what staff learned.",
    "Partners on an equal footing": "We are all partners.\nWe plan together.\nWe decide together.",
    "Give and take on both sides": "Everyone brings something.\nEveryone gets something back.",
    "Growing together": "We learn from each other.\nWe get new skills.",
    "Looking back at how we worked": "We think about how we worked.\nWe change what did not go well.",
    "Flexible ways of taking part": "You can take part in the way that suits you.",
}


def write_easy_read(apps, schema_editor):
    Principle = apps.get_model("projects", "Principle")
    for name, text in EASY_READ.items():
        Principle.objects.filter(name=name, easy_read_text="").update(easy_read_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0016_welsh_principle_and_summary"),
    ]

    operations = [migrations.RunPython(write_easy_read, migrations.RunPython.noop)]

"""The network's seven principles and the toolkit's stage checklist, in our own words. Leads edit both in the admin."""

from django.db import migrations

PRINCIPLES = [
    ("Sharing power fairly", "Nobody's voice counts for more because of their job title. Decisions are made together."),
    ("Every kind of knowledge counts", "What people have lived through is as valuable as what professionals have learned."),
    ("Partners on an equal footing", "Everyone is a real partner: we plan, decide and take credit together."),
    ("Give and take on both sides", "Everyone brings something and everyone gets something back."),
    ("Growing together", "We all learn from each other and leave with new skills and confidence."),
    ("Looking back at how we worked", "We stop to think about every part of the work, and change what did not go well."),
    ("Flexible ways of taking part", "We meet and work in ways that suit the people involved, not only the organisation."),
]

CHECKLIST = {
    "preparing": [
        "We have agreed what this project can change, and what it cannot.",
        "Everyone taking part has been offered the training, support and resources they need.",
        "We know who is involved, why they are involved and what each person will do.",
        "Everyone gets the information they need, in a way that works for them, in good time.",
    ],
    "doing": [
        "We are open and honest with each other, including when things go wrong.",
        "We treat each other with dignity and respect, and keep in mind what will help the community.",
        "What people who use services tell us really shapes the work, and we can show where.",
        "We try new ideas, change course when we need to and welcome difference.",
        "Everyone is listened to, heard and understood.",
        "We stay open to new ways of doing things.",
        "We choose our words and actions with care and respect.",
    ],
    "developing": [
        "We are doing what we agreed, not just talking about it.",
        "We are measuring what difference working together has made.",
    ],
}


def seed(apps, schema_editor):
    Principle = apps.get_model("projects", "Principle")
    DefaultChecklistItem = apps.get_model("projects", "DefaultChecklistItem")
    for order, (name, description) in enumerate(PRINCIPLES, start=1):
        Principle.objects.get_or_create(name=name, defaults={"description": description, "order": order})
    for stage, points in CHECKLIST.items():
        for order, text in enumerate(points, start=1):
            DefaultChecklistItem.objects.get_or_create(stage=stage, text=text, defaults={"order": order})


def unseed(apps, schema_editor):
    apps.get_model("projects", "DefaultChecklistItem").objects.filter(
        text__in=[text for points in CHECKLIST.values() for text in points]
    ).delete()
    apps.get_model("projects", "Principle").objects.filter(name__in=[name for name, _ in PRINCIPLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_stages_actions_impact_reflections")]

    operations = [migrations.RunPython(seed, unseed)]

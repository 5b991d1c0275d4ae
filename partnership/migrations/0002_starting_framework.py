"""A starting framework leads then change in the admin: a question for the yearly review on each of the network's
principles, and a few measurable criteria (some worked out from the figures, some answered with evidence)."""

from django.db import migrations

QUESTIONS = {
    "Sharing power fairly": ["Do people who use services share in the decisions that matter?"],
    "Every kind of knowledge counts": ["Is what people have lived through valued as much as professional knowledge?"],
    "Partners on an equal footing": ["Do we plan, decide and take credit together?"],
    "Give and take on both sides": ["Does everyone get something back for what they give, such as payment, "
                                    "expenses, learning or thanks?"],
    "Growing together": ["Have you learned something or grown in confidence by taking part?"],
    "Looking back at how we worked": ["Do we stop to think about how we work, and change what did not go well?"],
    "Flexible ways of taking part": ["Can you take part in a way that suits you?"],
}

# (principle, text, how, scope, stage, figure, role, comparison, threshold)
CRITERIA = [
    ("Sharing power fairly", "People who use services chair or co-chair at least half of our meetings.",
     "computed", "network", "", "chairs", "service_user", "at_least", 50),
    ("Sharing power fairly", "At least a third of project leads are people who use services.",
     "computed", "network", "", "project_leads", "service_user", "at_least", 33),
    ("Every kind of knowledge counts", "People who use services present at our meetings, not only staff.",
     "computed", "network", "", "presenters", "service_user", "at_least", 25),
    ("Partners on an equal footing", "People who use services are at least a quarter of the project's leads.",
     "computed", "project", "", "project_leads", "service_user", "at_least", 25),
    ("Partners on an equal footing", "The project agreed its aims together with the people it is for.",
     "evidence", "project", "preparing", "", "", "at_least", None),
    ("Give and take on both sides", "Everyone was offered expenses, and a payment where the work asks for it.",
     "evidence", "project", "", "", "", "at_least", None),
    ("Looking back at how we worked", "The project looked back at how it worked before moving on.",
     "evidence", "project", "developing", "", "", "at_least", None),
    ("Flexible ways of taking part", "People could take part in more than one way (in person, online, in writing).",
     "evidence", "project", "doing", "", "", "at_least", None),
]


def add_framework(apps, schema_editor):
    Principle = apps.get_model("projects", "Principle")
    Question = apps.get_model("partnership", "ReviewQuestion")
    Criterion = apps.get_model("partnership", "Criterion")
    principles = {p.name: p for p in Principle.objects.all()}
    if Question.objects.exists() or Criterion.objects.exists():
        return
    for name, texts in QUESTIONS.items():
        if name in principles:
            for order, text in enumerate(texts):
                Question.objects.create(principle=principles[name], text=text, order=order)
    for order, (name, text, how, scope, stage, figure, role, comparison, threshold) in enumerate(CRITERIA):
        if name in principles:
            Criterion.objects.create(principle=principles[name], text=text, how=how, scope=scope, stage=stage,
                                     figure=figure, role=role, comparison=comparison, threshold_percent=threshold,
                                     order=order)


class Migration(migrations.Migration):

    dependencies = [
        ("partnership", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_framework, migrations.RunPython.noop)]

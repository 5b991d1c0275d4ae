"""Four involvement levels and their rates, in the shape of NHS England's policy for patient and public voice
partners: expenses are paid back at every level; an involvement payment is offered at the higher two. Leads change
the words, rates and which levels are offered in the admin; new rates are added with the date they apply from.
"""

import datetime

from django.db import migrations

LEVELS = [
    (1, "Getting information",
     "You hear about the work and what is planned, for example at an open event or by reading the network's news. "
     "We pay back your expenses.", False),
    (2, "Giving your views",
     "You tell us what you think, for example in a survey, a focus group or a one-off meeting. We pay back your "
     "expenses.", False),
    (3, "Working together",
     "You take part in the work regularly, for example in a project group or a network meeting, and help make "
     "decisions. We pay back your expenses and offer an involvement payment.", True),
    (4, "A partner in a role",
     "You have an agreed role, for example co-chair, a member of an interview panel or a trainer. We pay back your "
     "expenses and offer an involvement payment.", True),
]
FROM = datetime.date(2026, 4, 6)  # the start of the 2026 to 2027 tax year
RATES = {3: [("half_day", 7500), ("day", 15000), ("hour", 2000)], 4: [("half_day", 7500), ("day", 15000),
                                                                       ("hour", 2000)]}
PENCE_PER_MILE = 45


def add_defaults(apps, schema_editor):
    Level = apps.get_model("involvement", "InvolvementLevel")
    Rate = apps.get_model("involvement", "PaymentRate")
    Mileage = apps.get_model("involvement", "MileageRate")
    if Level.objects.exists():
        return
    for order, name, description, pays in LEVELS:
        level = Level.objects.create(order=order, name=name, description=description, pays_involvement_payment=pays)
        for unit, pence in RATES.get(order, []):
            Rate.objects.create(level=level, unit=unit, amount_pence=pence, applies_from=FROM)
    Mileage.objects.get_or_create(applies_from=FROM, defaults={"pence_per_mile": PENCE_PER_MILE})


class Migration(migrations.Migration):

    dependencies = [
        ("involvement", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]

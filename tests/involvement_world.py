"""Involvement rows made directly, for the tests of figures, permissions and personal data (no service runs)."""

import datetime as dt
import importlib
from decimal import Decimal

from django.apps import apps
from django.core.files.base import ContentFile

from involvement.models import (
    Activity,
    ExpenseClaim,
    ExpenseLine,
    InvolvementLevel,
    InvolvementRecord,
    Receipt,
    Reward,
    Status,
    Step,
)

DAY = dt.date(2026, 6, 10)  # in the 2026 to 2027 tax year
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def default_levels():
    """The levels, rates and mileage rate of migration 0002, made again where a browser test's flush removed them."""
    importlib.import_module("involvement.migrations.0002_default_levels_and_rates").add_defaults(apps, None)


def level(order):
    """One of the default levels (migration 0002): 1 getting information ... 4 a partner in a role."""
    default_levels()
    return InvolvementLevel.objects.get(order=order)


def activity(*, project=None, meeting=None, level_order=3, title="Project group", on=DAY):
    return Activity.objects.create(title=title, project=project, meeting=meeting, level=level(level_order),
                                   happens_on=on)


def record(member, what, *, hours="2", role=None, status=Status.WAITING, amount_pence=4000, on=DAY, note="",
           kind=InvolvementRecord.Kind.ATTENDED):
    row = InvolvementRecord.objects.create(
        member=member, activity=what, kind=kind, on=on, hours=Decimal(hours), level=what.level,
        role_then=member.role if role is None else role, reward=Reward.PAYMENT, rate_pence=2000,
        amount_pence=amount_pence, status=status, note=note,
    )
    if status == Status.PAID:
        Step.objects.create(record=row, outcome=Step.Outcome.PAID, paid_on=on, method=Step.Method.BANK)
    return row


def claim(member, *, project=None, meeting=None, lines=((1250, Status.WAITING),), what_for="Bus to the meeting",
          on=DAY, with_receipt=False, made_by=None):
    """A claim with a line per (pence, status); each line with a receipt if asked."""
    made = ExpenseClaim.objects.create(member=member, project=project, meeting=meeting, made_by=made_by or member)
    for pence, status in lines:
        line = ExpenseLine.objects.create(claim=made, kind=ExpenseLine.Kind.PUBLIC_TRANSPORT, spent_on=on,
                                          what_for=what_for, amount_pence=pence, status=status)
        if status == Status.PAID:
            Step.objects.create(line=line, outcome=Step.Outcome.PAID, paid_on=on, method=Step.Method.CASH)
        if status == Status.DECLINED:
            Step.objects.create(line=line, outcome=Step.Outcome.DECLINED, reason="Not agreed beforehand")
        if with_receipt:
            receipt = Receipt(line=line, original_name="ticket.pdf", content_type="application/pdf", size=len(PDF))
            receipt.file.save("ticket.pdf", ContentFile(PDF), save=True)
    return made

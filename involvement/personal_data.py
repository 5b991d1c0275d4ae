"""What erasing an account does to involvement rows (the words are network/personal_data.py's).

Money paid or owed is the network's accounts: HMRC and auditors need a record of every payment and expense for years
after it was made, so the records, claims, lines, amounts, dates and steps stay, shown as "a former member, <role>"
(the Member row loses the name). What the person chose or wrote goes: how they like to be rewarded (it can tell
someone about their benefits), their notes, what each expense was for (it can hold an address or a health reason),
and the receipts of claims no money will be paid for (declined, or replaced by a correction). Receipts of claims that
are waiting, approved or paid stay: they are the evidence for that money.
"""

from django.db import transaction

from network.personal_data import DELETE, KEEP, Blank, Call, Rule, register

from .models import ExpenseLine, Receipt, Status

NO_MONEY = (Status.DECLINED, Status.REPLACED)


def _their_claims(rows, member):
    lines = ExpenseLine.objects.filter(claim__in=rows)
    lines.update(what_for="")
    unpaid = Receipt.objects.filter(line__in=lines.filter(status__in=NO_MONEY))
    files = {receipt.file.name for receipt in unpaid if receipt.file}
    unpaid.delete()
    # A correction's receipts are the same files as the line it replaced: those stay with the correction.
    files -= set(Receipt.objects.filter(file__in=files).values_list("file", flat=True))
    storage = Receipt._meta.get_field("file").storage
    # The files go only once the erasure is committed: if it fails, the claim still has its receipts.
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


register({
    "involvement.paymentrate": Rule(recorded_by=KEEP),  # which lead set a rate
    "involvement.activity": Rule(created_by=KEEP),
    "involvement.rewardchoice": Rule(member=DELETE, recorded_by=KEEP),
    "involvement.involvementrecord": Rule(member=Blank(note=""), recorded_by=KEEP),
    "involvement.expenseclaim": Rule(member=Call(_their_claims), made_by=KEEP),
    "involvement.step": Rule(by=KEEP),  # who approved or paid stays known, as for who changed a power
})

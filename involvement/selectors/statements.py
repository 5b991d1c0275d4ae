"""A person's involvement in a tax year (the "My involvement" page and the printable statement) and the finance
export's rows.

Two dates matter and each is used for one thing: the day of the activity or the spending says which tax year a
piece of work belongs to (what you did this year and where each item is now); the day money was paid says which
tax year a payment counts in (the statement an adviser reads, and what finance paid in a period).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network.paging import lookahead_page

from ..models import ExpenseLine, InvolvementRecord, Reward, Status, Step

TAX_YEAR_STARTS = (4, 6)  # the UK tax year runs from 6 April to 5 April
EARLIEST_TAX_YEAR = 2000
ITEMS_PER_PAGE = 25
CHUNK_SIZE = 500  # export rows fetched at a time: memory stays flat however many there are


def tax_year_of(day):
    """The tax year a date falls in, named by the year it starts: 5 April 2027 is in 2026 (2026 to 2027)."""
    return day.year if (day.month, day.day) >= TAX_YEAR_STARTS else day.year - 1


@dataclass(frozen=True)
class TaxYear:
    starts: int  # 2026 for 6 April 2026 to 5 April 2027

    @property
    def first_day(self):
        return dt.date(self.starts, *TAX_YEAR_STARTS)

    @property
    def last_day(self):
        return dt.date(self.starts + 1, 4, 5)

    @property
    def dates(self):
        return self.first_day, self.last_day

    @property
    def name(self):
        return f"{self.starts} to {self.starts + 1}"

    @property
    def span(self):
        return f"{date_format(self.first_day, 'j F Y')} to {date_format(self.last_day, 'j F Y')}"

    @property
    def is_current(self):
        return self.starts == current_tax_year().starts


def current_tax_year():
    return TaxYear(tax_year_of(timezone.localdate()))


def tax_year(starts):
    """The tax year starting in `starts`, or None for one before the platform's records or after this one."""
    if not EARLIEST_TAX_YEAR <= starts <= current_tax_year().starts:
        return None
    return TaxYear(starts)


# ---- the latest step of each kind, read in the same query as the item --------------------------------------------

def _latest(item, outcome, field):
    """The `field` of an item's latest step with `outcome` (item: "record" or "line")."""
    steps = Step.objects.filter(**{item: OuterRef("pk")}, outcome=outcome).order_by("-at", "-pk")
    return Subquery(steps.values(field)[:1])


def _with_steps(queryset, item):
    return queryset.annotate(
        approved_at=_latest(item, Step.Outcome.APPROVED, "at"),
        paid_on=_latest(item, Step.Outcome.PAID, "paid_on"),
        paid_how=_latest(item, Step.Outcome.PAID, "method"),
        paid_reference=_latest(item, Step.Outcome.PAID, "payment_reference"),
        declined_why=_latest(item, Step.Outcome.DECLINED, "reason"),
    )


def _live(queryset):
    """Without the items a correction replaced: the correction is the one that counts."""
    return queryset.exclude(status=Status.REPLACED)


def record_reference(pk):
    """How finance, the statement and the person name an involvement payment: IN-000012."""
    return f"IN-{pk:06d}"


def line_reference(claim_id, pk):
    """An expense: its claim's reference (EX-000045) and the line's number."""
    return f"EX-{claim_id:06d}-{pk}"


def _records_of(member):
    return _live(InvolvementRecord.objects.filter(member=member)).select_related("activity", "level")


def _lines_of(member):
    return _live(ExpenseLine.objects.filter(claim__member=member)).select_related(
        "claim__meeting", "claim__project"
    )


def _totals(queryset, *, hours=False):
    """Pence (and hours) of an item list by where the items are now. Owed or claimed = waiting + approved + paid."""
    sums = {
        "waiting": Sum("amount_pence", filter=Q(status=Status.WAITING), default=0),
        "approved": Sum("amount_pence", filter=Q(status=Status.APPROVED), default=0),
        "paid": Sum("amount_pence", filter=Q(status=Status.PAID), default=0),
        "declined": Sum("amount_pence", filter=Q(status=Status.DECLINED), default=0),
        "count": Count("pk"),
    }
    if hours:  # time given: what was not approved is left out, as on the statement
        sums["count"] = Count("pk", filter=~Q(status=Status.DECLINED))
        sums["hours"] = Sum("hours", filter=~Q(status=Status.DECLINED), default=Decimal(0))
    totals = queryset.order_by().aggregate(**sums)
    totals["asked"] = totals["waiting"] + totals["approved"] + totals["paid"]
    return totals


def _paid_in(queryset, item, year):
    """Items paid on a day in the tax year (whatever day the work or spending was)."""
    return _with_steps(queryset.filter(status=Status.PAID), item).filter(paid_on__range=year.dates)


def paid_in_year(member, year):
    """Pence paid to a person in a tax year: involvement payments and expenses, by the day they were paid."""
    records = _paid_in(_records_of(member), "record", year).order_by().aggregate(total=Sum("amount_pence", default=0))
    lines = _paid_in(_lines_of(member), "line", year).order_by().aggregate(total=Sum("amount_pence", default=0))
    return {"payments": records["total"], "expenses": lines["total"], "together": records["total"] + lines["total"]}


def my_involvement(member, year, *, activities_page=None, expenses_page=None, per_page=ITEMS_PER_PAGE):
    """What a person did in a tax year and where each item is now; totals; what was paid to them in it."""
    records = _records_of(member).filter(on__range=year.dates)
    lines = _lines_of(member).filter(spent_on__range=year.dates)
    return {
        "year": year,
        "activities": lookahead_page(_with_steps(records, "record").order_by("-on", "-pk"), activities_page, per_page),
        "expenses": lookahead_page(_with_steps(lines, "line").order_by("-spent_on", "-pk"), expenses_page, per_page),
        "time_totals": _totals(records, hours=True),
        "expense_totals": _totals(lines),
        "paid": paid_in_year(member, year),
        "other_years": years_with_involvement(member),
    }


def years_with_involvement(member):
    """The tax years (newest first) in which a person did something or was paid, for links to their statements."""
    days = set(_records_of(member).values_list("on", flat=True).distinct())
    days |= set(_lines_of(member).values_list("spent_on", flat=True).distinct())
    days |= set(
        Step.objects.filter(Q(record__member=member) | Q(line__claim__member=member), outcome=Step.Outcome.PAID)
        .values_list("paid_on", flat=True).distinct()
    )
    this_year = current_tax_year().starts
    return [TaxYear(y) for y in sorted({tax_year_of(d) for d in days if d} | {this_year}, reverse=True)
            if EARLIEST_TAX_YEAR <= y <= this_year]


def statement(member, year):
    """A tax year's statement for an adviser: each payment and expense paid in the year (with the day and how),
    what is approved but not paid yet, the hours given, and the totals."""
    records, lines = _records_of(member), _lines_of(member)
    payments = list(_paid_in(records, "record", year).order_by("paid_on", "on", "pk"))
    expenses = list(_paid_in(lines, "line", year).order_by("paid_on", "spent_on", "pk"))
    to_come = [
        *_with_steps(records.filter(status=Status.APPROVED, on__range=year.dates, amount_pence__gt=0), "record")
        .order_by("on", "pk"),
        *_with_steps(lines.filter(status=Status.APPROVED, spent_on__range=year.dates), "line").order_by("spent_on", "pk"),
    ]
    for record in (*payments, *(item for item in to_come if isinstance(item, InvolvementRecord))):
        record.reference = record_reference(record.pk)
    for line in (*expenses, *(item for item in to_come if isinstance(item, ExpenseLine))):
        line.reference = line_reference(line.claim_id, line.pk)
    given = records.filter(on__range=year.dates).exclude(status=Status.DECLINED).order_by().aggregate(
        hours=Sum("hours", default=Decimal(0)), count=Count("pk")
    )
    paid_payments = sum(r.amount_pence for r in payments)
    paid_expenses = sum(line.amount_pence for line in expenses)
    return {
        "person": member,
        "year": year,
        "payments": payments,
        "expenses": expenses,
        "to_come": to_come,
        "to_come_total": sum(item.amount_pence for item in to_come),
        "vouchers_total": sum(r.amount_pence for r in payments if r.paid_how == Step.Method.VOUCHER),
        "hours": given["hours"],
        "activity_count": given["count"],
        "totals": {"payments": paid_payments, "expenses": paid_expenses, "together": paid_payments + paid_expenses},
        "made_on": timezone.localdate(),
        "row_count": len(payments) + len(expenses) + len(to_come),
    }


# ---- the finance export --------------------------------------------------------------------------------------

FINANCE_HEADERS = [
    _("Reference"), _("Member number"), _("Person"), _("What"), _("For"), _("Date"), _("Hours"), _("Project"),
    _("Cost centre"), _("Reward chosen"), _("Amount (£)"), _("Status"), _("Approved on"), _("Paid on"),
    _("How paid"), _("Payment reference"),
]


def _step_in(item, outcome, **period):
    return Exists(Step.objects.filter(**{item: OuterRef("pk")}, outcome=outcome, **period))


def _approved_unpaid(queryset, item, starts, ends):
    """Approved, not paid yet: approved on a day in the period."""
    approved_then = _step_in(item, Step.Outcome.APPROVED, at__date__range=(starts, ends))
    return _with_steps(queryset.filter(approved_then, status=Status.APPROVED), item)


def _paid_between(queryset, item, starts, ends):
    paid_then = _step_in(item, Step.Outcome.PAID, paid_on__range=(starts, ends))
    return _with_steps(queryset.filter(paid_then, status=Status.PAID), item)


STEP_FIELDS = ("amount_pence", "status", "approved_at", "paid_on", "paid_how", "paid_reference")
# Plain rows, not model instances: a long export spends its time building models otherwise.
RECORD_FIELDS = (
    "pk", "member_id", "member__display_name", "activity__title", "on", "hours", "activity__project__title",
    "activity__meeting__project__title", "activity__cost_centre", "reward", *STEP_FIELDS,
)
LINE_FIELDS = (
    "pk", "claim_id", "claim__member_id", "claim__member__display_name", "kind", "claim__meeting__title",
    "spent_on", "claim__project__title", "claim__meeting__project__title",
    "claim__meeting__involvement__cost_centre", *STEP_FIELDS,
)


def _finance_sources(starts, ends):
    records = InvolvementRecord.objects.filter(amount_pence__gt=0)
    lines = ExpenseLine.objects.all()
    return [
        _approved_unpaid(records, "record", starts, ends).order_by("on", "pk"),
        _approved_unpaid(lines, "line", starts, ends).order_by("spent_on", "pk"),
        _paid_between(records, "record", starts, ends).order_by("paid_on", "on", "pk"),
        _paid_between(lines, "line", starts, ends).order_by("paid_on", "spent_on", "pk"),
    ]


def _pounds_number(pence):
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def _words(choices):
    return {value: str(words) for value, words in choices.choices}


class _FinanceWords:
    """The words of every choice, looked up once per export in the reader's language (not once per row)."""

    def __init__(self):
        self.status, self.method = _words(Status), _words(Step.Method)
        self.reward, self.kind = _words(Reward), _words(ExpenseLine.Kind)
        self.payment = gettext("Involvement payment")
        self.expense = gettext("Expense: %(kind)s")
        self.zone = timezone.get_current_timezone()

    def step_cells(self, pence, status, approved_at, paid_on, paid_how, paid_reference):
        approved_on = approved_at.astimezone(self.zone).date() if approved_at else None
        return [_pounds_number(pence), self.status.get(status, status), approved_on, paid_on,
                self.method.get(paid_how, ""), paid_reference or ""]

    def record_row(self, values):
        pk, member_id, name, title, on, hours, project, meeting_project, cost_centre, reward, *step = values
        return [
            record_reference(pk), member_id, name, self.payment, title, on, hours, project or meeting_project or "",
            cost_centre, self.reward.get(reward, reward), *self.step_cells(*step),
        ]

    def line_row(self, values):
        pk, claim_id, member_id, name, kind, meeting, spent_on, project, meeting_project, cost_centre, *step = values
        return [
            line_reference(claim_id, pk), member_id, name, self.expense % {"kind": self.kind.get(kind, kind)},
            meeting or "", spent_on, None, project or meeting_project or "", cost_centre or "", "",
            *self.step_cells(*step),
        ]


def finance_count(starts, ends):
    """How many rows the finance export for a period holds (for the page and the audit)."""
    return sum(source.count() for source in _finance_sources(starts, ends))


def finance_summary(starts, ends):
    """Number and pence of the approved-unpaid and the paid items of a period, for the export page."""
    records_wait, lines_wait, records_paid, lines_paid = (
        source.order_by().aggregate(n=Count("pk"), pence=Sum("amount_pence", default=0))
        for source in _finance_sources(starts, ends)
    )
    return {
        "approved": {"n": records_wait["n"] + lines_wait["n"], "pence": records_wait["pence"] + lines_wait["pence"]},
        "paid": {"n": records_paid["n"] + lines_paid["n"], "pence": records_paid["pence"] + lines_paid["pence"]},
    }


def finance_rows(starts, ends):
    """The finance export's rows, read a chunk at a time: what finance needs to pay and account, nothing more (no
    access needs, no notes, no what-it-was-for words a person typed, no main role)."""
    words = _FinanceWords()
    records_wait, lines_wait, records_paid, lines_paid = _finance_sources(starts, ends)
    for source, fields, row in ((records_wait, RECORD_FIELDS, words.record_row),
                                (lines_wait, LINE_FIELDS, words.line_row),
                                (records_paid, RECORD_FIELDS, words.record_row),
                                (lines_paid, LINE_FIELDS, words.line_row)):
        for values in source.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
            yield row(values)

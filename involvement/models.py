"""Involvement time, payments and expenses: fair reward for experts by experience (README, "Involvement").

Money is whole pence in integer fields (GBP), never floats. Nothing here is ever deleted by a lead: a rate that
changes is a new row with the date it applies from; a correction to a record is a new record that replaces the
old one (`replaces`); every approval, refusal and payment is a new `Step` row, and an item's `status` is the
latest step's outcome, kept on the item so lists can filter on it without a subquery.
"""

import math
import uuid
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Role

HOURS_IN_A_HALF_DAY = Decimal(4)  # up to 4 hours is a half day; more is a day (the shape of NHS England's policy)
HOURS_IN_A_DAY = Decimal("7.5")


class Unit(models.TextChoices):
    HOUR = "hour", _("per hour")
    HALF_DAY = "half_day", _("per half day (up to 4 hours)")
    DAY = "day", _("per day")


class InvolvementLevel(models.Model):
    """How involved a piece of work is, from getting information up to a partner in a role. Data leads edit."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what it means"), help_text=_("In plain words: what someone at this level does."))
    pays_involvement_payment = models.BooleanField(
        _("an involvement payment is offered"),
        default=False,
        help_text=_("Not ticked: expenses only. Expenses are paid back at every level."),
    )
    in_use = models.BooleanField(_("in use"), default=True, help_text=_("Untick to stop offering this level."))

    class Meta:
        verbose_name = _("involvement level")
        verbose_name_plural = _("involvement levels")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def rate_on(self, day, unit):
        """The rate (a PaymentRate) that applied on `day` for `unit`, or None."""
        return self.rates.filter(unit=unit, applies_from__lte=day).order_by("-applies_from", "-pk").first()


class PaymentRate(models.Model):
    """What an involvement payment at a level is, from a date. A new rate never changes what was already owed."""

    level = models.ForeignKey(InvolvementLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="rates")
    unit = models.CharField(_("paid"), max_length=10, choices=Unit.choices, default=Unit.HOUR)
    amount_pence = models.PositiveIntegerField(_("amount in pence"), help_text=_("For example 2500 for £25.00."))
    applies_from = models.DateField(_("applies from"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("payment rate")
        verbose_name_plural = _("payment rates")
        ordering = ["level__order", "unit", "-applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["level", "unit", "applies_from"], name="one_rate_per_level_unit_and_date")
        ]

    def __str__(self):
        return f"{self.level}: {pounds(self.amount_pence)} {self.get_unit_display()} from {self.applies_from:%d/%m/%Y}"


class MileageRate(models.Model):
    """Pence per mile paid back for driving, from a date (leads set it)."""

    pence_per_mile = models.PositiveIntegerField(_("pence per mile"))
    applies_from = models.DateField(_("applies from"), unique=True)

    class Meta:
        verbose_name = _("mileage rate")
        verbose_name_plural = _("mileage rates")
        ordering = ["-applies_from"]

    def __str__(self):
        return _("%(pence)sp a mile from %(day)s") % {"pence": self.pence_per_mile, "day": f"{self.applies_from:%d/%m/%Y}"}

    @classmethod
    def on(cls, day):
        return cls.objects.filter(applies_from__lte=day).order_by("-applies_from").first()


class Activity(models.Model):
    """Something people take part in: a meeting, or a piece of project work a lead records."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        PANEL = "panel", _("Panel")
        INTERVIEW = "interview", _("Interview panel")
        READING = "reading", _("Reading papers")
        TRAINING = "training", _("Training session")
        OTHER = "other", _("Other work")

    title = models.CharField(_("what it is"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    meeting = models.OneToOneField(
        "meetings.Meeting", verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="involvement",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="involvement_activities",
    )
    level = models.ForeignKey(InvolvementLevel, verbose_name=_("involvement level"), on_delete=models.PROTECT)
    unit = models.CharField(_("paid"), max_length=10, choices=Unit.choices, default=Unit.HOUR)
    happens_on = models.DateField(_("date"))
    cost_centre = models.CharField(_("cost centre"), max_length=40, blank=True,
                                   help_text=_("For the finance team, if they use one."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("involvement activity")
        verbose_name_plural = _("involvement activities")
        ordering = ["-happens_on", "-pk"]

    def __str__(self):
        return self.title


class Reward(models.TextChoices):
    PAYMENT = "payment", _("An involvement payment")
    EXPENSES_ONLY = "expenses", _("Expenses only")
    VOUCHERS = "vouchers", _("Vouchers")
    NOTHING = "nothing", _("Nothing at all")


class RewardChoice(models.Model):
    """How a person wants to be rewarded, dated. The latest row wins; one for an activity beats the general one.

    Private: only the person, leads and the finance team see it.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reward_choices")
    activity = models.ForeignKey(
        Activity, verbose_name=_("for"), null=True, blank=True, on_delete=models.CASCADE, related_name="reward_choices",
        help_text=_("Leave empty for everything."),
    )
    reward = models.CharField(_("how you would like to be rewarded"), max_length=10, choices=Reward.choices)
    chosen_at = models.DateTimeField(_("chosen"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Someone else, when a lead records the choice for a person who does not use the site."),
    )

    class Meta:
        verbose_name = _("reward choice")
        verbose_name_plural = _("reward choices")
        ordering = ["-chosen_at", "-pk"]
        indexes = [models.Index(fields=["member", "activity", "-chosen_at"], name="reward_choice_latest")]

    def __str__(self):
        return self.get_reward_display()


class Status(models.TextChoices):
    WAITING = "waiting", _("Waiting for approval")
    APPROVED = "approved", _("Approved, not paid yet")
    DECLINED = "declined", _("Not approved")
    PAID = "paid", _("Paid")
    REPLACED = "replaced", _("Replaced by a correction")


class InvolvementRecord(models.Model):
    """Time one person gave to one activity: who, what, when, hours, level, the rate at the time, the amount owed."""

    class Kind(models.TextChoices):
        ATTENDED = "attended", _("Took part")
        PREPARATION = "preparation", _("Preparation (reading papers)")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="involvement"
    )
    activity = models.ForeignKey(Activity, verbose_name=_("what"), on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ATTENDED)
    on = models.DateField(_("when"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    # What applied at the time, copied so a later change to the level, rate or choice never rewrites it.
    level = models.ForeignKey(InvolvementLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    role_then = models.CharField(_("role at the time"), max_length=20, choices=Role.choices, blank=True)
    reward = models.CharField(_("reward chosen"), max_length=10, choices=Reward.choices)
    rate_pence = models.PositiveIntegerField(_("rate at the time, in pence"), default=0)
    unit = models.CharField(_("paid"), max_length=10, choices=Unit.choices, default=Unit.HOUR)
    amount_pence = models.PositiveIntegerField(_("owed, in pence"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by",
        verbose_name=_("corrects"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("involvement record")
        verbose_name_plural = _("involvement records")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="involvement_hours_in_a_day"),
            # The register records one "took part" per person and activity; corrections replace it.
            models.UniqueConstraint(
                fields=["member", "activity"], condition=Q(kind="attended") & ~Q(status="replaced"),
                name="one_live_attendance_record",
            ),
        ]
        indexes = [models.Index(fields=["member", "on"], name="involvement_member_on"),
                   models.Index(fields=["status", "on"], name="involvement_status_on")]

    def __str__(self):
        return f"{self.activity} ({self.on:%d/%m/%Y})"


def amount_owed(hours, rate_pence, unit):
    """Whole pence owed for `hours` at a rate per unit: hours pro rata; a half day up to 4 hours; days of 7.5."""
    hours = Decimal(hours)
    if unit == Unit.HOUR:
        pence = Decimal(rate_pence) * hours
    elif unit == Unit.HALF_DAY:
        pence = Decimal(rate_pence) * math.ceil(hours / HOURS_IN_A_HALF_DAY)
    else:
        pence = Decimal(rate_pence) * math.ceil(hours / HOURS_IN_A_DAY)
    return int(pence.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pounds(pence):
    """£12.50 from 1250."""
    return f"£{pence // 100:,}.{pence % 100:02d}"


class ExpenseClaim(models.Model):
    """What someone spent to take part, for a meeting or a project, claimed by them or by a lead for them."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="expense_claims"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="expense_claims",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="expense_claims",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(_("claimed"), default=timezone.now)

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return f"EX-{self.pk:06d}" if self.pk else "EX-new"


class ExpenseLine(models.Model):
    class Kind(models.TextChoices):
        PUBLIC_TRANSPORT = "transport", _("Bus, train or tram")
        MILEAGE = "mileage", _("Driving (miles)")
        TAXI = "taxi", _("Taxi (where agreed)")
        CARE = "care", _("Care or support worker")
        MEAL = "meal", _("Food and drink")
        OTHER = "other", _("Something else")

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(_("what kind of cost"), max_length=10, choices=Kind.choices)
    spent_on = models.DateField(_("date"))
    what_for = models.CharField(_("what it was for"), max_length=300)
    miles = models.DecimalField(_("miles"), max_digits=6, decimal_places=1, null=True, blank=True)
    pence_per_mile = models.PositiveIntegerField(_("pence a mile at the time"), null=True, blank=True)
    amount_pence = models.PositiveIntegerField(_("amount in pence"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", verbose_name=_("corrects")
    )

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="expense_amount_above_zero"),
            models.CheckConstraint(
                condition=~Q(kind="mileage") | (Q(miles__gt=0) & Q(pence_per_mile__isnull=False)),
                name="mileage_has_miles_and_rate",
            ),
        ]
        indexes = [models.Index(fields=["status", "spent_on"], name="expense_status_spent_on")]

    def __str__(self):
        return f"{self.get_kind_display()}: {pounds(self.amount_pence)}"


def receipt_upload_path(receipt, filename):
    # A random name under a private folder: nothing a person typed ends up on disk, nothing guessable.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"receipts/{uuid.uuid4().hex}{suffix}"


class Receipt(models.Model):
    """A photo or PDF of a receipt. Kept under MEDIA_ROOT (never public), checked by content as papers are."""

    line = models.ForeignKey(ExpenseLine, on_delete=models.PROTECT, related_name="receipts")
    file = models.FileField(_("receipt"), upload_to=receipt_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    content_type = models.CharField(_("kind of file"), max_length=120, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self):
        return self.original_name or _("receipt")


class Step(models.Model):
    """One approval, refusal, payment or correction of one item (an involvement payment or an expense). Never edited."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Not approved")
        PAID = "paid", _("Paid")
        REPLACED = "replaced", _("Replaced by a correction")

    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        CASH = "cash", _("Cash on the day")
        VOUCHER = "voucher", _("Voucher")

    record = models.ForeignKey(InvolvementRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="steps")
    line = models.ForeignKey(ExpenseLine, null=True, blank=True, on_delete=models.PROTECT, related_name="steps")
    outcome = models.CharField(_("what happened"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    method = models.CharField(_("how it was paid"), max_length=10, choices=Method.choices, blank=True)
    payment_reference = models.CharField(_("voucher number or payment reference"), max_length=60, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("approval or payment")
        verbose_name_plural = _("approvals and payments")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(record__isnull=False) & Q(line__isnull=True)) | (Q(record__isnull=True) & Q(line__isnull=False)),
                name="step_is_for_one_item",
            ),
            models.CheckConstraint(condition=~Q(outcome="declined") | ~Q(reason=""), name="a_refusal_says_why"),
            models.CheckConstraint(
                condition=~Q(outcome="paid") | (Q(paid_on__isnull=False) & ~Q(method="")), name="a_payment_says_when_and_how"
            ),
        ]

    def __str__(self):
        return self.get_outcome_display()

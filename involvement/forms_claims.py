"""Expense claims and their approval: every check on what a person types or uploads (README, "Involvement")."""

import re
from decimal import Decimal
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.forms import ALLOWED, check_paper

from .models import ExpenseLine, Step

# A receipt is a photo or a PDF: the papers' endings that are one.
RECEIPT_ENDINGS = {ending for ending in ("pdf", "png", "jpg", "jpeg", "gif", "webp") if ending in ALLOWED}
MAX_LINE_PENCE = 100_000  # £1,000: more than this in one line is a typing slip, or a talk with a lead
MAX_MILES = Decimal(1000)
LINES_ON_A_CLAIM = 3
# Pounds, or pounds and pence, typed as people write them: "12", "12.5", "12.50", "£12.50", "1,250.00".
_POUNDS = re.compile(r"(?P<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d{1,2}))?", re.ASCII)
_MILES = re.compile(r"\d+(?:\.\d)?", re.ASCII)


def parse_pounds(text):
    """Whole pence from what a person typed, exactly (no floats). Raises ValidationError with words for them."""
    cleaned = (text or "").strip()
    if cleaned.startswith("£"):
        cleaned = cleaned[1:].lstrip()
    if cleaned.startswith("-"):
        raise ValidationError(_("The amount cannot be less than nothing. Type what you spent, like 12.50."))
    match = _POUNDS.fullmatch(cleaned)
    if match is None:
        raise ValidationError(_("Type the amount in pounds and pence, like 12.50, with no more than 2 numbers "
                                "after the dot."))
    pence = int(match["pounds"].replace(",", "")) * 100 + int((match["pence"] or "0").ljust(2, "0"))
    _check_pence(pence)
    return pence


def _check_pence(pence):
    if pence <= 0:
        raise ValidationError(_("The amount must be more than £0.00."))
    if pence > MAX_LINE_PENCE:
        raise ValidationError(_("That is more than £1,000, the most we pay back in one line. Please check the amount, "
                                "or talk to a co-production lead."))


def check_receipt(upload):
    """A photo or a PDF, checked by size and content exactly as meeting papers are. Returns its real type."""
    if PurePosixPath(upload.name).suffix.lower().lstrip(".") not in RECEIPT_ENDINGS:
        raise ValidationError(_("A receipt can be a photo or a PDF (JPG, PNG, GIF, WEBP or PDF)."))
    return check_paper(upload, _("Receipts"))


class ClaimForm(forms.Form):
    """What the claim is for: a meeting the person was invited to, or a project they are in."""

    for_what = forms.ChoiceField(label=_("What did you spend this money for?"),
                                 help_text=_("A meeting you were invited to, or a project you are in."))

    def __init__(self, *args, meetings=(), projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {f"meeting-{m.pk}": m for m in meetings}
        self.projects = {f"project-{p.pk}": p for p in projects}
        choices = [("", _("Choose one"))]
        if self.meetings:
            choices.append((_("Meetings"), [
                (key, f"{m.title} ({timezone.localtime(m.starts_at):%d/%m/%Y})") for key, m in self.meetings.items()
            ]))
        if self.projects:
            choices.append((_("Projects"), [(key, p.title) for key, p in self.projects.items()]))
        self.fields["for_what"].choices = choices

    def clean_for_what(self):
        key = self.cleaned_data["for_what"]
        return {"meeting": self.meetings.get(key), "project": self.projects.get(key)}


class ExpenseLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of cost"), choices=[("", _("Choose one")), *ExpenseLine.Kind.choices])
    spent_on = forms.DateField(label=_("Date"), help_text=_("The day you spent it."),
                               widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    what_for = forms.CharField(label=_("What it was for"), max_length=300,
                               help_text=_("For example: bus there and back. For a taxi, say who agreed it."))
    amount = forms.CharField(label=_("Amount in pounds"), required=False, max_length=20,
                             help_text=_("Like 12.50. For driving, leave this empty and fill in the miles."),
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    miles = forms.CharField(label=_("Miles driven (driving only)"), required=False, max_length=10,
                            help_text=_("There and back, like 12.5. We work out the amount at the mileage rate."),
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    receipt = forms.FileField(label=_("Receipt (a photo or a PDF)"), required=False,
                              help_text=_("If you have one. Up to 10 MB."),
                              widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf"}))

    FILLED_IN = ("kind", "spent_on", "what_for")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.empty_permitted:  # another cost, if there is one: needed only once something in it is filled in
            for name in self.FILLED_IN:
                self.fields[name].required = False

    def clean_spent_on(self):
        day = self.cleaned_data["spent_on"]
        if day is None:
            return day
        if day > timezone.localdate():
            raise ValidationError(_("This date is in the future. Claim once you have spent the money."))
        return day

    def clean_miles(self):
        text = self.cleaned_data["miles"].strip()
        if not text:
            return None
        if not _MILES.fullmatch(text):
            raise ValidationError(_("Type the miles as a number, like 12 or 12.5."))
        miles = Decimal(text)
        if not 0 < miles <= MAX_MILES:
            raise ValidationError(_("The miles must be more than 0 and up to 1,000."))
        return miles

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if upload:
            self.receipt_type = check_receipt(upload)
        return upload

    def clean(self):
        data = super().clean()
        for name in self.FILLED_IN:
            if name not in self.errors and not data.get(name):
                self.add_error(name, forms.Field.default_error_messages["required"])
        kind, text = data.get("kind"), (data.get("amount") or "").strip()
        if kind == ExpenseLine.Kind.MILEAGE:
            if "miles" in data and data["miles"] is None:
                self.add_error("miles", _("Type how many miles you drove."))
            data["amount_pence"] = None  # worked out from the rate on the day, by the service
        elif kind:
            if data.get("miles") is not None:
                self.add_error("miles", _("Miles are only for driving. Leave this empty."))
            if not text:
                self.add_error("amount", _("Type how much you spent, like 12.50."))
            else:
                try:
                    data["amount_pence"] = parse_pounds(text)
                except ValidationError as error:
                    self.add_error("amount", error)
        return data


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() and form.cleaned_data for form in self.forms):
            raise ValidationError(_("Fill in at least one cost."))

    def lines(self):
        return [
            {**{k: form.cleaned_data[k] for k in ("kind", "spent_on", "what_for", "miles", "amount_pence")},
             "receipt": form.cleaned_data.get("receipt"), "receipt_type": getattr(form, "receipt_type", "")}
            for form in self.forms if form.has_changed() and form.cleaned_data
        ]


ExpenseLineFormSet = forms.formset_factory(
    ExpenseLineForm, formset=BaseLineFormSet, extra=LINES_ON_A_CLAIM - 1, min_num=1, max_num=LINES_ON_A_CLAIM,
    validate_max=True, absolute_max=LINES_ON_A_CLAIM,
)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why it is not approved"), max_length=300,
                             help_text=_("The person reads this. Say what they can do next."))


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("How it was paid"), choices=Step.Method.choices)
    payment_reference = forms.CharField(label=_("Voucher number or payment reference"), max_length=60, required=False)

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if day > timezone.localdate():
            raise ValidationError(_("This date is in the future. Mark it paid once it has been paid."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("method") == Step.Method.VOUCHER and not data.get("payment_reference", "").strip():
            self.add_error("payment_reference", _("Type the voucher number."))
        return data


class CorrectionForm(forms.Form):
    amount = forms.CharField(label=_("The right amount in pounds"), max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    reason = forms.CharField(label=_("Why it changed"), max_length=300)

    def clean_amount(self):
        return parse_pounds(self.cleaned_data["amount"])

"""What a person types about their time and how they want to be rewarded; what a lead types for someone offline."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import InvolvementRecord, Reward
from .selectors import time as selectors

HOURS_MESSAGES = {
    "required": _("Say how many hours, for example 1.5 for an hour and a half."),
    "invalid": _("Write the hours as a number, for example 2 or 1.5."),
    "min_value": _("The hours must be at least a quarter of an hour (0.25)."),
    "max_decimal_places": _("Use at most 2 numbers after the point, for example 1.25."),
    "max_digits": _("That is more hours than fit in a day."),
    "max_whole_digits": _("That is more hours than fit in a day."),
}
REWARD_WORDS = {
    Reward.PAYMENT: _("An involvement payment: money for your time, paid into your bank account or in cash."),
    Reward.EXPENSES_ONLY: _("Expenses only: we pay back what it cost you to take part (travel, care, food), but "
                            "not your time."),
    Reward.VOUCHERS: _("Vouchers: shop vouchers for your time instead of money."),
    Reward.NOTHING: _("Nothing at all: you give your time freely and do not want anything back for it."),
}


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, activity):
        return f"{activity.title} ({date_format(activity.happens_on, 'j F Y')})"


def _hours_field(most, help_text):
    messages = {**HOURS_MESSAGES, "max_value": _("That is more than %(most)s hours. Add each day on its own.")
                % {"most": most}}
    return forms.DecimalField(
        label=_("How many hours"), min_value=Decimal("0.25"), max_value=Decimal(most), max_digits=4,
        decimal_places=2, error_messages=messages, help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


def _date_field(label):
    # A date picker reads and sends the ISO form, whatever the language of the page.
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"required": _("Give the date."),
                                           "invalid": _("Give a real date, for example 15/03/2026.")})


class _TimeForm(forms.Form):
    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future. Add the time once it has been spent."))
        return on


class PreparationForm(_TimeForm):
    """A member adds the time they spent reading the papers of a meeting they were invited to."""

    activity = ActivityChoiceField(
        label=_("Which meeting were the papers for?"), queryset=None, empty_label=_("Choose a meeting"),
        error_messages={"required": _("Choose the meeting the papers were for."),
                        "invalid_choice": _("Choose one of the meetings in the list.")},
    )
    hours = _hours_field(12, _("For example 1.5 for an hour and a half."))
    on = _date_field(_("When did you read them?"))
    note = forms.CharField(label=_("Anything you want to tell us (you can leave this empty)"), max_length=300,
                           required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = selectors.meetings_to_add_preparation_for(member)
        self.fields["on"].initial = timezone.localdate()


class LeadTimeForm(_TimeForm):
    """A lead records time given by someone who does not use the site."""

    activity = ActivityChoiceField(
        label=_("What did they take part in?"), queryset=None, empty_label=_("Choose an activity"),
        help_text=_("Activities are set up in the admin, with their involvement level. Who came to a meeting comes "
                    "from its register."),
        error_messages={"required": _("Choose the activity."),
                        "invalid_choice": _("Choose one of the activities in the list.")},
    )
    kind = forms.ChoiceField(label=_("What kind of time"), choices=InvolvementRecord.Kind.choices,
                             widget=forms.RadioSelect, initial=InvolvementRecord.Kind.ATTENDED)
    hours = _hours_field(24, _("For example 3 for three hours."))
    on = _date_field(_("When"))
    note = forms.CharField(label=_("Note (you can leave this empty)"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = selectors.activities_a_lead_records_for()
        self.fields["on"].initial = timezone.localdate()


class RewardForm(forms.Form):
    reward = forms.ChoiceField(
        label=_("How would you like to be rewarded?"), widget=forms.RadioSelect,
        choices=[(value, REWARD_WORDS[value]) for value in Reward.values],
        error_messages={"required": _("Choose one of the four answers."),
                        "invalid_choice": _("Choose one of the four answers.")},
    )
    activity = ActivityChoiceField(
        label=_("What is this choice for?"), queryset=None, required=False,
        empty_label=_("Everything I take part in"),
        help_text=_("You can choose differently for one meeting or piece of work. A choice for one activity "
                    "comes before the choice for everything."),
        error_messages={"invalid_choice": _("Choose one of the activities in the list.")},
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = selectors.activities_to_choose_for(member)

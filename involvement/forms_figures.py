"""The period of the involvement figures: a tax year from the list (any dates: forms_export.FinancePeriodForm)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TaxYearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Tax year"), coerce=int, help_text=_("From 6 April to 5 April."),
        error_messages={"required": _("Please choose a tax year."),
                        "invalid_choice": _("Please choose a tax year from the list.")},
    )

    def __init__(self, data=None, *, years, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(year.starts, year.name) for year in years]

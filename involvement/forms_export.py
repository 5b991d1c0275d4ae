"""The period of a finance export: all validation of what a lead types for it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exports.models import ExportFormat


class FinancePeriodForm(forms.Form):
    starts = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                             error_messages={"required": _("Please give the first day."),
                                             "invalid": _("Please give the first day as a date, like 6/4/2026.")})
    ends = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           help_text=_("Both days are included."),
                           error_messages={"required": _("Please give the last day."),
                                           "invalid": _("Please give the last day as a date, like 5/4/2027.")})
    format = forms.ChoiceField(choices=[(ExportFormat.XLSX, ExportFormat.XLSX), (ExportFormat.CSV, ExportFormat.CSV)],
                               required=False, widget=forms.HiddenInput,
                               error_messages={"invalid_choice": _("Please choose an Excel workbook or a CSV file.")})

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The last day is before the first day. Please check the dates."))
        return data

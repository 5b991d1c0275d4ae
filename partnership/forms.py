import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.forms import check_paper
from network.models import LEADS_GROUP_NAME, Member
from network.widgets import MemberChoiceField

from .figures import last_finished_month_end, period_from
from .models import Criterion, Evidence, Review


class MonthField(forms.DateField):
    """A month as the browser's month box sends it ("2026-04"), or a full date."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class PeriodForm(forms.Form):
    start = MonthField(label=_("From the start of"), help_text=_("A month, for example April 2026."))
    end = MonthField(label=_("To the end of"), help_text=_("The latest month you can choose is the last one that has ended."))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise ValidationError(_("The first month must come before the last one."))
            if start < datetime.date(2000, 1, 1):
                self.add_error("start", _("Choose a month from the year 2000 on."))
                return data
            period = period_from(start, end)
            if period is None:
                self.add_error("start", _("Figures are for months that have ended. The last one is %(month)s.")
                               % {"month": f"{last_finished_month_end():%B %Y}"})
            elif (period.end.year - period.start.year) * 12 + period.end.month - period.start.month >= 60:
                self.add_error("end", _("Choose five years or less."))
            else:
                data["period"] = period
        return data


class EvidenceForm(forms.ModelForm):
    """Evidence that a project meets a criterion at its stage: words, a link or a paper (checked as meeting papers
    are)."""

    meets = forms.TypedChoiceField(
        label=_("Does the project meet it?"), coerce=lambda value: value == "yes",
        choices=[("yes", _("Yes, it does")), ("no", _("Not yet"))], widget=forms.RadioSelect, initial="yes",
    )

    class Meta:
        model = Evidence
        fields = ["criterion", "text", "link", "file", "meets"]
        help_texts = {
            "text": _("What happened that shows it. For example: the co-chairs of our last four meetings."),
            "link": _("Optional: a web page that shows it."),
            "file": _("Optional: a paper (PDF, Word, OpenDocument or an image, up to 10 MB)."),
        }

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = Criterion.objects.filter(pk__in=[c.pk for c in criteria])
        self.fields["criterion"].label = _("Which criterion")
        self.fields["criterion"].empty_label = _("Choose one")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        self.detected_type = check_paper(upload)
        return upload


class RecognitionForm(forms.Form):
    note = forms.CharField(
        label=_("What the project did well (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OpenReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["title", "period_start", "period_end"]
        labels = {"title": _("Name of the review"), "period_start": _("It looks back from"),
                  "period_end": _("to")}
        help_texts = {"title": _("For example: Our review of working together, 2026.")}
        widgets = {"period_start": forms.DateInput(attrs={"type": "date"}),
                   "period_end": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The end must come after the start."))
        return data


RATINGS = [("1", _("1: not at all")), ("2", _("2: a little")), ("3", _("3: partly")), ("4", _("4: mostly")),
           ("5", _("5: very well"))]


class AnswersForm(forms.Form):
    """A rating and a few words for each question; every one optional."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            given = answers.get(question.pk)
            self.fields[f"rating_{question.pk}"] = forms.TypedChoiceField(
                label=question.text, choices=RATINGS, coerce=int, required=False, widget=forms.RadioSelect,
                empty_value=None, initial=str(given.rating) if given and given.rating else None,
            )
            self.fields[f"text_{question.pk}"] = forms.CharField(
                label=_("What you think (optional)"), required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}), initial=given.text if given else "",
            )

    def answers(self):
        return {q.pk: (self.cleaned_data.get(f"rating_{q.pk}"), self.cleaned_data.get(f"text_{q.pk}", "").strip())
                for q in self.questions}

    def rows(self):
        """(question, rating field, text field) for the template, grouped by the caller."""
        return [(q, self[f"rating_{q.pk}"], self[f"text_{q.pk}"]) for q in self.questions]


class SummaryForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["summary"]
        labels = {"summary": _("What the review found")}
        help_texts = {"summary": _("In plain words: what works well, and what we will do better.")}


class CommitmentForm(forms.Form):
    weakness = forms.CharField(label=_("What needs to get better"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    what = forms.CharField(label=_("What we will do"), max_length=300,
                           help_text=_("This becomes an action, with a reminder for the person who does it."))
    criterion = forms.ModelChoiceField(label=_("The criterion it should move (optional)"), required=False,
                                       queryset=Criterion.objects.none(), empty_label=_("None"))
    owner = MemberChoiceField(label=_("Who will do it?"), queryset=Member.objects.none(), viewer=None)
    due = forms.DateField(label=_("By when"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, review, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = Criterion.objects.filter(in_use=True).select_related("principle")
        owner = self.fields["owner"]
        owner.viewer = viewer
        # Leads, and the people who took part in the review: the plan is theirs.
        owner.queryset = Member.objects.active().not_erased().filter(
            Q(groups__name=LEADS_GROUP_NAME) | Q(review_answers__review=review)
        ).distinct().order_by("display_name", "pk")

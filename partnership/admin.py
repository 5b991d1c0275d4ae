"""The framework as data: leads write each principle's measurable criteria and the yearly review's questions.
Reviews are opened, answered and closed on the site; projects are recognised on their page."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Criterion, Recognition, Review, ReviewQuestion


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["principle", "text", "order", "how", "scope", "stage", "figure", "role", "comparison",
                  "threshold_percent", "in_use"]

    def clean(self):
        data = super().clean()
        if data.get("how") == Criterion.How.COMPUTED:
            missing = [name for name in ("figure", "role", "threshold_percent") if data.get(name) in (None, "")]
            for name in missing:
                self.add_error(name, _("A criterion worked out from the figures needs this."))
            threshold = data.get("threshold_percent")
            if threshold is not None and not 0 <= threshold <= 100:
                self.add_error("threshold_percent", _("Give a number from 0 to 100."))
        return data


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    form = CriterionForm
    list_display = ["text", "principle", "how", "scope", "stage", "in_use"]
    list_filter = ["principle", "how", "scope", "in_use"]
    list_select_related = ["principle"]
    search_fields = ["text"]
    fieldsets = [
        (None, {"fields": ["principle", "text", "order", "how", "scope", "stage", "in_use"]}),
        (_("Worked out from the figures"), {
            "fields": ["figure", "role", "comparison", "threshold_percent"],
            "description": _("For example: the share of 'people who chaired or co-chaired meetings' held by "
                             "'Service user / expert by experience' must be at least 50 per cent."),
        }),
    ]


@admin.register(ReviewQuestion)
class ReviewQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "principle", "order", "in_use"]
    list_filter = ["principle", "in_use"]
    list_select_related = ["principle"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["title", "period_start", "period_end", "closed_at"]
    fields = ["title", "period_start", "period_end", "summary", "opened_at", "closed_at"]
    readonly_fields = ["opened_at", "closed_at"]


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["project", "stage", "recognised_at"]
    list_select_related = ["project"]

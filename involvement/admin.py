"""What co-production leads set up for involvement: levels, rates and activities. Approving and paying happen on
the site's pages (for leads and the finance team); here leads look records and claims up, never edit them.

A meeting's involvement level is an activity with the meeting chosen (its title and date come from the meeting);
its register then makes everyone's records. Rates are added with the date they apply from, never changed (the
table in network/permissions.py), so what was owed never changes."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services_time
from .models import Activity, ExpenseClaim, InvolvementLevel, InvolvementRecord, MileageRate, PaymentRate, pounds


class PaymentRateInline(admin.TabularInline):
    model = PaymentRate
    extra = 1
    fields = ["unit", "amount_pence", "applies_from"]


@admin.register(InvolvementLevel)
class InvolvementLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "pays_involvement_payment", "in_use"]
    list_editable = ["order"]
    inlines = [PaymentRateInline]

    def save_formset(self, request, form, formset, change):
        for rate in formset.save(commit=False):
            rate.recorded_by = rate.recorded_by or request.user
            rate.save()


@admin.register(PaymentRate)
class PaymentRateAdmin(admin.ModelAdmin):
    list_display = ["level", "unit", "amount", "applies_from"]
    list_filter = ["level", "unit"]
    list_select_related = ["level"]
    readonly_fields = ["recorded_by", "recorded_at"]

    @admin.display(description=_("amount"))
    def amount(self, rate):
        return pounds(rate.amount_pence)

    def save_model(self, request, obj, form, change):
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(MileageRate)
class MileageRateAdmin(admin.ModelAdmin):
    list_display = ["pence_per_mile", "applies_from"]


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["meeting", "level", "unit", "title", "kind", "happens_on", "project", "cost_centre"]
        help_texts = {
            "meeting": _("For a meeting, choose it here: its title and date are filled in, and everyone marked "
                         "present on its register is recorded."),
            "title": _("Not needed for a meeting."),
            "happens_on": _("Not needed for a meeting."),
        }
        error_messages = {"meeting": {"unique": _("This meeting already has an involvement level. Change it on "
                                                  "the meeting's activity in the list of activities.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "happens_on"):
            if name in self.fields:
                self.fields[name].required = False
        if "level" in self.fields:
            self.fields["level"].queryset = InvolvementLevel.objects.filter(in_use=True)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("meeting"):
            for name, words in (("title", _("Say what the activity is.")), ("happens_on", _("Give its date."))):
                if name in self.fields and not cleaned.get(name):
                    self.add_error(name, words)
        return cleaned


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    form = ActivityAdminForm
    list_display = ["title", "kind", "happens_on", "level", "unit", "project"]
    list_filter = ["kind", "level", "unit"]
    list_select_related = ["level", "project"]
    search_fields = ["title"]
    autocomplete_fields = ["meeting", "project"]
    date_hierarchy = "happens_on"
    fieldsets = [
        (_("For a meeting"), {"fields": ["meeting"]}),
        (_("Its involvement level and how it is paid"), {"fields": ["level", "unit"]}),
        (_("For other work (a panel, an interview, reading papers, training)"),
         {"fields": ["title", "kind", "happens_on", "project", "cost_centre"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Records of people's time point at the activity: it stays about the same meeting.
        return ["meeting"] if obj is not None and obj.meeting_id and obj.records.exists() else []

    def save_model(self, request, obj, form, change):
        services_time.save_activity(activity=obj, by=request.user)


@admin.register(InvolvementRecord)
class InvolvementRecordAdmin(admin.ModelAdmin):
    list_display = ["activity", "member", "kind", "on", "hours", "level", "reward", "owed", "status"]
    list_filter = ["status", "kind", "level", "reward"]
    list_select_related = ["activity", "member", "level"]
    search_fields = ["activity__title", "member__display_name"]
    date_hierarchy = "on"

    @admin.display(description=_("owed"), ordering="amount_pence")
    def owed(self, record):
        return pounds(record.amount_pence)


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(admin.ModelAdmin):
    list_display = ["reference", "member", "made_at", "meeting", "project"]
    list_select_related = ["member", "meeting", "project"]
    date_hierarchy = "made_at"

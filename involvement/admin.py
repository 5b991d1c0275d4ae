"""What co-production leads set up for involvement: levels, rates and activities. Approving and paying happen on
the site's pages (for leads and the finance team); here leads look records and claims up, never edit them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Activity, ExpenseClaim, InvolvementLevel, InvolvementRecord, MileageRate, PaymentRate, pounds


class PaymentRateInline(admin.TabularInline):
    model = PaymentRate
    extra = 0
    fields = ["unit", "amount_pence", "applies_from"]

    def has_change_permission(self, request, obj=None):
        return False  # a new rate is added with its date; the old one stays, so nothing owed changes


@admin.register(InvolvementLevel)
class InvolvementLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "pays_involvement_payment", "in_use"]
    list_editable = ["order"]
    inlines = [PaymentRateInline]


@admin.register(PaymentRate)
class PaymentRateAdmin(admin.ModelAdmin):
    list_display = ["level", "unit", "amount", "applies_from"]
    list_filter = ["level", "unit"]
    list_select_related = ["level"]

    @admin.display(description=_("amount"))
    def amount(self, rate):
        return pounds(rate.amount_pence)


@admin.register(MileageRate)
class MileageRateAdmin(admin.ModelAdmin):
    list_display = ["pence_per_mile", "applies_from"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "happens_on", "level", "project"]
    list_filter = ["kind", "level"]
    list_select_related = ["level", "project"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "project"]
    date_hierarchy = "happens_on"


@admin.register(InvolvementRecord)
class InvolvementRecordAdmin(admin.ModelAdmin):
    list_display = ["activity", "member", "on", "hours", "level", "status"]
    list_filter = ["status", "level"]
    list_select_related = ["activity", "member", "level"]
    date_hierarchy = "on"


@admin.register(ExpenseClaim)
class ExpenseClaimAdmin(admin.ModelAdmin):
    list_display = ["reference", "member", "made_at", "meeting", "project"]
    list_select_related = ["member", "meeting", "project"]
    date_hierarchy = "made_at"

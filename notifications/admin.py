from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery, DueNotification, ReminderRule
from .tasks import send_pending_deliveries


def in_words(hours):
    """'7 days' or '3 hours': whole days in days, anything else in hours."""
    if hours % 24 == 0:
        return ngettext("%(n)d day", "%(n)d days", hours // 24) % {"n": hours // 24}
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


class ReminderTimingForm(forms.ModelForm):
    """How long before a meeting, in days or hours: the lead never sees the hours it is kept in."""

    DAYS, HOURS = "days", "hours"
    amount = forms.IntegerField(label=_("How long before the meeting"), min_value=1, max_value=24 * 90)
    unit = forms.ChoiceField(label=_("Days or hours"), choices=[(DAYS, _("days")), (HOURS, _("hours"))],
                             widget=forms.RadioSelect, initial=DAYS)

    class Meta:
        model = ReminderRule
        fields = ["is_active"]
        labels = {"is_active": _("Send this reminder")}
        help_texts = {"is_active": _("Untick to stop sending it without losing it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hours = self.instance.hours_before
        if hours:
            days = hours % 24 == 0
            self.initial.update(amount=hours // 24 if days else hours, unit=self.DAYS if days else self.HOURS)

    def clean(self):
        cleaned = super().clean()
        amount, unit = cleaned.get("amount"), cleaned.get("unit")
        if amount is None or unit is None:
            return cleaned
        hours = amount * 24 if unit == self.DAYS else amount
        if ReminderRule.objects.filter(hours_before=hours).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("There is already a reminder at that time. Change that one instead."))
        self.instance.hours_before = hours
        self.instance.label = _("%(time)s before") % {"time": in_words(hours)}
        return cleaned


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    """Reminder timings, in plain words: 'Send a reminder 7 days before the meeting'."""

    form = ReminderTimingForm
    fields = ["amount", "unit", "is_active"]
    list_display = ["timing", "is_active"]
    list_display_links = ["timing"]
    list_editable = ["is_active"]

    def changelist_view(self, request, extra_context=None):
        words = {"title": _("When reminders go out before a meeting")}
        return super().changelist_view(request, {**words, **(extra_context or {})})

    @admin.display(description=_("reminder"), ordering="-hours_before")
    def timing(self, obj):
        return _("Send a reminder %(time)s before the meeting") % {"time": in_words(obj.hours_before)}


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger is a record: nobody edits or deletes it by hand."""


@admin.register(DueNotification)
class DueNotificationAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "occasion", "due_at", "processed_at", "outcome"]
    list_filter = ["kind", ("processed_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "due_at"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["member", "kind", "meeting", "occasion", "status", "skip_reason", "sent_at", "attempts"]
    list_filter = ["kind", "status", "skip_reason", "meeting"]
    list_select_related = ["member", "meeting"]
    search_fields = ["member__display_name"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["send_again"]

    @admin.action(description=_("Send this email again to these people, on purpose"), permissions=["view"])
    def send_again(self, request, queryset):
        count = 0
        for delivery in queryset.select_related("member"):
            if services.resend(delivery=delivery, requested_by=request.user):  # None: its address was forgotten
                count += 1
        send_pending_deliveries.delay_on_commit()
        self.message_user(
            request,
            ngettext("%(n)d email will be sent again.", "%(n)d emails will be sent again.", count) % {"n": count},
            messages.SUCCESS,
        )

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery, DueNotification, ReminderRule
from .tasks import send_pending_deliveries


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["label", "hours_before", "is_active"]
    list_editable = ["is_active"]


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

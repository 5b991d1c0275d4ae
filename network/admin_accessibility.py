"""What leads keep up to date on the accessibility statement: when it was tested, and what does not work yet."""

from django.contrib import admin

from .accessibility_statement import AccessibilityIssue, AccessibilityStatement


class AccessibilityIssueInline(admin.StackedInline):
    model = AccessibilityIssue
    extra = 0
    fields = ["what", "criterion", "fix_by", "fixed_on", "order"]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    fields = ["compliance", "last_tested_on", "testing_notes", "phone", "reply_within_days", "prepared_on",
              "reviewed_on", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
    inlines = [AccessibilityIssueInline]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

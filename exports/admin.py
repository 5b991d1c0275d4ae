"""The export audit log in the admin: leads read it; nobody adds or changes a row (network/permissions.py)."""

from django.contrib import admin

from .models import ExportAudit


@admin.register(ExportAudit)
class ExportAuditAdmin(admin.ModelAdmin):
    list_display = ["exported_at", "who", "kind", "what", "project", "format", "row_count"]
    list_filter = ["kind", "format", ("exported_at", admin.DateFieldListFilter)]
    list_select_related = ["who", "project"]
    date_hierarchy = "exported_at"
    search_fields = ["what", "project__title"]
    fields = ["exported_at", "who", "kind", "what", "project", "object_id", "format", "row_count"]
    readonly_fields = fields
    actions = None

"""The export audit log in the admin: leads read it; nobody adds, changes or deletes a row, superusers included."""

import rules
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

    def has_module_permission(self, request):
        return rules.has_perm("exports", request.user) or request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return rules.has_perm("exports.view_exportaudit", request.user) or request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""django-import-export resources for the admin's lists, spreadsheet-safe, and the mixin that audits every export.

Use in an admin class:

    class MemberAdmin(AuditedExportMixin, admin.ModelAdmin):
        resource_classes = [MemberResource]
"""

from import_export import resources, widgets
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from .models import ExportFormat, ExportKind
from .safety import neutralise
from .services import record_export


def choice_label(choices, value):
    return str(dict(choices).get(value, value or ""))


class SafeResource(resources.ModelResource):
    """Every text cell neutralised against formula injection; numbers and dates keep their type."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            return value
        return neutralise(value)

    def get_export_headers(self, selected_fields=None):
        return [neutralise(header) for header in super().get_export_headers(selected_fields)]


FORMAT_CODES = {"csv": ExportFormat.CSV, "xlsx": ExportFormat.XLSX}


class AuditedExportMixin(ExportMixin):
    """Admin export (CSV and Excel) for co-production leads; every export writes an ExportAudit row."""

    formats = [CSV, XLSX]
    # The plain form: the column-picking one has an unlabelled "select all" box and an inline handler the
    # Content Security Policy blocks.
    export_form_class = ExportForm

    def has_export_permission(self, request):
        return request.user.has_perm("exports.export_lists")

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        request._export_row_count = len(dataset)
        return dataset

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        record_export(
            who=request.user,
            kind=ExportKind.ADMIN_LIST,
            what=self.model._meta.label_lower,
            format=FORMAT_CODES.get(file_format.get_extension(), ExportFormat.CSV),
            row_count=getattr(request, "_export_row_count", 0),
        )
        return data

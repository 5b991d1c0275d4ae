"""Writing the audit log. Every export, wherever it happens, goes through record_export()."""

from django.db import transaction

from .models import ExportAudit, ExportFormat, ExportKind


@transaction.atomic
def record_export(*, who, kind, what, format, row_count, project=None, object_id=None):
    """Write one audit row. Raises ValueError for a kind or format the log does not know."""
    if kind not in ExportKind.values:
        raise ValueError(f"Unknown kind of export: {kind!r}")
    if format not in ExportFormat.values:
        raise ValueError(f"Unknown export format: {format!r}")
    return ExportAudit.objects.create(
        who=who,
        kind=kind,
        what=str(what)[:100],
        project=project,
        object_id=object_id if object_id is not None else getattr(project, "pk", None),
        format=format,
        row_count=row_count,
    )

"""A project's record for staff on the project and for leads: a workbook, a ZIP of CSVs, one CSV, or a printable page.

Permission is asked on every request (projects.export_project), and every export writes an audit row.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from exports.models import ExportFormat, ExportKind
from exports.services import record_export
from exports.writers import csv_bytes, write_workbook, zip_of_csvs
from network.access import require

from . import record
from .models import Project

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _exportable_project(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.export_project", project)
    return project


def _filename(project, suffix):
    # The slug, never a person's name: file names end up in download folders and email attachments.
    return f"{project.slug}-{suffix}-{timezone.localdate():%Y-%m-%d}"


def _audit(request, project, what, fmt, row_count, kind=ExportKind.PROJECT_RECORD):
    record_export(who=request.user, kind=kind, what=what, format=fmt, row_count=row_count, project=project)


def _no_cache(response):
    response["Cache-Control"] = "no-store"
    return response


def _all_roles(request):
    """Leads see every main role; a granted exporter sees them as on the project's pages (hidden ones as Member)."""
    return request.user.has_perm("network.see_private_roles")


@login_required
def project_record(request, slug):
    """The whole record on one page, laid out to print; with links to the downloads."""
    project = _exportable_project(request, slug)
    sections = []
    for part in record.parts_for_record():
        rows = list(part.rows(project, all_roles=_all_roles(request)))
        csv_url = reverse(f"exports:{part.key}_csv", kwargs={"slug": project.slug})
        sections.append({"part": part, "rows": rows, "csv_url": csv_url})
    _audit(request, project, "project record", ExportFormat.PRINT, sum(len(s["rows"]) for s in sections))
    return _no_cache(render(request, "exports/project_record.html", {"project": project, "sections": sections, "taken_at": timezone.now()}))


@login_required
def project_record_xlsx(request, slug):
    project = _exportable_project(request, slug)
    sheets = [(part.title, part.headers, part.rows(project, all_roles=_all_roles(request)))
              for part in record.parts_for_record()]
    output, row_count = write_workbook(sheets)
    _audit(request, project, "project record", ExportFormat.XLSX, row_count)
    response = FileResponse(
        output, as_attachment=True, filename=_filename(project, "record") + ".xlsx", content_type=XLSX_TYPE
    )
    return _no_cache(response)


@login_required
def project_record_zip(request, slug):
    project = _exportable_project(request, slug)
    parts = record.parts_for_record()
    _audit(request, project, "project record", ExportFormat.ZIP, sum(part.count(project) for part in parts))
    files = [(f"{part.key}.csv", part.headers, part.rows(project, all_roles=_all_roles(request))) for part in parts]
    response = StreamingHttpResponse(zip_of_csvs(files), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, "record")}.zip"'
    return _no_cache(response)


@login_required
def project_part_csv(request, slug, part):
    project = _exportable_project(request, slug)
    chosen = record.part_by_key(part)
    if chosen is None:
        raise Http404
    _audit(request, project, f"project record: {chosen.key}", ExportFormat.CSV, chosen.count(project),
           kind=ExportKind.PROJECT_PART)
    response = StreamingHttpResponse(csv_bytes(chosen.headers, chosen.rows(project, all_roles=_all_roles(request))), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, chosen.key.replace("_", "-"))}.csv"'
    return _no_cache(response)

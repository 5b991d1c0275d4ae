"""Taking a project's record out: the page to print, the workbook, the ZIP of CSVs and one CSV per part."""

from django.urls import path

from . import record
from . import views_record as views

# The addresses keep the "exports" name people and tests know: /exports/projects/<slug>/…
app_name = "exports"

urlpatterns = [
    path("projects/<slug:slug>/", views.project_record, name="project_record"),
    path("projects/<slug:slug>/record.xlsx", views.project_record_xlsx, name="project_record_xlsx"),
    path("projects/<slug:slug>/record.zip", views.project_record_zip, name="project_record_zip"),
    # One CSV per part of the record, streamed ("members.csv", "attendance.csv", …).
    *[
        path(f"projects/<slug:slug>/{part.key}.csv", views.project_part_csv, {"part": part.key}, name=f"{part.key}_csv")
        for part in record.parts_for_record()
    ],
]

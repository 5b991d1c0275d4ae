"""Taking involvement money out of the platform: the finance export and a statement a lead prints for someone.
Every one writes an export audit row (exports.services.record_export). Nothing here marks anything paid."""

from exports.models import ExportFormat, ExportKind
from exports.services import record_export
from exports.writers import csv_bytes, write_workbook

from .selectors.statements import FINANCE_HEADERS, finance_count, finance_rows

FINANCE_SHEET = "Involvement money"


def _what(starts, ends):
    return f"involvement for finance: {starts:%Y-%m-%d} to {ends:%Y-%m-%d}"


def finance_workbook(*, who, starts, ends):
    """An open temporary .xlsx of a period's approved-unpaid and paid items; audited with its row count."""
    output, row_count = write_workbook([(FINANCE_SHEET, FINANCE_HEADERS, finance_rows(starts, ends))])
    record_export(who=who, kind=ExportKind.INVOLVEMENT_MONEY, what=_what(starts, ends), format=ExportFormat.XLSX,
                  row_count=row_count)
    return output


def finance_csv(*, who, starts, ends):
    """The same rows as a CSV, streamed line by line; audited before the first line goes out."""
    record_export(who=who, kind=ExportKind.INVOLVEMENT_MONEY, what=_what(starts, ends), format=ExportFormat.CSV,
                  row_count=finance_count(starts, ends))
    return csv_bytes(FINANCE_HEADERS, finance_rows(starts, ends))


def record_statement_printed(*, who, member, year, row_count):
    """A lead or the finance team opened someone else's tax-year statement (to post it, or to answer a question)."""
    record_export(who=who, kind=ExportKind.INVOLVEMENT_MONEY, what=f"involvement statement {year.name}",
                  format=ExportFormat.PRINT, row_count=row_count, object_id=member.pk)

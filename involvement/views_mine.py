"""A person's own involvement ("My involvement"), their printable tax-year statement, and the finance export.

Permission is asked on every request through involvement/rules.py; a statement someone else opens and every
finance download write an export audit row (services_export).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from exports.models import ExportFormat
from network.access import require

from . import services_export
from .forms_export import FinancePeriodForm
from .selectors import statements

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _no_cache(response):
    response["Cache-Control"] = "no-store"
    return response


@login_required
def mine(request):
    """What you did this tax year, where each payment and expense is now, and the totals."""
    require(request, "involvement.see_own")
    context = statements.my_involvement(
        request.user, statements.current_tax_year(),
        activities_page=request.GET.get("page"), expenses_page=request.GET.get("expenses_page"),
    )
    return _no_cache(render(request, "involvement/mine_home.html", context))


def _year_or_404(year):
    found = statements.tax_year(year)
    if found is None:
        raise Http404
    return found


def _statement_page(request, member, year, *, own):
    context = statements.statement(member, year)
    context.update(own=own, large_print=request.GET.get("large") == "1")
    return context, _no_cache(render(request, "involvement/mine_statement.html", context))


@login_required
def my_statement(request, year):
    """A tax year's statement to print and give to an adviser."""
    require(request, "involvement.see_own")
    return _statement_page(request, request.user, _year_or_404(year), own=True)[1]


@login_required
def statement_for(request, year, member_id):
    """The same statement for someone else, for the people who handle the money (to post to an offline member)."""
    member = get_object_or_404(get_user_model(), pk=member_id)
    require(request, "involvement.see_everyones")
    tax_year = _year_or_404(year)
    context, response = _statement_page(request, member, tax_year, own=member.pk == request.user.pk)
    services_export.record_statement_printed(who=request.user, member=member, year=tax_year,
                                             row_count=context["row_count"])
    return response


def _finance_filename(data, suffix):
    return f"involvement-finance-{data['starts']:%Y-%m-%d}-to-{data['ends']:%Y-%m-%d}.{suffix}"


@login_required
def finance_export(request):
    """Choose a period; see how many items it holds; download them for finance as Excel or CSV."""
    require(request, "involvement.export_for_finance")
    this_year = statements.current_tax_year()
    form = FinancePeriodForm(request.GET or None, initial={"starts": this_year.first_day,
                                                           "ends": min(this_year.last_day, timezone.localdate())})
    summary = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["format"] == ExportFormat.XLSX:
            output = services_export.finance_workbook(who=request.user, starts=data["starts"], ends=data["ends"])
            return _no_cache(FileResponse(output, as_attachment=True, filename=_finance_filename(data, "xlsx"),
                                          content_type=XLSX_TYPE))
        if data["format"] == ExportFormat.CSV:
            lines = services_export.finance_csv(who=request.user, starts=data["starts"], ends=data["ends"])
            response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{_finance_filename(data, "csv")}"'
            return _no_cache(response)
        summary = statements.finance_summary(data["starts"], data["ends"])
    return _no_cache(render(request, "involvement/mine_finance_export.html", {"form": form, "summary": summary}))


urlpatterns = [
    path("", mine, name="mine"),
    path("statement/<int:year>/", my_statement, name="statement"),
    path("statement/<int:year>/for/<int:member_id>/", statement_for, name="statement_for"),
    path("finance/", finance_export, name="finance_export"),
]

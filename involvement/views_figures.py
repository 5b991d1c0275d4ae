"""Pages: involvement figures (see involvement/urls.py). Hours and amounts by role and level, for the network and
for each project, with the anonymity rules of selectors/figures.py.

Leads and the finance team see the network's figures and every project's, with amounts, for a tax year or any dates.
A project's lead sees their project's hours only, and for whole tax years only: periods that overlap could be taken
from each other to give away one person's hours.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Min
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from network.access import require
from projects.models import Project

from .forms_export import FinancePeriodForm
from .forms_figures import TaxYearForm
from .models import InvolvementRecord
from .selectors.figures import involvement_figures
from .selectors.statements import TaxYear, current_tax_year, tax_year_of

PERIOD_KEYS = ("year", "starts", "ends")


def _tax_years():
    """Each tax year from the first record's to this one, latest first."""
    first = InvolvementRecord.objects.aggregate(first=Min("on"))["first"]
    now = current_tax_year().starts
    since = min(tax_year_of(first), now) if first else now
    return [TaxYear(starts) for starts in range(now, since - 1, -1)]


def _period(request, *, any_dates):
    """(first day, last day, words for it, the tax year form, the dates form or None) from the query string.
    Anything wrong is said on its form, and this tax year is shown meanwhile."""
    years = _tax_years()
    year_form = TaxYearForm(request.GET if "year" in request.GET else None, years=years)
    asked_for_dates = any_dates and ("starts" in request.GET or "ends" in request.GET)
    dates_form = FinancePeriodForm(request.GET if asked_for_dates else None) if any_dates else None
    if asked_for_dates and dates_form.is_valid():
        starts, ends = dates_form.cleaned_data["starts"], dates_form.cleaned_data["ends"]
        words = _("From %(starts)s to %(ends)s") % {
            "starts": date_format(starts, "j F Y"), "ends": date_format(ends, "j F Y")}
        year_form = TaxYearForm(years=years)
        return starts, ends, words, year_form, dates_form
    year = current_tax_year()
    if year_form.is_bound and year_form.is_valid():
        year = TaxYear(year_form.cleaned_data["year"])
    elif not year_form.is_bound:
        year_form = TaxYearForm(initial={"year": year.starts}, years=years)
    words = _("The tax year %(name)s (%(span)s)") % {"name": year.name, "span": year.span}
    return *year.dates, words, year_form, dates_form


def _page(request, template, *, project=None, with_amounts):
    starts, ends, period, year_form, dates_form = _period(request, any_dates=with_amounts)
    figures = involvement_figures(start=starts, end=ends, project=project, with_amounts=with_amounts)
    # The same period on a project's page, from the network's list of projects.
    query = QueryDict(mutable=True)
    query.update({key: request.GET[key] for key in PERIOD_KEYS if request.GET.get(key)})
    return render(request, template, {
        "project": project, "figures": figures, "period": period, "year_form": year_form, "dates_form": dates_form,
        "with_amounts": with_amounts, "query": query.urlencode(),
    })


@login_required
def network_figures(request):
    """The whole network's hours and amounts, by role, level and project: for leads and the finance team."""
    require(request, "involvement.see_network_figures")
    return _page(request, "involvement/figures_network.html", with_amounts=True)


@login_required
def project_figures(request, slug):
    """A project's hours (and, for leads and the finance team, amounts) by role and level."""
    project = get_object_or_404(Project, slug=slug)
    require(request, "involvement.see_project_hours", project)
    with_amounts = request.user.has_perm("involvement.see_amounts")
    return _page(request, "involvement/figures_project.html", project=project, with_amounts=with_amounts)


urlpatterns = [
    path("figures/", network_figures, name="figures"),
    path("figures/projects/<slug:slug>/", project_figures, name="project_figures"),
]

"""The power-balance figures and the framework, for the network and for each project; recognition of projects."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from network.access import require
from network.kept_counts import cached_figure
from projects.models import Project, Stage

from . import charts, framework, services
from . import figures as balance_figures
from . import review as review_reads
from .forms import (
    AnswersForm,
    CommitmentForm,
    EvidenceForm,
    OpenReviewForm,
    PeriodForm,
    RecognitionForm,
    SummaryForm,
)
from .models import Criterion, Recognition, Review


def _period(request):
    default = balance_figures.default_period()
    if "start" not in request.GET:
        return PeriodForm(initial={"start": default.start, "end": default.end}), default
    form = PeriodForm(request.GET)
    return form, form.cleaned_data["period"] if form.is_valid() else None


def _render(request, scope):
    form, period = _period(request)
    return render(request, "partnership/figures.html", {
        "form": form,
        "project": scope,
        # Read only by code that asks for them (the page itself shows the cached HTML).
        "figures": SimpleLazyObject(lambda: balance_figures.balance(period, scope)) if period is not None else None,
        "figures_html": _figures_html(period, scope) if period is not None else "",
        "threshold": balance_figures.THRESHOLD,
    })


def _figures_html(period, scope):
    """The figures' tables as HTML, kept in the cache with the figures (network/kept_counts.py), one copy per
    language: they are the same for everyone (leads see the same protected figures), and a page holds hundreds of
    cells, so a cached visit renders none of them again."""

    def tables_html():
        figures = balance_figures.balance(period, scope)
        return render_to_string("partnership/_figures_tables.html", {
            "figures": figures,
            "headline": balance_figures.headline(figures),
            "tables": balance_figures.tables(figures),
        })

    where = scope.pk if scope is not None else "network"
    return mark_safe(  # noqa: S308  our own template's output, escaped when it was rendered
        cached_figure(f"balance-html:{where}:{period.start}:{period.end}:{get_language()}", tables_html))


@login_required
def network_figures(request):
    require(request, "partnership.see_figures")
    return _render(request, None)


@login_required
def project_figures(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "partnership.see_figures", project)
    return _render(request, project)


@login_required
def network_framework(request):
    require(request, "partnership.see_framework")
    return render(request, "partnership/framework_network.html", {
        "rollup": framework.for_network(),
        "can_edit": rules.has_perm("partnership.run_review", request.user),
    })


def _stage(project, request):
    stage = request.GET.get("stage") or project.stage
    return stage if stage in Stage.values else project.stage


@login_required
def project_framework(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "partnership.see_framework", project)
    stage = _stage(project, request)
    groups = framework.for_project(project, stage)
    results = [result for group in groups for result in group.results]
    recognition = project.recognitions.filter(stage=stage).first()
    return render(request, "partnership/framework_project.html", {
        "project": project,
        "stage": Stage(stage),
        "stages": Stage,
        "groups": groups,
        "all_met": bool(results) and all(result.state == framework.MET for result in results),
        "recognition": recognition,
        "can_add_evidence": rules.has_perm("partnership.add_evidence", request.user, project),
        "can_recognise": rules.has_perm("partnership.recognise_project", request.user, project),
        "recognition_form": RecognitionForm(),
    })


@login_required
def add_evidence(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "partnership.add_evidence", project)
    stage = _stage(project, request)
    criteria = [result.criterion for group in framework.for_project(project, stage) for result in group.results
                if result.criterion.how == Criterion.How.EVIDENCE]
    form = EvidenceForm(request.POST or None, request.FILES or None, criteria=criteria,
                        initial={"criterion": request.GET.get("criterion")})
    if request.method == "POST" and form.is_valid():
        services.add_evidence(project=project, stage=stage, by=request.user, form=form)
        messages.success(request, _("Thank you. The evidence is on the project's framework page."))
        return redirect(f"{reverse('partnership:project_framework', args=[project.slug])}?stage={stage}")
    return render(request, "partnership/evidence_form.html", {"project": project, "stage": Stage(stage), "form": form})


@login_required
def recognise(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "partnership.recognise_project", project)
    stage = _stage(project, request)
    form = RecognitionForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect(f"{reverse('partnership:project_framework', args=[project.slug])}?stage={stage}")
    try:
        services.recognise(project=project, stage=stage, by=request.user, note=form.cleaned_data["note"])
    except services.PartnershipRefusal as refusal:
        messages.info(request, refusal.message)
    else:
        messages.success(request, _("The project has been recognised. Its certificate is ready to print."))
    return redirect(f"{reverse('partnership:project_framework', args=[project.slug])}?stage={stage}")


@login_required
def certificate(request, pk):
    recognition = get_object_or_404(Recognition.objects.select_related("project", "recognised_by"), pk=pk)
    require(request, "partnership.see_framework", recognition.project)
    return render(request, "partnership/certificate.html", {
        "recognition": recognition,
        "groups": framework.for_project(recognition.project, recognition.stage),
    })


@login_required
def reviews(request):
    require(request, "partnership.see_review")
    can_run = rules.has_perm("partnership.run_review", request.user)
    form = OpenReviewForm(request.POST or None) if can_run else None
    if request.method == "POST":
        require(request, "partnership.run_review")
        if form.is_valid():
            review = services.open_review(by=request.user, **form.cleaned_data)
            messages.success(request, _("The review is open. Everyone in the network can now add their views."))
            return redirect("partnership:review", pk=review.pk)
    return render(request, "partnership/reviews.html", {
        "reviews": Review.objects.order_by("-period_end", "-pk")[:50], "form": form, "can_run": can_run,
    })


def _review_page(request, review, answers_form=None, summary_form=None, commitment_form=None, status=200):
    asked = review_reads.questions()
    can_run = rules.has_perm("partnership.run_review", request.user)
    context = {
        "review": review,
        "can_run": can_run,
        "can_answer": rules.has_perm("partnership.contribute_to_review", request.user, review),
        "answered": review_reads.answer_count(review),
    }
    if review.is_open:
        answers_form = answers_form or AnswersForm(questions=asked, answers=review_reads.own_answers(review, request.user))
        context["answer_groups"] = review_reads.by_principle(answers_form.rows(), lambda row: row[0].principle)
        context["answers_form"] = answers_form
    else:
        views_by_question = review_reads.views_side_by_side(review, asked)
        context["view_groups"] = review_reads.by_principle(
            [(q, views_by_question[q.pk]) for q in asked], lambda row: row[0].principle)
        context["roles"] = balance_figures.ROLES
        commitments, _period = review_reads.commitments_with_progress(review)
        context["commitments"] = commitments
        if can_run:
            context["summary_form"] = summary_form or SummaryForm(instance=review)
            context["commitment_form"] = commitment_form or CommitmentForm(review=review, viewer=request.user)
    figures = balance_figures.balance(review_reads.period_of(review))
    context["figures"] = figures
    context["tables"] = balance_figures.tables(figures)
    context["headline"] = balance_figures.headline(figures)
    context["earlier"], context["earlier_commitments"] = review_reads.earlier_commitments(review)
    return render(request, "partnership/review.html", context, status=status)


@login_required
def review(request, pk):
    review = get_object_or_404(Review, pk=pk)
    require(request, "partnership.see_review", review)
    return _review_page(request, review)


@login_required
def answer_review(request, pk):
    review = get_object_or_404(Review, pk=pk)
    if request.method != "POST":
        return redirect("partnership:review", pk=review.pk)
    if not review.is_open:
        messages.info(request, services.ReviewClosed.message)
        return redirect("partnership:review", pk=review.pk)
    require(request, "partnership.contribute_to_review", review)
    form = AnswersForm(request.POST, questions=review_reads.questions(), answers={})
    if not form.is_valid():
        return _review_page(request, review, answers_form=form, status=400)
    try:
        services.save_answers(review=review, member=request.user, answers=form.answers())
    except services.PartnershipRefusal as refusal:
        messages.info(request, refusal.message)
    else:
        messages.success(request, _("Thank you. Your views are saved. You can change them until the review closes."))
    return redirect("partnership:review", pk=review.pk)


@login_required
def run_review(request, pk):
    """A lead closes the review to answers, writes its summary and adds the plan's commitments."""
    review = get_object_or_404(Review, pk=pk)
    require(request, "partnership.run_review", review)
    if request.method != "POST":
        return redirect("partnership:review", pk=review.pk)
    step = request.POST.get("step")
    try:
        if step == "close":
            services.close_review(review=review, by=request.user)
            messages.success(request, _("The review is closed to answers. Everyone's views are now shown side by side."))
        elif step == "summary":
            form = SummaryForm(request.POST, instance=review)
            if not form.is_valid():
                return _review_page(request, review, summary_form=form, status=400)
            services.write_summary(review=review, summary=form.cleaned_data["summary"])
            messages.success(request, _("The summary is saved."))
        elif step == "commitment":
            form = CommitmentForm(request.POST, review=review, viewer=request.user)
            if not form.is_valid():
                return _review_page(request, review, commitment_form=form, status=400)
            services.add_commitment(review=review, by=request.user, **form.cleaned_data)
            messages.success(request, _("The commitment is in the plan, and in My actions for the person doing it."))
    except services.PartnershipRefusal as refusal:
        messages.info(request, refusal.message)
    return redirect("partnership:review", pk=review.pk)


@login_required
def report(request, pk):
    """The yearly report a lead prints or saves as PDF: the figures with charts and tables, the review's summary, the
    plan, the impact recorded in the period and "you said, we did"."""
    review = get_object_or_404(Review, pk=pk)
    require(request, "partnership.print_report", review)
    figures = balance_figures.balance(review_reads.period_of(review))
    tables = balance_figures.tables(figures)
    commitments, _period = review_reads.commitments_with_progress(review)
    charted = [{"chart": chart} for chart in charts.charts(figures)]
    return render(request, "partnership/report.html", {
        "review": review,
        "figures": figures,
        "tables": tables,
        "charted": charted,
        "roles": balance_figures.ROLES,
        "headline": balance_figures.headline(figures),
        "commitments": commitments,
        "framework": framework.for_network(review_reads.period_of(review)),
        "impact": review_reads.impact_in(review),
    })

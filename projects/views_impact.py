"""Measuring the impact of working together: impact records ("you said, we did") and members' reflections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from network.access import require

from . import selectors, services
from .forms import ImpactForm, ReflectionForm, YouSaidWeDidFormSet
from .models import Project
from .reflections import summarise


@login_required
def add_impact(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.record_impact", project)
    form = ImpactForm(request.POST or None, initial={"happened_on": timezone.localdate()})
    pairs = YouSaidWeDidFormSet(request.POST or None, prefix="pairs")
    if request.method == "POST" and form.is_valid() and pairs.is_valid():
        services.record_impact(
            project=project, by=request.user, **form.cleaned_data,
            pairs=[(p["you_said"], p["we_did"]) for p in pairs.cleaned_data if p.get("you_said")],
        )
        messages.success(request, _("The impact has been recorded and is shown on the project page."))
        return redirect(project.get_absolute_url() + "#impact")
    return render(request, "projects/impact_form.html", {"project": project, "form": form, "pairs": pairs})


@login_required
def reflect(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.reflect", project)
    if selectors.has_reflected(member=request.user, project=project):
        messages.info(request, services.AlreadyReflected.message)
        return redirect(project.get_absolute_url() + "#reflections")
    form = ReflectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reflection(member=request.user, project=project, answers=form.answers())
        except services.ProjectRefusal as refusal:
            messages.info(request, refusal.message)
        else:
            messages.success(request, _("Thank you for your reflections. Nobody will see your name next to them."))
        return redirect(project.get_absolute_url() + "#reflections")
    return render(request, "projects/reflect.html", {"project": project, "form": form})


@login_required
def reflection_comments(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.read_reflection_comments", project)
    summary = summarise(project, with_comments=True)
    return render(request, "projects/reflection_comments.html", {"project": project, "summary": summary})

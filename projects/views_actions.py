"""Actions: a project's actions, what leads record and edit, marking one done, and "My actions"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.access import require

from . import selectors, services
from .forms import action_form
from .models import Action, Project

OPEN_ACTIONS_PER_PAGE = 25
PROJECT_ACTIONS_PER_PAGE = 30
DONE_ACTIONS_SHOWN = 20  # the latest; every action stays on its project's page

@login_required
def project_actions(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.see_project_internals", project)
    can_manage = request.user.has_perm("projects.manage_actions", project)
    form = action_form(request.POST or None, project=project, viewer=request.user) if can_manage else None
    if request.method == "POST":
        require(request, "projects.manage_actions", project)
        if form.is_valid():
            services.save_action(project=project, by=request.user, **form.cleaned_data)
            messages.success(request, _("The action has been added."))
            return redirect("projects:actions", slug=project.slug)
    page = selectors.project_actions_page(project, request.GET.get("page"), PROJECT_ACTIONS_PER_PAGE)
    return render(
        request, "projects/actions.html",
        {"project": project, "actions": page, "form": form, "can_manage": can_manage, "today": timezone.localdate()},
    )


@login_required
def edit_action(request, slug, action_id):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.manage_actions", project)
    action = get_object_or_404(Action, pk=action_id, project=project)
    initial = {"what": action.what, "owner": action.owner, "due": action.due}
    form = action_form(request.POST or None, project=project, viewer=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_action(project=project, by=request.user, action=action, meeting=action.meeting, **form.cleaned_data)
        messages.success(request, _("The action has been updated."))
        return redirect("projects:actions", slug=project.slug)
    return render(request, "projects/action_form.html", {"project": project, "action": action, "form": form})


@login_required
@require_POST
def mark_action(request, action_id):
    action = get_object_or_404(Action.objects.select_related("project"), pk=action_id)
    require(request, "projects.mark_action_done", action)
    done = request.POST.get("done") == "yes"
    services.set_action_done(action=action, by=request.user, done=done)
    messages.success(request, _("Marked as done. Thank you!") if done else _("Marked as not done yet."))
    next_url = request.POST.get("next")
    if next_url == "mine" or action.project is None:
        return redirect("projects:my_actions")
    return redirect("projects:actions", slug=action.project.slug)


@login_required
def my_actions(request):
    mine = selectors.member_actions(
        request.user, request.GET.get("page"), per_page=OPEN_ACTIONS_PER_PAGE, done_shown=DONE_ACTIONS_SHOWN
    )
    return render(request, "projects/my_actions.html", mine)

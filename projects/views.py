"""Project pages: the list, a project's page, creating and editing, joining and leaving, stages."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.access import require
from network.roles import sees_every_role

from . import selectors, services
from .forms import (
    ChecklistForm,
    ChecklistTickForm,
    JoinForm,
    MembershipRoleForm,
    ProjectFilterForm,
    ProjectForm,
    StageMoveForm,
)
from .models import STAGE_ORDER, Project, ProjectMembership, StageChecklistItem
from .reflections import summarise
from .rules import forget_membership

PAGE_SIZE = 10


@login_required
def project_list(request):
    require(request, "projects.see_projects")
    form = ProjectFilterForm(request.GET or None)
    projects = form.filter(Project.objects.all()).order_by("title", "pk")
    filtered = bool(form.is_bound and form.has_changed())
    page = selectors.projects_page(
        projects, filtered=filtered, page_number=request.GET.get("page"), per_page=PAGE_SIZE, viewer=request.user
    )
    query = request.GET.copy()
    query.pop("page", None)
    # The first and last pages and those next to this one, with "…" between: the same size with 3 or 3,000 pages.
    page_links = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return render(
        request, "projects/list.html",
        {
            "form": form, "page": page, "page_links": page_links, "ellipsis": page.paginator.ELLIPSIS,
            "query": query.urlencode(), "filtered": filtered,
        },
    )


MEMBERS_PAGE_SIZE = 30
OPEN_ACTIONS_SHOWN = 10  # soonest due first; the project's actions page has them all


@login_required
def project_detail(request, slug):
    require(request, "projects.see_projects")
    project = selectors.project_with_role_counts(slug)
    return render(request, "projects/detail.html", _detail_context(request, project))


def _detail_context(request, project, *, checklist_form=None):
    """What the project page shows; a checklist form sent with a mistake is drawn again as it was sent."""
    user = request.user
    can_see_internals = user.has_perm("projects.see_project_internals", project)
    can_manage = user.has_perm("projects.edit_project", project)
    checklist, other_checklists = selectors.checklists(project)
    my_membership = selectors.live_membership(member=user, project=project)
    if can_manage and checklist_form is None and checklist:
        checklist_form = ChecklistForm(items=checklist)
    context = {
        "project": project,
        "can_see_internals": can_see_internals,
        "can_manage": can_manage,
        "can_export": user.has_perm("projects.export_project", project),
        "can_join": user.has_perm("projects.join_project", project) and project.is_open_to_join,
        "can_reflect": user.has_perm("projects.reflect", project) and not selectors.has_reflected(member=user, project=project),
        "my_membership": my_membership,
        "checklist": checklist,
        "checklist_form": checklist_form if can_manage else None,
        "checklist_saved": request.session.pop(CHECKLIST_SAVED, None),
        "other_checklists": other_checklists,
        "checklist_done": sum(1 for item in checklist if item.is_done),
        "stages": STAGE_ORDER,
        "timeline": project.stage_changes.select_related("changed_by"),
        "upcoming_meetings": project.meetings.published().upcoming()[:5],
        "impact_records": project.impact_records.prefetch_related("you_said_we_did"),
        "reflections": summarise(project),
        "involved": project.role_counts_seen_by(user),
        "sees_every_role": sees_every_role(user),
    }
    if can_see_internals:
        context["members_by_role"] = selectors.members_preview(project, user)
        context["open_actions"], context["open_action_count"] = selectors.open_actions_preview(
            project, shown=OPEN_ACTIONS_SHOWN
        )
    if can_manage:
        context["requests"] = selectors.join_requests(project)
    return context


@login_required
def project_members(request, slug):
    project = selectors.project_with_role_counts(slug)
    require(request, "projects.see_project_internals", project)
    can_decide = request.user.has_perm("projects.decide_join_requests", project)
    can_manage_members = request.user.has_perm("projects.manage_members", project)
    role = selectors.chosen_group(request.GET.get("role"))
    page = Paginator(selectors.member_order(project, role, request.user), MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.memberships_by_id(list(page.object_list))
    return render(
        request, "projects/members.html",
        {
            "project": project,
            "page": page,
            "members_by_role": selectors.members_by_role(project, page.object_list, request.user),
            "role": role,
            "role_filters": selectors.group_filters(project, request.user),
            "sees_every_role": sees_every_role(request.user),
            "query": urlencode({"role": role}) if role else "",
            "requests": selectors.join_requests(project) if can_decide else [],
            "can_decide": can_decide,
            "can_manage_members": can_manage_members,
        },
    )


@login_required
@require_POST
def set_project_role(request, slug, membership_id):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.manage_members", project)
    membership = get_object_or_404(ProjectMembership.objects.select_related("member"), pk=membership_id, project=project)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please keep the role in the project under 120 characters."))
    else:
        try:
            services.set_project_role(membership=membership, by=request.user, **form.cleaned_data)
        except services.ProjectRefusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Saved %(name)s's role in the project.") % {"name": membership.member.display_name})
    return redirect("projects:members", slug=project.slug)


@login_required
def project_create(request):
    require(request, "projects.create_project")
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.create_project(project=form.save(commit=False), created_by=request.user)
        messages.success(request, _("The project has been created, with a checklist for each stage."))
        return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": None})


@login_required
def project_edit(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.edit_project", project)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        project = services.update_project(project=form.save(commit=False))
        messages.success(request, _("Your changes have been saved."))
        return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": project})


def _pledge_url(next_url):
    return f"{reverse('pledges:pledge')}?{urlencode({'next': next_url})}"


@login_required
def project_join(request, slug):
    project = get_object_or_404(Project, slug=slug)
    if not request.user.has_perm("projects.join_project", project):
        if request.user.has_perm("projects.leave_project", project):
            messages.info(request, _("You are already involved in this project, or have asked to join."))
            return redirect(project)
        raise PermissionDenied
    if not project.is_open_to_join:
        messages.info(request, services.JoiningClosed.message)
        return redirect(project)
    pledge_needed = project.requires_pledge and not selectors.has_signed_current_pledge(request.user)
    if pledge_needed:
        messages.info(request, _("Before you join a project, please take our pledge. We will bring you back here."))
        return redirect(_pledge_url(request.path))
    form = JoinForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_project(
                member=request.user, project=project,
                why=form.cleaned_data["why_involved"], contribution=form.cleaned_data["contribution"],
            )
        except services.ProjectRefusal as refusal:
            messages.error(request, refusal.message)
            return redirect(project)
        return redirect("projects:joined", slug=project.slug)
    return render(request, "projects/join.html", {"project": project, "form": form, "pledge_needed": pledge_needed})


@login_required
def project_joined(request, slug):
    """The thank-you after joining or asking to join, with the natural next step: the project's next meeting."""
    project = get_object_or_404(Project, slug=slug)
    membership = selectors.live_membership(member=request.user, project=project)
    if membership is None:
        return redirect(project)
    is_member = membership.status == ProjectMembership.Status.ACTIVE
    next_meeting = project.meetings.published().upcoming().first() if is_member else None
    return render(request, "projects/joined.html",
                  {"project": project, "is_member": is_member, "next_meeting": next_meeting})


@login_required
def project_leave(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.leave_project", project)
    if request.method == "POST":
        services.leave_project(member=request.user, project=project)
        forget_membership(request.user, project)
        messages.success(request, _("You have left the project. You are welcome back any time."))
        return redirect(project)
    return render(request, "projects/leave.html", {"project": project})


@login_required
@require_POST
def decide_request(request, slug, membership_id, decision):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.decide_join_requests", project)
    membership = get_object_or_404(ProjectMembership, pk=membership_id, project=project)
    try:
        services.decide_join_request(membership=membership, by=request.user, approve=decision == "approve")
    except services.ProjectRefusal as refusal:
        messages.error(request, refusal.message)
    else:
        name = membership.member.display_name
        if decision == "approve":
            messages.success(request, _("%(name)s is now a member. We have emailed them.") % {"name": name})
        else:
            messages.success(request, _("You said no to %(name)s. We have let them know.") % {"name": name})
    return redirect("projects:members", slug=project.slug)


@login_required
def move_stage(request, slug):
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.move_stage", project)
    unticked = selectors.unticked_items(project)
    form = StageMoveForm(request.POST or None, project=project, unticked=unticked)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.move_stage(
                project=project, to_stage=form.cleaned_data["to_stage"], by=request.user,
                reason=form.cleaned_data["reason"], confirmed_unticked=form.cleaned_data.get("confirm_unticked", False),
            )
        except services.ProjectRefusal as refusal:
            messages.error(request, refusal.message)
            return redirect("projects:move_stage", slug=project.slug)
        messages.success(
            request, _("The project is now at the %(stage)s stage. Members will get an email.")
            % {"stage": change.get_to_stage_display()},
        )
        return redirect(project)
    return render(request, "projects/move_stage.html", {"project": project, "form": form, "unticked": unticked})


# The project page says "We saved the checklist" beside the checklist itself, where the person is looking, once.
CHECKLIST_SAVED = "projects_checklist_saved"


@login_required
@require_POST
def save_checklist(request, slug):
    """Save every tick and note of the checklist at once; "Move to another stage" sends it here first too, so
    moving on never loses a tick, with or without JavaScript."""
    project = selectors.project_with_role_counts(slug)
    require(request, "projects.tick_checklist", project)
    items = project.checklist_items.filter(pk__in=ChecklistForm.posted_item_ids(request.POST)).select_related("done_by")
    form = ChecklistForm(request.POST, items=items.order_by("order", "pk"))
    if not form.is_valid():
        return render(request, "projects/detail.html", _detail_context(request, project, checklist_form=form))
    saved = services.save_checklist(by=request.user, changes=list(form.changes()))
    if request.POST.get("then") == "move_stage":
        if saved:
            messages.success(request, _("We saved your checklist first."))
        return redirect("projects:move_stage", slug=project.slug)
    request.session[CHECKLIST_SAVED] = len(saved)
    return redirect(reverse("projects:detail", kwargs={"slug": project.slug}) + "#checklist")


@login_required
@require_POST
def tick_item(request, slug, item_id):
    """One point at a time, for a project page opened before the checklist became one form."""
    project = get_object_or_404(Project, slug=slug)
    require(request, "projects.tick_checklist", project)
    item = get_object_or_404(StageChecklistItem, pk=item_id, project=project)
    form = ChecklistTickForm(request.POST)
    if form.is_valid():
        services.tick_checklist_item(item=item, by=request.user, **form.cleaned_data)
        messages.success(request, _("The checklist has been updated."))
    else:
        messages.error(request, _("The note is too long. Please keep it under 500 characters."))
    return redirect(reverse("projects:detail", kwargs={"slug": project.slug}) + "#checklist")

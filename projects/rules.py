"""Who may do what with projects. Views, templates ({% has_perm %}) and the admin all ask these."""

import rules

from network.access import is_co_production_lead, is_signed_in, may_export_project_records, register_admin_rules

from .models import ProjectMembership
from .selectors import live_membership


def _membership(user, project):
    return live_membership(member=user, project=project)


def forget_membership(user, project):
    getattr(user, "_project_membership_cache", {}).pop(project.pk, None)


@rules.predicate
def is_active_project_member(user, project):
    membership = _membership(user, project)
    return membership is not None and membership.status == ProjectMembership.Status.ACTIVE


@rules.predicate
def is_project_lead(user, project):
    membership = _membership(user, project)
    return membership is not None and membership.status == ProjectMembership.Status.ACTIVE and membership.is_project_lead


@rules.predicate
def has_live_membership(user, project):
    return _membership(user, project) is not None


@rules.predicate
def owns_action(user, action):
    return action is not None and user.is_authenticated and action.owner_id == user.pk


@rules.predicate
def leads_actions_project(user, action):
    return action is not None and (is_project_lead(user, action.project) or is_co_production_lead(user))


can_manage_project = is_project_lead | is_co_production_lead

# The site
rules.add_perm("projects.see_projects", is_signed_in)
rules.add_perm("projects.see_project_internals", is_active_project_member | is_co_production_lead)
# Who is in which project, where a person is chosen: leads for every project, others for the projects they are in.
rules.add_perm("projects.see_every_project_membership", is_co_production_lead)
rules.add_perm("projects.create_project", is_co_production_lead)
rules.add_perm("projects.edit_project", can_manage_project)
rules.add_perm("projects.move_stage", can_manage_project)
rules.add_perm("projects.tick_checklist", can_manage_project)
rules.add_perm("projects.decide_join_requests", can_manage_project)
rules.add_perm("projects.manage_members", can_manage_project)
rules.add_perm("projects.manage_actions", can_manage_project)
rules.add_perm("projects.record_impact", can_manage_project)
rules.add_perm("projects.join_project", is_signed_in & ~has_live_membership)
rules.add_perm("projects.leave_project", has_live_membership)
rules.add_perm("projects.reflect", is_active_project_member)
rules.add_perm("projects.read_reflection_comments", can_manage_project)
rules.add_perm("projects.mark_action_done", owns_action | leads_actions_project)

# The admin, from the table in network/permissions.py.
register_admin_rules("projects")

# Taking a project's full record out: co-production leads, and members a lead granted the power to download the
# records of projects they are in, while they are an active member (asked afresh on every request: someone who left
# this morning cannot export it this afternoon). The main role a member chose for themselves ("Staff") gives nothing.
can_export_project = is_co_production_lead | (may_export_project_records & is_active_project_member)
rules.add_perm("projects.export_project", can_export_project)
rules.add_perm("exports.export_project", can_export_project)

"""Who may take data out of the platform. Views, templates ({% has_perm %}) and the admin all ask these.

- A project's full record: staff-role members with an active membership of that project, and co-production leads.
- Lists from the admin (members, projects, meetings, signatures) and the export audit log: co-production leads.
"""

import rules

from network.models import Role
from projects.models import ProjectMembership


@rules.predicate
def is_co_production_lead(user):
    return user.is_authenticated and user.is_active and user.is_co_production_lead


@rules.predicate
def is_staff_member_of_project(user, project):
    if not (user.is_authenticated and user.is_active) or project is None or user.role != Role.STAFF:
        return False
    # Asked afresh on every request: someone who left the project this morning cannot export it this afternoon.
    return ProjectMembership.objects.active().filter(member=user, project=project).exists()


can_export_project = is_co_production_lead | is_staff_member_of_project

rules.add_perm("projects.export_project", can_export_project)
rules.add_perm("exports.export_project", can_export_project)
rules.add_perm("exports.export_lists", is_co_production_lead)

# The admin: leads read the audit log there; nobody adds, changes or deletes a row of it.
rules.add_perm("exports", is_co_production_lead)
rules.add_perm("exports.view_exportaudit", is_co_production_lead)

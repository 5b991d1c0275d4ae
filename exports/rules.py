"""Who may take data out of the platform. Views, templates ({% has_perm %}) and the admin all ask these.

- A project's full record: co-production leads, and members a lead has granted the power to download the
  records of projects they are in, while they are an active member of that project. The main role a member
  chose for themselves ("Staff") gives nothing.
- Lists from the admin (members, projects, meetings, signatures) and the export audit log: co-production leads.
"""

import rules

from network.access import is_co_production_lead, may_export_project_records, register_admin_rules
from projects.models import ProjectMembership


@rules.predicate
def is_active_member_of_project(user, project):
    if project is None or not user.is_authenticated:
        return False
    # Asked afresh on every request: someone who left the project this morning cannot export it this afternoon.
    return ProjectMembership.objects.active().filter(member=user, project=project).exists()


can_export_project = is_co_production_lead | (may_export_project_records & is_active_member_of_project)

rules.add_perm("projects.export_project", can_export_project)
rules.add_perm("exports.export_project", can_export_project)
rules.add_perm("exports.export_lists", is_co_production_lead)

# The admin, from the table in network/permissions.py: leads read the audit log; nobody adds to or changes it.
register_admin_rules("exports")

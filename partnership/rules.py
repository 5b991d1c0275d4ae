"""Who may do what with the power-balance figures, the framework and the yearly review. The one authority.

- The network's figures and every project's are open to every signed-in member: sharing power starts with
  everyone seeing how it is shared. The anonymity rules (partnership/figures.py) hold for everyone, leads too.
- Leads write the criteria and the review's questions, open and close reviews, make the plan and recognise projects.
- Any member contributes to an open review; a project's leads (and leads) add evidence for their project.
"""

import rules

from network.access import is_co_production_lead, is_signed_in, register_admin_rules
from projects.rules import can_manage_project


@rules.predicate
def is_open_review(user, review):
    return review is not None and review.is_open


@rules.predicate
def is_a_network_member(user):
    """Not a supporter-only account: someone who only acts with a member has no views of their own in the review
    (they are not counted in the figures either)."""
    return not getattr(user, "supporter_only", False)


rules.add_perm("partnership.see_figures", is_signed_in)
rules.add_perm("partnership.see_framework", is_signed_in)
rules.add_perm("partnership.add_evidence", can_manage_project)  # the object is the project
rules.add_perm("partnership.add_network_evidence", is_co_production_lead)
rules.add_perm("partnership.see_review", is_signed_in)
rules.add_perm("partnership.contribute_to_review", is_signed_in & is_a_network_member & is_open_review)
rules.add_perm("partnership.run_review", is_co_production_lead)
rules.add_perm("partnership.recognise_project", is_co_production_lead)
rules.add_perm("partnership.print_report", is_co_production_lead)

register_admin_rules("partnership")

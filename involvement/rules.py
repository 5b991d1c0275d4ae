"""Who may do what with involvement time, payments and expenses. The one authority: views, templates, the admin.

- Every signed-in member sees only their own records, claims and reward choice, records their own preparation
  time and claims their own expenses.
- Co-production leads and the finance team (a power a lead grants) see everyone's, approve, decline, mark paid
  and export for finance.
- A project lead sees the hours given to their project, never the amounts.
- Leads record time, claims and reward choices for members who do not use the site.
"""

import rules

from network.access import handles_involvement_money, is_co_production_lead, is_signed_in, register_admin_rules
from projects.rules import is_project_lead


@rules.predicate
def is_their_own(user, item):
    member_id = getattr(item, "member_id", None)
    return item is not None and user.is_authenticated and member_id == user.pk


@rules.predicate
def is_offline_member(user, member):
    return member is not None and member.is_offline


# A member's own
rules.add_perm("involvement.see_own", is_signed_in)
rules.add_perm("involvement.record_own_time", is_signed_in)
rules.add_perm("involvement.claim_own_expenses", is_signed_in)
rules.add_perm("involvement.choose_own_reward", is_signed_in)
# One item (a record, a claim, a receipt's claim): its owner, and the people who handle the money
rules.add_perm("involvement.see_item", is_signed_in & (is_their_own | handles_involvement_money))
# The money: leads and the finance team
rules.add_perm("involvement.handle_money", handles_involvement_money)
rules.add_perm("involvement.see_everyones", handles_involvement_money)
rules.add_perm("involvement.export_for_finance", handles_involvement_money)
rules.add_perm("involvement.see_amounts", handles_involvement_money)
# For someone who does not use the site (the object is the member)
rules.add_perm("involvement.act_for_offline_member", is_co_production_lead & is_offline_member)
# Figures: hours for a project's lead (the object is the project); hours and amounts for the network
rules.add_perm("involvement.see_project_hours", handles_involvement_money | is_project_lead)
rules.add_perm("involvement.see_network_figures", handles_involvement_money)

# The admin, from the table in network/permissions.py: levels, rates and activities are data leads edit.
register_admin_rules("involvement")

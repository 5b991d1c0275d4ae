"""Who may do what in the network. Views, templates ({% if perms.network.… %}) and the admin ask these."""

import rules


@rules.predicate
def is_member(user):
    return user.is_authenticated and user.is_active


@rules.predicate
def is_co_production_lead(user):
    return user.is_authenticated and user.is_active and user.is_co_production_lead


@rules.predicate
def is_online_member(user, other):
    return other is not None and not other.is_offline


# Signed-in members see the directory, edit their own profile and raise blockages.
rules.add_perm("network.see_directory", is_member)
rules.add_perm("network.edit_own_profile", is_member)
rules.add_perm("network.raise_blockage", is_member)
# Leads look after members: add offline members, invite people, change roles, record consents, make leads.
rules.add_perm("network.manage_members", is_co_production_lead)
rules.add_perm("network.make_lead", is_co_production_lead & is_online_member)
rules.add_perm("network.edit_network_page", is_co_production_lead)

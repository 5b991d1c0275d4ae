"""Who may do what in the network. Views, templates ({% if perms.network.… %}) and the admin ask these."""

import rules

from .access import is_co_production_lead, is_signed_in, is_superuser, register_admin_rules


@rules.predicate
def is_online_member(user, other):
    return other is not None and not other.is_offline and not other.is_erased


@rules.predicate
def is_not_someone_elses_superuser(user, other):
    # A lead may not edit an administrator: changing their email would be a way into their account.
    return other is None or not other.is_superuser or (user.is_superuser and user.is_active)


@rules.predicate
def shares_a_project_with(user, other):
    """Both are active members of one project (asked through Member's relation: projects sits above network)."""
    if other is None or not is_signed_in(user):
        return False
    theirs = other.project_memberships.active().values("project")
    return user.project_memberships.active().filter(project__in=theirs).exists()


@rules.predicate
def may_see_what_they_bring(user, piece):
    """A piece of what someone brings (or their ways to take part), as they chose: the leads see every piece."""
    from .what_i_bring import WhoMaySee

    if piece is None or not is_signed_in(user):
        return False
    if piece.member_id == user.pk or is_co_production_lead(user):
        return True
    if piece.who_may_see == WhoMaySee.DIRECTORY and piece.member.in_directory and not piece.member.supporter_only:
        return True
    return piece.who_may_see in (WhoMaySee.PROJECTS, WhoMaySee.DIRECTORY) and shares_a_project_with(user, piece.member)


# Signed-in members see the directory, edit their own profile and raise blockages.
rules.add_perm("network.see_directory", is_signed_in)
rules.add_perm("network.edit_own_profile", is_signed_in)
rules.add_perm("network.raise_blockage", is_signed_in)
# Leads look after members: add offline members, invite people, change roles, record consents, grant powers.
rules.add_perm("network.manage_members", is_co_production_lead)
rules.add_perm("network.grant_powers", is_co_production_lead)
rules.add_perm("network.make_lead", is_co_production_lead & is_online_member)
rules.add_perm("network.edit_network_page", is_co_production_lead)
# Leads look after members, so they see everyone's main role; other members see it only where it is shown.
rules.add_perm("network.see_private_roles", is_co_production_lead)
# What I bring: each member writes their own; each piece is seen as its member chose; leads search every piece to
# find people to invite to a project.
rules.add_perm("network.edit_what_i_bring", is_signed_in)
rules.add_perm("network.see_what_they_bring", may_see_what_they_bring)
rules.add_perm("network.search_what_members_bring", is_co_production_lead)
# Administrators only: set passwords, let people into the admin, make administrators.
rules.add_perm("network.manage_accounts", is_superuser)

# The admin, from the table in network/permissions.py.
register_admin_rules("network", narrow={"change_member": is_not_someone_elses_superuser})
# The infrastructure's pages (the email ledger and reminder times; the export audit log) and the libraries' pages
# (allauth's email addresses, Celery beat's schedules). Lists from the admin are exported by leads only.
for app_label in ("notifications", "exports", "account", "django_celery_beat"):
    register_admin_rules(app_label)
rules.add_perm("exports.export_lists", is_co_production_lead)

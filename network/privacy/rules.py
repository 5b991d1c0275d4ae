"""Who may use the "my data" pages: any signed-in, active member, for their own data only (no other person's)."""

import rules


@rules.predicate
def is_member(user):
    return user.is_authenticated and user.is_active


rules.add_perm("privacy.download_own_data", is_member)
rules.add_perm("privacy.erase_own_account", is_member & ~rules.is_superuser)

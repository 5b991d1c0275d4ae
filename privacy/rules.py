"""Who may use the "my data" pages: any signed-in, active member, for their own data only; a co-production lead for
an offline member who asked them by phone or post."""

import rules

from network.access import is_co_production_lead, is_superuser
from network.access import is_signed_in as is_member


@rules.predicate
def is_active_offline_member(user, other):
    return other is not None and other.is_active and other.is_offline and not other.is_superuser


rules.add_perm("privacy.download_own_data", is_member)
rules.add_perm("privacy.erase_own_account", is_member & ~is_superuser)
# Offline members cannot sign in: when one asks by phone or post, a lead downloads or erases their data for them.
rules.add_perm("privacy.act_for_offline_member", is_co_production_lead & is_active_offline_member)

"""The predicates every app's rules are built from, and the registration of the admin table.

Powers are granted, never claimed: each predicate here reads something a co-production lead granted (a power,
recorded in PowerChange) or the account's own state (signed in, active). None reads what a member says about
themselves (their main role, their profile).
"""

import rules
from django.core.exceptions import PermissionDenied

from .permissions import ADMIN_TABLE, LEADS, NOBODY, SUPERUSERS, VERBS, admin_models_of


@rules.predicate
def is_signed_in(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_co_production_lead(user):
    return bool(is_signed_in(user) and user.is_co_production_lead)


@rules.predicate
def is_superuser(user):
    return bool(is_signed_in(user) and user.is_superuser)


@rules.predicate
def may_export_project_records(user):
    """Granted by a lead to named staff: download the full record of projects they are an active member of."""
    from .models import Power

    return bool(is_signed_in(user) and user.has_power(Power.EXPORT_PROJECT_RECORDS))


@rules.predicate
def handles_involvement_money(user):
    """Leads, and the finance team a lead grants: approve and pay involvement payments and expenses."""
    from .models import Power

    return bool(is_signed_in(user) and (user.is_co_production_lead or user.has_power(Power.FINANCE)))


nobody = rules.always_deny

LEVELS = {LEADS: is_co_production_lead, SUPERUSERS: is_superuser, NOBODY: nobody}


def register_admin_rules(app_label, narrow=None):
    """Register `<app>.<verb>_<model>` for every admin row of the app in the table, and `<app>` for its section.

    `narrow` maps a permission name ("change_pledgeversion") to an object-level predicate that must also hold;
    it can only take away what the table gives, never add.
    """
    narrow = dict(narrow or {})
    models = admin_models_of(app_label)
    for model in models:
        for verb, level in zip(VERBS, ADMIN_TABLE[f"{app_label}.{model}"], strict=True):
            name = f"{verb}_{model}"
            predicate = LEVELS[level]
            if name in narrow:
                predicate = predicate & narrow.pop(name)
            rules.set_perm(f"{app_label}.{name}", predicate)
    if narrow:
        raise ValueError(f"Narrowed admin permissions that are not in the table: {sorted(narrow)}")
    # The admin section shows to whoever may view any of its pages.
    views = {ADMIN_TABLE[f"{app_label}.{model}"][0] for model in models}
    rules.set_perm(app_label, is_co_production_lead if LEADS in views else is_superuser)


def require(request, perm, obj=None):
    """Refuse the request (403, the site's own page) unless the rules let this person do `perm` (to `obj`)."""
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied

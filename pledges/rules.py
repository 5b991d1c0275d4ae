"""Who may do what with the pledge. Views, templates and the admin all ask these."""

import rules

from network.access import is_co_production_lead, is_signed_in, register_admin_rules


@rules.predicate
def can_sign_in_by_email(user):
    return bool(user and user.is_authenticated and user.is_active and user.email)


@rules.predicate
def owns_signature(user, signature):
    return bool(signature is not None and user.is_authenticated and signature.member_id == user.pk)


@rules.predicate
def is_draft_version(user, version):
    # Without a version (the list page) the answer is yes; with one, only drafts may change.
    return version is None or not version.is_published


@rules.predicate
def version_has_no_signatures(user, version):
    return version is None or not version.signatures.exists()


can_sign_pledge = can_sign_in_by_email
can_withdraw_signature = is_signed_in
can_view_certificate = is_co_production_lead | owns_signature

rules.add_perm("pledges.sign", can_sign_pledge)
rules.add_perm("pledges.view_certificate", can_view_certificate)

# The admin, from the table in network/permissions.py: published versions stay as they were signed.
register_admin_rules("pledges", narrow={
    "change_pledgeversion": is_draft_version,
    "delete_pledgeversion": is_draft_version & version_has_no_signatures,
})
rules.add_perm("pledges.export_pledgesignature", is_co_production_lead)

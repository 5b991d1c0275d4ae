"""Who may do what for whom: the one authority for support people. Views, templates and emails ask these.

A support person may do only what the member gave them, read at each request: a withdrawal counts at once. They see
nothing else of the member's, and nothing of anyone else beyond what any member sees."""

import rules

from network.access import is_co_production_lead, is_signed_in

from .models import Permission, SupportLink


def live_link(user, member, permission):
    """The link that lets `user` do `permission` for `member` now, or None (one query)."""
    if not is_signed_in(user) or member is None or getattr(member, "pk", None) in (None, user.pk):
        return None
    if member.is_erased or not member.is_active:
        return None
    return SupportLink.objects.live(permission).filter(member=member, supporter=user).first()


def _may(permission):
    @rules.predicate(name=f"may_{permission}_for")
    def predicate(user, member):
        return live_link(user, member, permission) is not None

    return predicate


may_reply_for = _may(Permission.REPLY)
may_see_actions_of = _may(Permission.SEE_ACTIONS)
may_update_access_needs_of = _may(Permission.ACCESS_NEEDS)


@rules.predicate
def acts_for(user, member):
    """Holds any live permission for the member: may open the page that lists what they may do for them."""
    if not is_signed_in(user) or member is None or member.pk == user.pk:
        return False
    return any(live_link(user, member, permission) for permission in (
        Permission.REPLY, Permission.SEE_ACTIONS, Permission.ACCESS_NEEDS))


@rules.predicate
def is_the_member(user, member):
    return bool(is_signed_in(user) and member is not None and member.pk == user.pk and not user.supporter_only)


@rules.predicate
def is_offline_member(user, member):
    return member is not None and member.is_offline


rules.add_perm("support.reply_for", may_reply_for)
rules.add_perm("support.see_actions_of", may_see_actions_of)
rules.add_perm("support.update_access_needs_of", may_update_access_needs_of)
rules.add_perm("support.act_for", acts_for)
# Naming support people and choosing what they may do: the member, or a lead for someone who is offline.
rules.add_perm("support.choose_support_people", is_the_member | (is_co_production_lead & is_offline_member))
rules.add_perm("support.see_own_support", is_signed_in)


def reply_for(user, member):
    return rules.has_perm("support.reply_for", user, member)


def see_actions_of(user, member):
    return rules.has_perm("support.see_actions_of", user, member)


def update_access_needs_of(user, member):
    return rules.has_perm("support.update_access_needs_of", user, member)


def copies_go_to(member_id):
    """The support people who get a copy of the member's meeting emails, as the consents stand now."""
    from django.contrib.auth import get_user_model

    links = SupportLink.objects.live(Permission.COPIES).filter(member_id=member_id, member__erased_at__isnull=True)
    return get_user_model().objects.filter(pk__in=links.values("supporter_id"), email__isnull=False)

"""Signing in, with no power attached: permissions come only from the rules (see network/permissions.py)."""

from allauth.account.auth_backends import AuthenticationBackend


class SignInBackend(AuthenticationBackend):
    """allauth's email sign-in. Django's permission rows (a group's or a person's) grant nothing here, so the
    rules are the one authority and a stray row given by hand cannot open a door."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

from django.contrib.admin.apps import AdminConfig


class NetworkAdminConfig(AdminConfig):
    """The Django admin, as the network's site: every page asks the rules (coproduction/admin_permissions.py)."""

    default_site = "coproduction.admin_permissions.NetworkAdminSite"

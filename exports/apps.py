from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Project records and admin lists taken out of the platform, and the audit log of who took them."""

    name = "exports"
    label = "exports"
    verbose_name = _("Exports")

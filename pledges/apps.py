from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledge")

    def ready(self):
        from . import email_kinds  # noqa: F401  its email in the ledger

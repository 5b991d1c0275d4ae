from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvolvementConfig(AppConfig):
    name = "involvement"
    verbose_name = _("Involvement, payments and expenses")

    def ready(self):
        from . import email_kinds, signals  # noqa: F401  its emails in the ledger; the register makes records of time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reminders and digests: what is due when, and a ledger so each message goes out exactly once."""

    name = "notifications"
    label = "notifications"
    verbose_name = _("Reminders and emails")

    def ready(self):
        from . import kinds  # noqa: F401  registers the built-in kinds

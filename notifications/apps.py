from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reminders and digests: what is due when, and a ledger so each message goes out exactly once."""

    name = "notifications"
    label = "notifications"
    verbose_name = _("Reminders and emails")
    # The kinds of email are registered by the apps that send them (meetings/email_kinds.py, front/email_kinds.py…).

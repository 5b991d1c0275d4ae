from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Support people: a care partner, advocate or family member a member names to act with them."""

    name = "support"
    label = "support"
    verbose_name = _("Support people")

    def ready(self):
        from . import email_kinds  # noqa: F401  its emails, and copies of a member's emails to their support people

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A member's own data: download all of it, or have it erased."""

    name = "privacy"
    label = "privacy"
    verbose_name = _("My data")

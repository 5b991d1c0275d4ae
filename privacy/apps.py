from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A member's own data: download all of it, or have it erased."""

    name = "privacy"
    label = "privacy"
    verbose_name = _("My data")

    def ready(self):
        # Each app's rules for erasing its rows (<app>/personal_data.py), then privacy's own for the libraries'.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("personal_data")
        from . import erasure  # noqa: F401

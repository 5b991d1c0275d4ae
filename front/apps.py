from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The front door: the home page, the health check, the weekly network news, the demo network and the benchmark.
    The only app that knows every feature (README, "Layout")."""

    name = "front"
    verbose_name = _("Front door")

    def ready(self):
        from . import email_kinds  # noqa: F401  the weekly network news in the ledger

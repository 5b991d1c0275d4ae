from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from network.selectors import principles_come_from
        from notifications.registry import register

        from .emails import HANDLERS
        from .models import Principle

        for handler in HANDLERS:
            register(handler)
        principles_come_from(Principle.objects.active)

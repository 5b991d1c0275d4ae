from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from network.member_labels import member_projects_come_from
        from network.selectors import principles_come_from
        from notifications.registry import register

        from .emails import HANDLERS
        from .models import Principle
        from .selectors import projects_of_members

        for handler in HANDLERS:
            register(handler)
        principles_come_from(Principle.objects.active)
        member_projects_come_from(projects_of_members)

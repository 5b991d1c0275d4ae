from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Network and project meetings: a feature of the network, kept in its own app so it has its own migrations."""

    name = "meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from network.joining import when_offline_members_join

        from . import email_kinds, record_parts, services, signals  # noqa: F401  its emails, its parts of a project's record, keeping invitations up to date

        when_offline_members_join(services.invite_late_joiners)

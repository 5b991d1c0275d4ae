from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_lead_permissions(sender, using="default", **kwargs):
    # Every app's permissions exist once the last app has had its post_migrate; sync then, once per migrate.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if not with_models or sender.label != with_models[-1].label:
        return
    from .permissions import sync_lead_permissions

    sync_lead_permissions()


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        post_migrate.connect(_sync_lead_permissions, dispatch_uid="network.sync_lead_permissions")

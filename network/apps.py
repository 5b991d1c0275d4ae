from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_lead_permissions(sender, using="default", **kwargs):
    # Every app's permissions exist once the last app has had its post_migrate; sync then, once per migrate.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if not with_models or sender.label != with_models[-1].label:
        return
    from .permissions import sync_lead_permissions

    sync_lead_permissions()


def _figures_changed(sender, update_fields=None, **kwargs):
    from .kept_counts import figures_changed

    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in changes nothing the figures count
    figures_changed()


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        post_migrate.connect(_sync_lead_permissions, dispatch_uid="network.sync_lead_permissions")
        from django.apps import apps

        from . import email_kinds  # noqa: F401  its emails in the ledger
        from .kept_counts import COUNTED_MODELS

        for label in COUNTED_MODELS:
            model = apps.get_model(label)
            post_save.connect(_figures_changed, sender=model, dispatch_uid=f"figures.saved.{label}")
            post_delete.connect(_figures_changed, sender=model, dispatch_uid=f"figures.deleted.{label}")

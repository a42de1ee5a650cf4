from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = _("Map layers")

    def ready(self) -> None:
        from layers import checks, roles  # noqa: F401  (registers the system checks)

        # Groups carry Django's model permissions; they must exist before any user is provisioned.
        post_migrate.connect(roles.sync_role_groups, sender=self)

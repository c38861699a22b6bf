from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "santisuk.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from santisuk.audit import signals

        signals.connect()

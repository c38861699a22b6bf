from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "santisuk.elections"
    label = "elections"
    verbose_name = _("Election security")

    def ready(self) -> None:
        from santisuk.geo.reference import register_loader

        register_loader("santisuk.elections.services.elections_reference_load")

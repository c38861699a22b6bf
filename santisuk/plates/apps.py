from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatesConfig(AppConfig):
    name = "santisuk.plates"
    label = "plates"
    verbose_name = _("Police licence plates")

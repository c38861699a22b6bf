from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "santisuk.core"
    label = "core"

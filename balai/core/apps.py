from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "balai.core"
    label = "core"
    verbose_name = "Balai core"

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "balai.web"
    label = "web"
    verbose_name = "Web"

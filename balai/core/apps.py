from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "balai.core"
    label = "core"
    verbose_name = "Balai core"

    def ready(self) -> None:
        from django.contrib import admin

        from balai.core.forms import check_admin_forms

        check_admin_forms(admin.site)  # the admin ran autodiscover in its own ready() (listed first)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilConfig(AppConfig):
    name = "balai.civil"
    label = "civil"
    verbose_name = _("Administrasi kependudukan")

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import handlers, selectors
        from .demo import seed_demo_family

        handlers.register()
        register_demo_seeder("civil", seed_demo_family, order=40)
        register_exporter("civil_register", selectors.personal_data)  # UU PDP right of access

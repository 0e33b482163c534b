from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "balai.cases"
    label = "cases"
    verbose_name = _("Layanan dan permohonan")

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder

        from . import handlers  # noqa: F401 - registers the generic handler
        from .demo import seed_demo_cases

        register_demo_seeder("cases", seed_demo_cases, order=50)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "balai.cases"
    label = "cases"
    verbose_name = _("Layanan dan permohonan")

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import handlers, selectors  # noqa: F401 - importing handlers registers the generic handler
        from .demo import seed_demo_cases

        register_demo_seeder("cases", seed_demo_cases, order=50)
        register_exporter("applications", selectors.personal_data)  # UU PDP right of access
        from balai.documents.selectors import register_staff_scope

        register_staff_scope("case", selectors.staff_may_read_case_document)

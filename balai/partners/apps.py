from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "balai.partners"
    label = "partners"
    verbose_name = _("Titik layanan mitra")

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter

        from . import selectors
        from .demo import seed_demo_point

        # After payments (50): the demo bills exist, so the demo agent has something to collect.
        register_demo_seeder("partners", seed_demo_point, order=80)
        register_exporter("service_point_collections", selectors.personal_data)  # UU PDP right of access
        from balai.documents.selectors import register_staff_scope

        register_staff_scope("partners.commission", selectors.staff_may_read_commission_document)
